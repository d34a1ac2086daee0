/**
 * The imported lists, held in memory for screening: list hits by address and look-alike candidates
 * by (chain, prefix, suffix), so a screen's one statement only probes community reports.
 *
 * The lists are small (OFAC's addresses, the public scam lists: tens of thousands of entries) and
 * change only on import. The index is loaded on first use and reloaded after every change: at once
 * after an import through this process's ListStore, and on Postgres after a `chainwarden_lists`
 * notification from an import in any other process (the CLI, another replica). Past `maxEntries`
 * it holds nothing and screens probe list_entries in SQL instead, so memory stays bounded.
 */
import type { ListHit, LookalikeCandidate, LookalikeProbe } from '../core/ports.js';
import type { Chain } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { Database } from './db.js';

/**
 * Past this many list entries the lists stay in the database. Measured: about 700 bytes of heap per
 * entry and 1.5 s to load 100,000 from PGlite, so at most ~70 MB; the real lists come to ~20,000.
 */
export const DEFAULT_LIST_MEMORY_MAX_ENTRIES = 100_000;

const LISTEN_RETRY_MS = 30_000;

/** Sent (payload: the list's source) when a list import commits. */
export const LISTS_CHANGED_CHANNEL = 'chainwarden_lists';

export interface ListSnapshot {
  hitsFor(key: string): ListHit[];
  /** Up to `limit` list entries that look like `key` (same probe), never `key` itself. */
  lookalikesOf(chain: Chain, probe: LookalikeProbe, key: string, limit: number): LookalikeCandidate[];
}

export interface ListIndex {
  /** The current lists, loading them first if needed; null when there are too many to hold. */
  snapshot(): Promise<ListSnapshot | null>;
  /** The lists changed: the next snapshot is loaded anew. */
  invalidate(): void;
}

interface Entry {
  key: string;
  address: string;
  chain: Chain;
  label: string | null;
  kind: ListHit['kind'];
  source: string;
}

interface EntryRow {
  address_key: string;
  address: string;
  chain: string;
  kind: string;
  source: string;
  list_date: string | null;
  label: string | null;
  category: string | null;
  entity: string | null;
  program: string | null;
  listed_at: string | null;
  lookalike_prefix: string | null;
  lookalike_suffix: string | null;
}

const probeKey = (chain: string, prefix: string, suffix: string) => `${chain} ${prefix} ${suffix}`;

function buildSnapshot(rows: EntryRow[]): ListSnapshot {
  const hits = new Map<string, ListHit[]>();
  const twins = new Map<string, Entry[]>();
  for (const row of rows) {
    const hit: ListHit = {
      kind: row.kind as ListHit['kind'],
      source: row.source,
      listDate: row.list_date ?? '',
      label: row.label,
      category: row.category as ListHit['category'],
      entity: row.entity,
      program: row.program,
      listedAt: row.listed_at,
    };
    const forKey = hits.get(row.address_key);
    if (forKey) forKey.push(hit);
    else hits.set(row.address_key, [hit]);
    if (row.lookalike_prefix === null || row.lookalike_suffix === null) continue;
    const probe = probeKey(row.chain, row.lookalike_prefix, row.lookalike_suffix);
    const entry: Entry = {
      key: row.address_key,
      address: row.address,
      chain: row.chain as Chain,
      label: row.label,
      kind: hit.kind,
      source: row.source,
    };
    const group = twins.get(probe);
    if (group) group.push(entry);
    else twins.set(probe, [entry]);
  }
  return {
    hitsFor: (key) => hits.get(key)?.map((hit) => ({ ...hit })) ?? [],
    lookalikesOf(chain, probe, key, limit) {
      const found: LookalikeCandidate[] = [];
      for (const entry of twins.get(probeKey(chain, probe.prefix, probe.suffix)) ?? []) {
        if (found.length >= limit) break;
        if (entry.key === key) continue;
        found.push({
          key: entry.key,
          address: entry.address,
          chain: entry.chain,
          label: entry.label,
          origin: entry.kind,
          source: entry.source,
        });
      }
      return found;
    },
  };
}

export interface ListIndexOptions {
  maxEntries?: number;
  logger?: Pick<Logger, 'warn' | 'info'>;
}

export function createListIndex(database: Database, options: ListIndexOptions = {}): ListIndex {
  const maxEntries = options.maxEntries ?? DEFAULT_LIST_MEMORY_MAX_ENTRIES;
  let current: Promise<ListSnapshot | null> | null = null;
  let listening: Promise<void> | null = null;

  async function load(): Promise<ListSnapshot | null> {
    const [counted] = await database.queryPrepared<{ n: number | string }>(
      'select count(*) as n from list_entries',
      [],
    );
    if (Number(counted?.n ?? 0) > maxEntries) return null;
    const rows = await database.queryPrepared<EntryRow>(
      `select address_key, address, chain, kind, source, list_date, label, category, entity, program,
              listed_at, lookalike_prefix, lookalike_suffix
         from list_entries order by id`,
      [],
    );
    // Between the count and the rows an import may have grown the lists; the bound still holds.
    if (rows.length > maxEntries) return null;
    return buildSnapshot(rows);
  }

  function invalidate() {
    current = null;
  }

  function listen() {
    if (!database.listen) return Promise.resolve();
    // Every (re)connection of the listener may have missed notifications: reload then too.
    return database
      .listen(LISTS_CHANGED_CHANNEL, invalidate, invalidate)
      .then(() => undefined)
      .catch((error: unknown) => {
        // Tried again by a screen after a pause, not by every screen while Postgres is away.
        setTimeout(() => {
          listening = null;
        }, LISTEN_RETRY_MS).unref();
        options.logger?.warn(
          { err: error, retryInMs: LISTEN_RETRY_MS },
          'could not listen for list imports by other processes; imports elsewhere are not seen until it can',
        );
      });
  }

  return {
    invalidate,
    async snapshot() {
      listening ??= listen();
      await listening;
      if (current) return current;
      const loading = load();
      current = loading;
      try {
        return await loading;
      } catch (error) {
        // A failed load is not kept: the next screen tries again.
        if (current === loading) current = null;
        throw error;
      }
    },
  };
}
