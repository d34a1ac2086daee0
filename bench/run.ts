/**
 * `npm run bench`: prints the figures quoted in README. Never part of `npm test`.
 * BENCH_ROWS (default 1,000,000) sets the table sizes; BENCH_DATABASE_URL (default the local
 * Postgres at 127.0.0.1:5432) is where a fresh database is created for the Postgres run and dropped.
 * BENCH_ONLY picks parts, comma-separated: start, extraction, import, screening, http, watch, trace (all
 * when unset), e.g. `BENCH_ONLY=import npm run bench`; BENCH_ENGINES=pglite or postgres runs one engine.
 * BENCH_ONLY_START=1 is BENCH_ONLY=start. BENCH_SCREENING_CACHE_MS sets the HTTP servers' SCREENING_CACHE_MS
 * (0: every check reads the database; the default 5 s answers the bench's rotation from memory).
 * The watch-list figures alone: `npx tsx bench/watch-only.ts`.
 * BENCH_ONLY_TRACE=1 is BENCH_ONLY=trace (bench/trace.ts, on anvil).
 */
import { createStores, openDatabase } from '../src/store/index.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/store/scratch.js';
import { benchHttp } from './http.js';
import { benchImport, describeImport } from './import.js';
import { benchExtraction, benchScreening, seedBenchRows } from './screening.js';
import { benchStart, describeStart } from './start.js';
import { benchTrace, describeTrace } from './trace.js';
import { benchWatch, describeWatch } from './watch.js';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PARTS = ['start', 'extraction', 'import', 'screening', 'http', 'watch', 'trace'] as const;
const only = (
  process.env.BENCH_ONLY_START
    ? 'start'
    : process.env.BENCH_ONLY_TRACE
      ? 'trace'
      : (process.env.BENCH_ONLY ?? '')
)
  .split(',')
  .map((part) => part.trim())
  .filter(Boolean);
for (const part of only) {
  if (!(PARTS as readonly string[]).includes(part)) {
    throw new Error(`BENCH_ONLY: unknown part "${part}"; the parts are ${PARTS.join(', ')}`);
  }
}
const runs = (part: (typeof PARTS)[number]) => only.length === 0 || only.includes(part);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim());
const onPglite = engines.includes('pglite');
const onPostgres = engines.includes('postgres');

/** Runs `fn` on a fresh database on the Postgres server, dropped afterwards; null when unreachable. */
async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T | null> {
  if (!onPostgres) return null;
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
  console.log(
    `Chainwarden bench: ${rows.toLocaleString('en-US')} reports and ${rows.toLocaleString('en-US')} known addresses`,
  );
  const reachable = await withPostgres(async () => true);
  const freshPostgres = async () => {
    const scratch = await createScratchDatabase(adminUrl, 'chainwarden_bench_start');
    return { url: scratch.url, drop: () => scratch.drop() };
  };
  if (runs('start')) console.log(describeStart(await benchStart(reachable ? freshPostgres : null)));
  if (runs('extraction')) {
    const extraction = benchExtraction();
    console.log(`extraction: ${extraction.messagesPerSecond.toLocaleString('en-US')} messages/s`);
  }

  if (runs('import')) {
    if (onPglite) {
      const importDb = await openDatabase({ memory: true });
      console.log(describeImport('pglite', await benchImport(createStores(importDb).lists, { rows })));
      await importDb.close();
    }
    await withPostgres(async (url) => {
      const pg = await openDatabase({ url });
      try {
        console.log(describeImport('postgres', await benchImport(createStores(pg).lists, { rows })));
      } finally {
        await pg.close();
      }
    });
  }

  if (runs('screening')) {
    if (onPglite) {
      const pglite = await openDatabase({ memory: true });
      const t0 = Date.now();
      await seedBenchRows(pglite, rows);
      console.log(`pglite: seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      console.log('pglite screening:', await benchScreening(pglite, { engine: 'pglite', rows }));
      await pglite.close();
    }
    await withPostgres(async (url) => {
      const pg = await openDatabase({ url });
      const t0 = Date.now();
      await seedBenchRows(pg, rows);
      console.log(`postgres: seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      console.log('postgres screening:', await benchScreening(pg, { engine: 'postgres', rows }));
      await pg.close();
    });
  }

  if (runs('http')) {
    const postgresReachable = await withPostgres(async () => true);
    const cacheMs = process.env.BENCH_SCREENING_CACHE_MS;
    await benchHttp({
      reports: rows,
      pglite: onPglite,
      postgresUrl: postgresReachable ? adminUrl : null,
      ...(cacheMs === undefined || cacheMs === '' ? {} : { screeningCacheMs: Number(cacheMs) }),
    });
  }

  if (runs('watch')) {
    const watchDb = await openDatabase({ memory: true });
    console.log(describeWatch(await benchWatch(watchDb, 'pglite')));
    await watchDb.close();
    await withPostgres(async (url) => {
      const pg = await openDatabase({ url });
      try {
        console.log(describeWatch(await benchWatch(pg, 'postgres')));
      } finally {
        await pg.close();
      }
    });
  }

  if (runs('trace')) console.log(describeTrace(await benchTrace()));
}

await main();
