/** `npx tsx bench/watch-only.ts`: only the watch-list figures (bench/watch.ts), on PGlite and Postgres. */
import { openDatabase } from '../src/store/index.js';
import { createScratchDatabase } from '../src/store/scratch.js';
import { benchWatch, describeWatch } from './watch.js';

const pglite = await openDatabase({ memory: true });
console.log(describeWatch(await benchWatch(pglite, 'pglite')));
await pglite.close();
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
try {
  const scratch = await createScratchDatabase(adminUrl, 'chainwarden_bench_watch');
  const pg = await openDatabase({ url: scratch.url });
  try {
    console.log(describeWatch(await benchWatch(pg, 'postgres')));
  } finally {
    await pg.close();
    await scratch.drop();
  }
} catch (error) {
  console.log(`watch (postgres) skipped: ${(error as Error).message}`);
}
