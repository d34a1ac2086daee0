/**
 * Opens the database: real Postgres through postgres.js when a URL is given, otherwise PGlite
 * (Postgres in WASM) in a data directory, or in memory for tests. Migrations run on open, then
 * `rekeyListedStrings` (list entries an earlier release stored verbatim). Each driver and its
 * migrator is imported when it is used: a Postgres deployment never loads PGlite's WASM, and the
 * reverse.
 */
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { defaultPoolSize } from '../config.js';
import type { OpenBulkLoad } from './bulk-load.js';
import { rekeyListedStrings } from './rekey-listed.js';
import type * as schema from './schema.js';

type Schema = typeof schema;
/** One type for both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  /**
   * A raw query as a named prepared statement on Postgres (drizzle's `execute` sends unnamed ones,
   * parsed anew each time). For the screening hot path only; everything else goes through `db`.
   */
  queryPrepared<T>(text: string, params: unknown[]): Promise<T[]>;
  /**
   * Runs `work` in one transaction, with `bulkLoad` to stream many rows into a table the fastest
   * way the engine has (bulk-load.ts). For list imports; everything else uses `db.transaction`.
   */
  bulkTransaction<T>(work: (tx: Db, bulkLoad: OpenBulkLoad) => Promise<T>): Promise<T>;
  /**
   * Starts listening in the background: `onNotify` for each notification on `channel`, `onListen`
   * each time the listener (re)connects, since notifications sent while it was down are lost.
   * Stops at `close()`.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): void;
  /** Resolves once the database answers `select 1`; rejects when it does not. */
  ping(): Promise<void>;
  /**
   * Takes the advisory lock `key` without waiting (exclusive.ts): the lock, or null when another
   * session holds it. Postgres: a session-level lock on a connection of its own, outside the pool
   * and used for nothing else, so holding it costs the pool no connection; the server releases it
   * when that connection closes (the process stopped or died, or the connection dropped: `lost`).
   * PGlite: one process, always granted, never lost.
   */
  tryAdvisoryLock(key: string): Promise<AdvisoryLock | null>;
  kind: 'pglite' | 'postgres';
  /** Where it lives, for log lines (password removed). */
  location: string;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A held advisory lock: `lost` aborts when its connection closes (the server released it then). */
export interface AdvisoryLock {
  release(): Promise<void>;
  lost: AbortSignal;
}

export type DatabaseTarget = { url: string; poolSize?: number } | { dataDir: string } | { memory: true };

export async function openDatabase(
  target: DatabaseTarget,
  options: { migrate?: boolean } = {},
): Promise<Database> {
  const database =
    'url' in target
      ? await (await import('./postgres.js')).openPostgres(target.url, target.poolSize ?? defaultPoolSize())
      : await (await import('./pglite.js')).openPglite(target);
  if (options.migrate ?? true) {
    try {
      if (database.kind === 'postgres') {
        const { migrate: migratePostgres } = await import('drizzle-orm/postgres-js/migrator');
        // postgres-js migrator is typed to its own database class; both are PgDatabase underneath.
        await migratePostgres(database.db as Parameters<typeof migratePostgres>[0], {
          migrationsFolder: MIGRATIONS_FOLDER,
        });
      } else {
        const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
        await migratePglite(database.db as Parameters<typeof migratePglite>[0], {
          migrationsFolder: MIGRATIONS_FOLDER,
        });
      }
      await rekeyListedStrings(database.db);
    } catch (cause) {
      await database.close();
      throw new Error(`Could not apply database migrations on ${database.location}`, { cause });
    }
  }
  return database;
}

/** Raw `db.execute` results differ by driver: postgres.js returns the rows, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
