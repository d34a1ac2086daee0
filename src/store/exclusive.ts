/**
 * Work that one process at a time should do (the scheduled list refresh): on Postgres a
 * transaction-scoped advisory lock lets one replica run it while the others skip; PGlite is one
 * process anyway.
 */
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from './database.js';

export type ExclusiveOutcome<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs `work` unless another process holds the lock `name`; the lock is released when `work`
 * settles (its transaction ends). Never waits for the lock: a process that does not get it skips.
 */
export async function runExclusively<T>(
  database: Database,
  name: string,
  work: () => Promise<T>,
): Promise<ExclusiveOutcome<T>> {
  if (database.kind === 'pglite') return { ran: true, result: await work() };
  // One lock-holding transaction per process at a time: each holds a pool connection while its work
  // needs others, so two at once (the list refresh and the watch poller) on a 2-connection pool
  // would wait for each other for ever.
  const previous = holders.get(database) ?? Promise.resolve();
  const turn = previous.then(() => lockAndRun(database, name, work));
  holders.set(
    database,
    turn.then(
      () => undefined,
      () => undefined,
    ),
  );
  return turn;
}

const holders = new WeakMap<Database, Promise<unknown>>();

function lockAndRun<T>(
  database: Database,
  name: string,
  work: () => Promise<T>,
): Promise<ExclusiveOutcome<T>> {
  return database.db.transaction(async (tx) => {
    const [row] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${`chainwarden:${name}`})) as locked`),
    );
    if (!row?.locked) return { ran: false };
    return { ran: true, result: await work() };
  });
}
