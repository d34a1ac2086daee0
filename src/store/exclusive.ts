/**
 * Work that one process at a time should do (the scheduled list refresh, the watch poller): on
 * Postgres a session-level advisory lock, held on a connection of its own while the work uses the
 * pool, lets one replica run it while the others skip; PGlite is one process anyway.
 */
import type { Database } from './database.js';

export type ExclusiveOutcome<T> = { ran: true; result: T } | { ran: false };

/** The jobs this process is running now, per database: a session lock is re-entrant, these are not. */
const running = new WeakMap<Database, Set<string>>();

/**
 * Runs `work` unless another process (or this one) is running the job `name`; the lock is released
 * when `work` settles, or by the server when the process dies or the lock's connection drops: then
 * `lost` aborts, and the work should stop, since another replica may take the job meanwhile. Never waits for the lock: a process
 * that does not get it skips. Holding it takes no pool connection, so jobs of different names run
 * side by side, and on a pool of any size.
 */
export async function runExclusively<T>(
  database: Database,
  name: string,
  work: (lost: AbortSignal) => Promise<T>,
): Promise<ExclusiveOutcome<T>> {
  let names = running.get(database);
  if (!names) {
    names = new Set();
    running.set(database, names);
  }
  if (names.has(name)) return { ran: false };
  names.add(name);
  try {
    const lock = await database.tryAdvisoryLock(`chainwarden:${name}`);
    if (lock === null) return { ran: false };
    try {
      return { ran: true, result: await work(lock.lost) };
    } finally {
      await lock.release();
    }
  } finally {
    names.delete(name);
  }
}
