/** Real Postgres through postgres.js: a pool for queries, and a LISTEN connection per channel. */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { postgresBulkLoader } from './bulk-load.js';
import type { Database, Db } from './database.js';
import { type Listener, startListener } from './listener.js';
import { redactUrl } from './redact-url.js';
import * as schema from './schema.js';

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    // Keep the driver's own retries short: start-up should fail fast with a clear message.
    connect_timeout: 10,
    // The driver waits before reconnecting after failures, by default growing to 20 s: every query
    // would wait that long during an outage and after it. Capped at 1 s (with jitter, as the
    // default), queries fail fast while the database is away and the pool is back within a second.
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 1),
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
    kind: 'postgres',
    location: redactUrl(url),
    close: async () => {
      await Promise.all(listeners.map((listener) => listener.stop()));
      await client.end({ timeout: 5 });
    },
  };
}
