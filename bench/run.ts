/**
 * `npm run bench`: prints the figures quoted in README. Never part of `npm test`.
 * BENCH_ROWS (default 1,000,000) sets the table sizes; BENCH_DATABASE_URL (default the local
 * Postgres at 127.0.0.1:5432) is where a fresh database is created for the Postgres run and dropped.
 * BENCH_ONLY_START=1 prints only the start and memory figures (bench/start.ts); BENCH_ONLY_TRACE=1
 * only the tracing figures (bench/trace.ts, on anvil).
 */
import { createStores, openDatabase } from '../src/store/index.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/store/scratch.js';
import { benchHttp } from './http.js';
import { benchImport, describeImport } from './import.js';
import { benchExtraction, benchScreening, seedBenchRows } from './screening.js';
import { benchStart, describeStart } from './start.js';
import { benchTrace, describeTrace } from './trace.js';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs `fn` on a fresh database on the Postgres server, dropped afterwards; null when unreachable. */
async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T | null> {
  let scratch: ScratchDatabase;
  try {
    scratch = await createScratchDatabase(adminUrl, 'chainwarden_bench');
  } catch (error) {
    console.log(
      `Postgres run skipped: cannot create a database at ${adminUrl} (${(error as Error).message})`,
    );
    return null;
  }
  try {
    return await fn(scratch.url);
  } finally {
    await scratch.drop();
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY_TRACE) {
    console.log(describeTrace(await benchTrace()));
    return;
  }
  console.log(
    `Chainwarden bench: ${rows.toLocaleString('en-US')} reports and ${rows.toLocaleString('en-US')} known addresses`,
  );
  const reachable = await withPostgres(async () => true);
  const freshPostgres = async () => {
    const scratch = await createScratchDatabase(adminUrl, 'chainwarden_bench_start');
    return { url: scratch.url, drop: () => scratch.drop() };
  };
  console.log(describeStart(await benchStart(reachable ? freshPostgres : null)));
  if (process.env.BENCH_ONLY_START) return;
  const extraction = benchExtraction();
  console.log(`extraction: ${extraction.messagesPerSecond.toLocaleString('en-US')} messages/s`);

  const importDb = await openDatabase({ memory: true });
  console.log(describeImport('pglite', await benchImport(createStores(importDb).lists, { rows })));
  await importDb.close();
  await withPostgres(async (url) => {
    const pg = await openDatabase({ url });
    try {
      console.log(describeImport('postgres', await benchImport(createStores(pg).lists, { rows })));
    } finally {
      await pg.close();
    }
  });

  const pglite = await openDatabase({ memory: true });
  let t0 = Date.now();
  await seedBenchRows(pglite, rows);
  console.log(`pglite: seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log('pglite screening:', await benchScreening(pglite, { engine: 'pglite', rows }));
  await pglite.close();

  await withPostgres(async (url) => {
    const pg = await openDatabase({ url });
    t0 = Date.now();
    await seedBenchRows(pg, rows);
    console.log(`postgres: seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log('postgres screening:', await benchScreening(pg, { engine: 'postgres', rows }));
    await pg.close();
  });

  const postgresReachable = await withPostgres(async () => true);
  await benchHttp({ reports: rows, postgresUrl: postgresReachable ? adminUrl : null });
  console.log(describeTrace(await benchTrace()));
}

await main();
