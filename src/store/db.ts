/**
 * Opens the database: real Postgres through postgres.js when a URL is given, otherwise PGlite
 * (Postgres in WASM) in a data directory, or in memory for tests. Migrations run on open.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Schema = typeof schema;
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
   * Starts listening in the background: `onNotify` for each notification on `channel`, `onListen`
   * each time the listener (re)connects, since notifications sent while it was down are lost.
   * Stops at `close()`.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): void;
  kind: 'pglite' | 'postgres';
  /** Where it lives, for log lines (password removed). */
  location: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export type DatabaseTarget = { url: string; poolSize?: number } | { dataDir: string } | { memory: true };

/**
 * Postgres connections per process: one per CPU core, 2 to 10. postgres.js pipelines queries on a
 * connection, and backends beyond the cores only add context switches: on the 2-core bench machine
 * 2 connections served 15% more checks per second than 10, at the same p99.
 */
export function defaultPoolSize(): number {
  return Math.min(10, Math.max(2, availableParallelism()));
}

/** Thrown when a PGlite data directory is already held by another live process. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The database in ${dataDir} is in use by another Chainwarden process (pid ${pid}). ` +
        'PGlite allows one process at a time: stop that process first, or set DATABASE_URL to use Postgres, ' +
        'which any number of processes can share.',
    );
    this.name = 'DataDirInUseError';
  }
}

export async function openDatabase(
  target: DatabaseTarget,
  options: { migrate?: boolean } = {},
): Promise<Database> {
  const database =
    'url' in target
      ? await openPostgres(target.url, target.poolSize ?? defaultPoolSize())
      : await openPglite(target);
  if (options.migrate ?? true) {
    try {
      if (database.kind === 'postgres') {
        // postgres-js migrator is typed to its own database class; both are PgDatabase underneath.
        await migratePostgres(database.db as Parameters<typeof migratePostgres>[0], {
          migrationsFolder: MIGRATIONS_FOLDER,
        });
      } else {
        await migratePglite(database.db as Parameters<typeof migratePglite>[0], {
          migrationsFolder: MIGRATIONS_FOLDER,
        });
      }
    } catch (cause) {
      await database.close();
      throw new Error(`Could not apply database migrations on ${database.location}`, { cause });
    }
  }
  return database;
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    // Keep the driver's own retries short: start-up should fail fast with a clear message.
    connect_timeout: 10,
  });
  try {
    await client`select 1`;
  } catch (cause) {
    await client.end({ timeout: 1 });
    throw new Error(`Could not connect to Postgres at ${redactUrl(url)}`, { cause });
  }
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  const listeners: Listener[] = [];
  return {
    db,
    queryPrepared: async <T>(text: string, params: unknown[]) =>
      (await client.unsafe(text, params as never[], { prepare: true })) as unknown as T[],
    listen: (channel, onNotify, onListen) => {
      listeners.push(startListener(url, channel, onNotify, onListen));
    },
    kind: 'postgres',
    location: redactUrl(url),
    close: async () => {
      await Promise.all(listeners.map((listener) => listener.stop()));
      await client.end({ timeout: 5 });
    },
  };
}

export interface Listener {
  stop(): Promise<void>;
}

const LISTEN_RETRY_FIRST_MS = 1000;
const LISTEN_RETRY_MAX_MS = 30_000;

/**
 * LISTEN on a connection of its own, re-established with exponential backoff (1 s to 30 s) when it
 * drops. Not postgres.js's `listen`: it re-listens at once, in a tight loop while the server refuses
 * connections (starting up, too many clients), from every replica at the same moment.
 */
export function startListener(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onListen: () => void,
): Listener {
  let stopped = false;
  let delay = LISTEN_RETRY_FIRST_MS;
  let timer: NodeJS.Timeout | undefined;
  const options: postgres.Options<Record<string, never>> & {
    // Untyped but stable in postgres.js 3.4 (pinned): the option its own `listen` is built on. The
    // cross-process list test fails if it ever stops delivering.
    onnotify: (name: string, payload: string) => void;
  } = {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    connect_timeout: 10,
    onnotice: () => {},
    onnotify: (name, payload) => {
      if (name === channel) onNotify(payload);
    },
    onclose: () => retryLater(),
  };
  const connection = postgres(url, options);
  const retryLater = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void attempt();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, LISTEN_RETRY_MAX_MS);
  };
  const attempt = async () => {
    try {
      await connection.unsafe(`listen "${channel.replaceAll('"', '""')}"`);
      delay = LISTEN_RETRY_FIRST_MS;
      if (!stopped) onListen();
    } catch {
      retryLater();
    }
  };
  void attempt();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await connection.end({ timeout: 1 });
    },
  };
}

async function openPglite(target: { dataDir: string } | { memory: true }): Promise<Database> {
  let releaseLock = () => {};
  let client: PGlite;
  if ('dataDir' in target) {
    mkdirSync(target.dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(target.dataDir);
    try {
      client = await PGlite.create({ dataDir: target.dataDir });
    } catch (cause) {
      releaseLock();
      throw new Error(`Could not open the PGlite database in ${target.dataDir}`, { cause });
    }
  } else {
    client = await PGlite.create();
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    queryPrepared: async <T>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows,
    listen: (channel, onNotify, onListen) => {
      // One process, one session: this hears its own commits, including an operator's SQL run here.
      client.listen(channel, onNotify).then(onListen, () => {});
    },
    kind: 'pglite',
    location: 'dataDir' in target ? target.dataDir : 'memory',
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is one process's database: two processes writing one data directory corrupt it. A pid file
 * makes the second one stop with a clear message instead.
 */
function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = join(dataDir, 'chainwarden.pid');
  const release = () => rmSync(lockPath, { force: true });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      // 'wx' creates the file only if it does not exist: two processes starting together cannot both win.
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLockPid(lockPath);
    if (holder === 'gone') continue;
    if (holder === 'unreadable') {
      // Just created and not written yet, most likely: give its owner a moment.
      pause(20);
      if (attempt < 25) continue;
    } else if (holder !== process.pid && isAlive(holder)) {
      throw new DataDirInUseError(dataDir, holder);
    }
    // Stale (its process is gone): replace it atomically, then check that this process won the race.
    const mine = `${lockPath}.${process.pid}`;
    writeFileSync(mine, String(process.pid));
    renameSync(mine, lockPath);
    pause(20);
    const now = readLockPid(lockPath);
    if (now === process.pid) return release;
    if (typeof now === 'number' && isAlive(now)) throw new DataDirInUseError(dataDir, now);
  }
  throw new Error(`Could not take the lock ${lockPath}: another process keeps changing it`);
}

function readLockPid(lockPath: string): number | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : 'unreadable';
}

/** A short synchronous wait: the lock is taken once at start-up, before anything else runs. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/** Raw `db.execute` results differ by driver: postgres.js returns the rows, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
