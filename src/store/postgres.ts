/**
 * Real Postgres through postgres.js: a pool for queries, a LISTEN connection per channel, and one
 * connection for advisory locks.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { postgresBulkLoader } from './bulk-load.js';
import type { Database, Db } from './database.js';
import { type Listener, startListener } from './listener.js';
import { redactUrl } from './redact-url.js';
import * as schema from './schema.js';

/**
 * The driver waits before reconnecting after failures, by default growing to 20 s: every query
 * would wait that long during an outage and after it. Capped at 1 s (with jitter, as the default),
 * queries fail fast while the database is away and the pool is back within a second.
 */
const reconnectDelay = (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 1);

/**
 * The advisory locks' connection: one, never closed for idleness or age (a session lock lives as
 * long as its connection), reconnected on the next lock after a failure.
 */
const LOCK_CONNECTION = {
  max: 1,
  idle_timeout: 0,
  max_lifetime: null,
  fetch_types: false,
  connect_timeout: 10,
  backoff: reconnectDelay,
  onnotice: () => {},
} satisfies postgres.Options<Record<string, never>>;

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    // Keep the driver's own retries short: start-up should fail fast with a clear message.
    connect_timeout: 10,
    backoff: reconnectDelay,
    // postgres.js runs a catalog query for array types on every new connection and drops its promise
    // (porsager/postgres#1192, #1223): if the connection fails right then, as it does while the
    // database comes back from an outage, the rejection is unhandled and Node stops the process. No
    // statement of ours sends or reads arrays, so the query is not needed.
    fetch_types: false,
  });
  try {
    await client`select 1`;
  } catch (cause) {
    await client.end({ timeout: 1 });
    throw new Error(`Could not connect to Postgres at ${redactUrl(url)}`, { cause });
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  const listeners: Listener[] = [];
  /** The advisory locks' own connection, opened on the first lock (exclusive.ts). */
  let locks: postgres.Sql | null = null;
  /**
   * Aborted when that connection closes: the server has released every lock taken on it, though
   * postgres.js reconnects quietly on the next query, so the holders are told this way.
   */
  let connectionLost = new AbortController();
  return {
    db,
    queryPrepared: async <T>(text: string, params: unknown[]) =>
      (await client.unsafe(text, params as never[], { prepare: true })) as unknown as T[],
    bulkTransaction: async <T>(
      work: (tx: Db, bulkLoad: ReturnType<typeof postgresBulkLoader>) => Promise<T>,
    ) =>
      (await client.begin((tx) =>
        // drizzle over the transaction's connection: drizzle reads the pool's `options` (type parsers,
        // already set on the pool at open), which a transaction does not carry itself.
        work(
          drizzle({
            client: Object.assign(tx, { options: client.options }) as unknown as postgres.Sql,
            schema,
          }) as unknown as Db,
          postgresBulkLoader(tx),
        ),
      )) as T,
    listen: (channel, onNotify, onListen) => {
      listeners.push(startListener(url, channel, onNotify, onListen));
    },
    ping: async () => {
      await client`select 1`;
    },
    tryAdvisoryLock: async (key) => {
      locks ??= postgres(url, {
        ...LOCK_CONNECTION,
        onclose: () => {
          connectionLost.abort(new Error('the advisory locks’ connection closed'));
          connectionLost = new AbortController();
        },
      });
      const connection = locks;
      const lost = connectionLost.signal;
      const [row] = await connection<
        Array<{ locked: boolean }>
      >`select pg_try_advisory_lock(hashtext(${key})) as locked`;
      if (!row?.locked) return null;
      return {
        lost,
        release: async () => {
          // Not on a new connection: the lock went with the old one, and this one holds no lock of ours.
          if (lost.aborted) return;
          try {
            await connection`select pg_advisory_unlock(hashtext(${key}))`;
          } catch {
            // The connection is gone, and the lock with it.
          }
        },
      };
    },
    kind: 'postgres',
    location: redactUrl(url),
    close: async () => {
      await Promise.all(listeners.map((listener) => listener.stop()));
      await Promise.all([client.end({ timeout: 5 }), locks?.end({ timeout: 5 })]);
    },
  };
}
