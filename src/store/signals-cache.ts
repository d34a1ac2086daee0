/**
 * The answers of recent screens' one statement (screening-store.ts), held in memory for a few
 * seconds: on PGlite that statement runs in this process's one WASM backend, and serving a
 * repeated address from memory is what lets it answer twice as many checks a second.
 *
 * An entry never outlives a write it could miss (docs/DESIGN.md, "The screening cache"):
 * - every write through a store of this process empties the cache when it completes (the stores
 *   are wrapped in `invalidatesOnWrite`, index.ts), and `signalsChanged()` is the one call for a
 *   write that goes round the stores;
 * - triggers on the tables the statement reads notify `chainwarden_signals` (migration 0007) on
 *   every change by anyone: another replica, the CLI, an operator's SQL. On PGlite the notification
 *   arrives before the writing statement returns; on Postgres a few milliseconds later, through
 *   the listener, which also empties the cache each time it (re)connects;
 * - an entry expires after `ttlMs` (default 5 s) whatever happens, a bound should a notification
 *   be lost.
 * A read that was under way while the cache was emptied is not stored: it may predate the write.
 */
import { LRUCache } from 'lru-cache';

/** Sent by the triggers of migration 0007 when a table the screening statement reads changes. */
export const SIGNALS_CHANGED_CHANNEL = 'chainwarden_signals';

/** How long a screen's answer is reused at most. */
export const DEFAULT_SIGNALS_CACHE_MS = 5000;
/** Addresses held at most (a few hundred bytes each). */
const MAX_ENTRIES = 20_000;

export interface SignalsCache {
  /** The rows stored for `key`, or undefined. */
  get<T extends object>(key: string): readonly T[] | undefined;
  /** Runs `read` and stores its rows under `key`, unless the cache was emptied meanwhile. */
  fill<T extends object>(key: string, read: () => Promise<T[]>): Promise<readonly T[]>;
  /** `fill` for many keys read at once (one statement for many addresses). */
  fillMany<T extends object>(
    read: () => Promise<ReadonlyArray<readonly [string, T[]]>>,
  ): Promise<ReadonlyArray<readonly [string, readonly T[]]>>;
  /** Something a screen reads has changed: forget every answer. */
  invalidate(): void;
}

/** `ttlMs` 0: nothing is held (every screen reads the database). */
export function createSignalsCache(ttlMs: number = DEFAULT_SIGNALS_CACHE_MS): SignalsCache {
  const entries =
    ttlMs > 0 ? new LRUCache<string, readonly object[]>({ max: MAX_ENTRIES, ttl: ttlMs }) : null;
  // Bumped by every invalidation: a read started under an older generation is not stored.
  let generation = 0;
  return {
    get<T extends object>(key: string) {
      return entries?.get(key) as readonly T[] | undefined;
    },
    async fill<T extends object>(key: string, read: () => Promise<T[]>) {
      const started = generation;
      const rows = await read();
      if (entries && generation === started) entries.set(key, Object.freeze(rows));
      return rows;
    },
    async fillMany<T extends object>(read: () => Promise<ReadonlyArray<readonly [string, T[]]>>) {
      const started = generation;
      const answers = await read();
      if (entries && generation === started) {
        for (const [key, rows] of answers) entries.set(key, Object.freeze(rows));
      }
      return answers;
    },
    invalidate() {
      generation += 1;
      entries?.clear();
    },
  };
}

/**
 * The same store, with every method but those named in `untouched` (reads, and writes to what no
 * screen reads) emptying the cache once it settles, succeeded or not: a failed write may still
 * have committed. A method added later empties it until it is named, so a new kind of write
 * cannot leave a stale answer behind.
 */
export function invalidatesOnWrite<T extends object>(
  store: T,
  untouched: readonly (keyof T & string)[],
  cache: SignalsCache,
): T {
  const wrapped = { ...store } as Record<string, unknown>;
  for (const [key, value] of Object.entries(store)) {
    if (typeof value !== 'function' || (untouched as readonly string[]).includes(key)) continue;
    wrapped[key] = async (...args: unknown[]) => {
      try {
        return await (value as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      } finally {
        cache.invalidate();
      }
    };
  }
  return wrapped as T;
}
