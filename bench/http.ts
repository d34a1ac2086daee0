/**
 * HTTP load benchmark: `GET /v1/addresses/{address}` with N stored reports (default 1M), on PGlite and
 * on Postgres, beside a bare baseline (node:http + one postgres.js indexed lookup on the same table)
 * started in the same run, so the API's overhead shows as a ratio. autocannon drives 127.0.0.1.
 *
 * Each server runs in a child process (this file, forked with a flag), so the load generator does
 * not share an event loop with the server it measures. Rows are bulk-loaded by one
 * `insert ... select generate_series` statement.
 */

import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createHttpApi, listenHttp } from '../src/adapters/http/index.js';
import { defaultPoolSize } from '../src/config.js';
import { createChainwarden } from '../src/core/index.js';
import { createLogger } from '../src/logger.js';
import { createStores, type Db, openDatabase } from '../src/store/index.js';
import { createScratchDatabase } from '../src/store/scratch.js';

export interface BenchHttpOptions {
  /** Reports stored before the run (4 per address). Default 1,000,000. */
  reports?: number;
  /** Run the PGlite target (in-memory, loaded inside its server process). Default true. */
  pglite?: boolean;
  /**
   * A Postgres server URL (TEST_DATABASE_URL style): a fresh database is created on it, loaded,
   * measured (Chainwarden API and bare baseline) and dropped. Absent: Postgres targets are skipped.
   */
  postgresUrl?: string | null;
  /**
   * SCREENING_CACHE_MS of the servers under test; default the service's (5 s). The load rotates
   * through 1,000 addresses, so with the cache nearly every check after the first round is answered
   * from memory; 0 measures every check reading the database.
   */
  screeningCacheMs?: number;
  /** Seconds of measured load per target, after a short warm-up. Default 10. */
  durationSeconds?: number;
  /** Concurrent keep-alive connections. Default 10. */
  connections?: number;
  /** Where lines go. Default console.log. */
  print?: (line: string) => void;
}

export interface HttpBenchRow {
  target: 'chainwarden-pglite' | 'chainwarden-postgres' | 'baseline-postgres';
  checksPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

type ChildTarget = HttpBenchRow['target'];
interface ChildConfig {
  target: ChildTarget;
  reports: number;
  /** Postgres database URL (already loaded) for the postgres targets. */
  url?: string;
  screeningCacheMs?: number;
}

const CHILD_FLAG = '--bench-http-child';
const REPORTS_PER_ADDRESS = 4;
/** Scam-list entries loaded beside the reports. */
const LIST_ENTRIES = 20_000;
/** Distinct addresses the load rotates through, so the run is not one hot row. */
const ROTATION = 1000;

/** The `n`th benchmark address, computed exactly as the bulk-load SQL does (md5 of the number). */
export function benchAddress(n: number): string {
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  return `0x${md5(String(n))}${md5(String(n + 1)).slice(0, 8)}`;
}

/** `count` reports, 4 per address, spread over categories and the last year, and 20k list entries. */
async function bulkLoad(db: Db, count: number): Promise<void> {
  await db.execute(sql`
    insert into reports (address_key, address, chain, lookalike_prefix, lookalike_suffix, category, note,
                         reporter, source, status, created_at, updated_at)
    select k, k, 'evm', substr(k, 3, 4), right(k, 4),
           (array['phishing','impersonation','fake-airdrop','rug-pull','ponzi'])[1 + i % 5],
           'bulk-loaded benchmark report', 'bench:' || i, 'cli', 'active',
           now() - make_interval(secs => i % 31536000), now() - make_interval(secs => i % 31536000)
      from (select i, '0x' || md5((i / ${REPORTS_PER_ADDRESS})::text)
                          || substr(md5((i / ${REPORTS_PER_ADDRESS} + 1)::text), 1, 8) as k
              from generate_series(0, ${count - 1}::int) as i) as s`);
  // Lists the size of the real public ones (OFAC, MEW darklist, Forta, EtherScamDB: ~20k addresses),
  // so screens consult a populated in-memory list index.
  await db.execute(sql`
    insert into list_sources (source, kind, list_date, count) values ('bench-scam', 'scam', '2026-11-25', ${LIST_ENTRIES})`);
  await db.execute(sql`
    insert into list_entries (source, kind, address_key, address, chain, label, lookalike_prefix, lookalike_suffix)
    select 'bench-scam', 'scam', k, k, 'evm', 'bench scam ' || i, substr(k, 3, 4), right(k, 4)
      from (select i, '0x' || md5('list' || i) || substr(md5('list' || (i + 1)), 1, 8) as k
              from generate_series(1, ${LIST_ENTRIES}::int) as i) as s`);
  await db.execute(sql`analyze`);
}

export async function benchHttp(options: BenchHttpOptions = {}): Promise<HttpBenchRow[]> {
  const reports = options.reports ?? 1_000_000;
  const duration = options.durationSeconds ?? 10;
  const connections = options.connections ?? 10;
  const print = options.print ?? ((line: string) => console.log(line));
  const cache = options.screeningCacheMs === undefined ? {} : { screeningCacheMs: options.screeningCacheMs };
  const rows: HttpBenchRow[] = [];
  const addresses = Math.max(1, Math.floor(reports / REPORTS_PER_ADDRESS));
  const paths = Array.from(
    { length: Math.min(ROTATION, addresses) },
    (_, i) => `/v1/addresses/${benchAddress(Math.floor((i * addresses) / Math.min(ROTATION, addresses)))}`,
  );

  print(
    `HTTP bench: GET /v1/addresses/{address}, ${reports.toLocaleString('en')} reports, ${connections} connections, ${duration} s per target, ${defaultPoolSize()} Postgres connections per server` +
      (options.screeningCacheMs === undefined ? '' : `, SCREENING_CACHE_MS ${options.screeningCacheMs}`),
  );

  const measure = async (config: ChildConfig) => {
    const started = Date.now();
    const child = await startChild(config);
    print(`  ${config.target}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    try {
      await load(child.url, paths, connections, Math.min(2, duration));
      const result = await load(child.url, paths, connections, duration);
      const row: HttpBenchRow = {
        target: config.target,
        checksPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
      };
      rows.push(row);
      print(
        `  ${row.target.padEnd(22)} ${String(row.checksPerSecond).padStart(7)} checks/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms` +
          (row.errors || row.non2xx ? `  (${row.errors} errors, ${row.non2xx} non-2xx)` : ''),
      );
    } finally {
      await child.stop();
    }
  };

  if (options.pglite ?? true) await measure({ target: 'chainwarden-pglite', reports, ...cache });

  if (options.postgresUrl) {
    const database = await createScratchDatabase(options.postgresUrl, 'chainwarden_bench');
    try {
      const loadStarted = Date.now();
      const db = await openDatabase({ url: database.url });
      try {
        await bulkLoad(db.db, reports);
      } finally {
        await db.close();
      }
      print(`  postgres: loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);
      await measure({ target: 'chainwarden-postgres', reports, url: database.url, ...cache });
      await measure({ target: 'baseline-postgres', reports, url: database.url });
    } finally {
      await database.drop();
    }
  } else {
    print('  postgres targets skipped: no Postgres URL given');
  }

