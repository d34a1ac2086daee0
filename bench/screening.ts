/**
 * Screening latency with a large database: 1M community reports and 1M known (listed) addresses in
 * the look-alike index, measured through the real core and store, plus extraction throughput.
 * 1M list entries is past the in-memory bound (store/list-index.ts), so this measures the lists
 * probed in SQL; the HTTP bench measures them in memory.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createChainwarden, extractAddresses } from '../src/core/index.js';
import { createStores, type Database } from '../src/store/index.js';

export interface LatencyFigures {
  engine: string;
  rows: number;
  screens: number;
  p50Ms: number;
  p99Ms: number;
  screensPerSecond: number;
}

/** `0x` + 40 hex characters derived from i: deterministic, spread over the whole key space. */
const evmFromIndex = (expr: string) =>
  `('0x' || md5(${expr}::text) || substr(md5((${expr})::text || 'x'), 1, 8))`;

export async function seedBenchRows(database: Database, rows: number): Promise<void> {
  const { db } = database;
  const reportKey = evmFromIndex('g');
  // One statement per table: generate_series keeps a 1M-row load to seconds, not minutes.
  await db.execute(
    sql.raw(`insert into reports (address_key, address, chain, lookalike_prefix, lookalike_suffix, category, reporter, source, status)
      select k, k, 'evm', substr(k, 3, 4), right(k, 4),
             (array['phishing','impersonation','fake-airdrop','rug-pull','other'])[1 + g % 5],
             'bench:' || (g % 50000), 'cli', 'active'
        from (select g, ${reportKey} as k from generate_series(1, ${rows}) g) s
      on conflict do nothing`),
  );
  await db.execute(
    sql.raw(`insert into list_sources (source, kind, list_date, count) values ('bench-known', 'allow', '2026-11-25', ${rows})
      on conflict (source) do nothing`),
  );
  const knownKey = evmFromIndex(`(g + ${rows})`);
  await db.execute(
    sql.raw(`insert into list_entries (source, kind, address_key, address, chain, label, lookalike_prefix, lookalike_suffix)
      select 'bench-known', 'allow', k, k, 'evm', 'known ' || g, substr(k, 3, 4), right(k, 4)
        from (select g, ${knownKey} as k from generate_series(1, ${rows}) g) s`),
  );
  await db.execute(sql.raw('analyze'));
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return sorted[index] ?? 0;
}

export async function benchScreening(
  database: Database,
  options: { engine: string; rows: number; screens?: number },
): Promise<LatencyFigures> {
  const stores = createStores(database);
  const chainwarden = createChainwarden(stores);
  const screens = options.screens ?? 2000;
  const { db } = database;
  const sample = (await db.execute(
    sql.raw(
      `select address_key from reports where id % ${Math.max(1, Math.floor(options.rows / screens))} = 0 limit ${screens}`,
    ),
  )) as unknown;
  const keys = (Array.isArray(sample) ? sample : (sample as { rows: unknown[] }).rows).map(
    (r) => (r as { address_key: string }).address_key,
  );
  // Warm-up: first queries pay for plan caching and page faults.
  for (const key of keys.slice(0, 50)) await chainwarden.screenAddress(key);
  const timings: number[] = [];
  const started = performance.now();
  for (const key of keys) {
    const t0 = performance.now();
    const result = await chainwarden.screenAddress(key);
    timings.push(performance.now() - t0);
    if (!result.ok || result.value.reports.total !== 1)
      throw new Error(`bench lookup of ${key} returned no report`);
  }
  const elapsed = (performance.now() - started) / 1000;
  timings.sort((a, b) => a - b);
  return {
    engine: options.engine,
    rows: options.rows,
    screens: keys.length,
    p50Ms: round(percentile(timings, 50)),
    p99Ms: round(percentile(timings, 99)),
    screensPerSecond: Math.round(keys.length / elapsed),
  };
}

export function benchExtraction(messages = 20_000): { messages: number; messagesPerSecond: number } {
  const samples = [
    'gm frens, airdrop is live!! claim at https://etherscan.io/address/0xd9a1c3788d81257612e2581a6ea0ada244853a91 before it ends',
    'Support here: send 0.1 ETH to **0x8589427373D6D84E98730D7795D8f6f8731FDA16** to verify your wallet',
    'btc: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 or tron TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9, thx',
    'just a normal message about the weather and nothing else, see you tomorrow at the meetup',
  ];
  const texts = Array.from({ length: messages }, (_, i) => samples[i % samples.length] ?? '');
  const started = performance.now();
  let found = 0;
  for (const text of texts) found += extractAddresses(text).length;
  const seconds = (performance.now() - started) / 1000;
  if (found === 0) throw new Error('extraction bench found no addresses');
  return { messages, messagesPerSecond: Math.round(messages / seconds) };
}

const round = (n: number) => Math.round(n * 100) / 100;