  const baseline = rows.find((r) => r.target === 'baseline-postgres');
  const ours = rows.find((r) => r.target === 'chainwarden-postgres');
  if (baseline && ours) {
    const ratio = ours.checksPerSecond / baseline.checksPerSecond;
    print(
      `  chainwarden-postgres / baseline: ${(ratio * 100).toFixed(0)}% of checks/s (target >= 60%), ` +
        `p99 ${ours.p99Ms} ms (target < 10 ms)`,
    );
  }
  return rows;
}

function load(url: string, paths: string[], connections: number, duration: number) {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          next = (next + 1) % paths.length;
          return { ...request, path: paths[next] };
        },
      },
    ],
  });
}

interface RunningChild {
  url: string;
  stop(): Promise<void>;
}

async function startChild(config: ChildConfig): Promise<RunningChild> {
  // Inherits this process's execArgv, so the tsx loader that runs the bench runs the child too.
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) =>
      reject(new Error(`${config.target} server exited with code ${code} before listening`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

/** Runs in the forked child: load (PGlite), serve, tell the parent the port, stop on request. */
async function runChild(config: ChildConfig): Promise<void> {
  const stops: Array<() => Promise<unknown>> = [];
  let port: number;
  if (config.target === 'baseline-postgres') {
    // The same pool size as the service's default, so both sides get the same number of backends.
    const client = postgres(config.url!, { max: defaultPoolSize(), onnotice: () => {} });
    const server = createServer(async (req, res) => {
      const key = (req.url ?? '').slice('/v1/addresses/'.length).toLowerCase();
      try {
        const [row] = await client<Array<{ total: number; verified: number }>>`
          select count(*)::int as total, count(*) filter (where verified_by is not null)::int as verified
            from reports where address_key = ${key}`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ address: key, reports: row }));
      } catch {
        res.writeHead(500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    stops.push(
      () => new Promise((resolve) => server.close(resolve)),
      () => client.end({ timeout: 5 }),
    );
  } else {
    const database = await openDatabase(config.url ? { url: config.url } : { memory: true });
    if (config.target === 'chainwarden-pglite') await bulkLoad(database.db, config.reports);
    const stores = createStores(
      database,
      config.screeningCacheMs === undefined ? {} : { screeningCacheMs: config.screeningCacheMs },
    );
    const logger = createLogger('warn');
    const app = createHttpApi({
      chainwarden: createChainwarden(stores),
      apiKeys: stores.apiKeys,
      lists: stores.lists,
      database,
      logger,
      // One load generator on one address would be refused after 600 requests.
      rateLimit: { perMinute: 0 },
    });
    const listener = await listenHttp(app, { port: 0, host: '127.0.0.1', logger });
    port = listener.port;
    stops.push(
      () => listener.close(),
      () => database.close(),
    );
  }
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    for (const stop of stops) await stop();
    process.exit(0);
  });
  process.send?.({ port });
}

if (process.argv[2] === CHILD_FLAG) {
  runChild(JSON.parse(process.argv[3] ?? '{}') as ChildConfig).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
