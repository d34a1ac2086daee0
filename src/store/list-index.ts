/**
 * The imported lists, held in memory for screening: list hits by address and look-alike candidates
 * by (chain, prefix, suffix), so a screen's one statement only probes community reports.
 *
 * The lists are small (OFAC's addresses, the public scam lists: tens of thousands of entries) and
 * change only on import. The index is loaded on first use and reloaded after every change: before
 * an import through this process's ListStore returns, and on Postgres after a `chainwarden_lists`
 * notification, sent by triggers on every change to the lists by any process (the CLI, another
 * replica, an operator's SQL). Past `maxEntries` it holds nothing and screens probe list_entries in
 * SQL instead, so memory stays bounded.
 */
import type {
  Chain,
  ListHit,
  ListOrigin,
  LookalikeCandidate,
  LookalikeProbe,
  SanctionsListEdition,
} from '../core/index.js';
import type { Logger } from '../logger.js';
import type { Database } from './database.js';
import { type ListHitRow, listHitOf } from './rows.js';
import { isConnectionFailure } from './unavailable.js';

/**
 * Past this many list entries the lists stay in the database. Measured: about 700 bytes of heap per
 * entry and 1.5 s to load 100,000 from PGlite, so at most ~70 MB; the real lists come to ~20,000.
 */
export const DEFAULT_LIST_MEMORY_MAX_ENTRIES = 100_000;

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
  /**
   * The oldest sanctions edition stored, as of the last load (call after `snapshot()`); known
   * whether or not the entries fit in memory, so the answer is the same either way.
   */
  sanctionsList(): SanctionsListEdition | null;
  /** The lists changed: resolves once lists including the change are loaded (rejects if that failed). */
  refresh(): Promise<void>;
}

interface Entry {
  key: string;
  address: string;
  chain: Chain;
  label: string | null;
  kind: ListHit['kind'];
  source: string;
}

interface EntryRow extends ListHitRow {
  address_key: string;
  address: string;
  chain: string;
  kind: string;
  source: string;
  lookalike_prefix: string | null;
  lookalike_suffix: string | null;
  origin: string;
}

const probeKey = (chain: string, prefix: string, suffix: string) => `${chain} ${prefix} ${suffix}`;

function buildSnapshot(rows: EntryRow[]): ListSnapshot {
  const hits = new Map<string, ListHit[]>();
  const twins = new Map<string, Entry[]>();
  for (const row of rows) {
    const hit = listHitOf(row);
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
  logger?: Pick<Logger, 'warn'>;
}

export function createListIndex(database: Database, options: ListIndexOptions = {}): ListIndex {
  const maxEntries = options.maxEntries ?? DEFAULT_LIST_MEMORY_MAX_ENTRIES;
  /** null: too many entries, screens probe the lists in SQL. */
  let current: ListSnapshot | null = null;
  let sanctions: SanctionsListEdition | null = null;
  // Each change bumps `requested`; `loaded` is the change the current lists include.
  let requested = 1;
  let loaded = 0;
  let running: Promise<boolean> | null = null;
  let lastError: unknown;
  let listening = false;

  async function load(): Promise<{ snapshot: ListSnapshot | null; sanctions: SanctionsListEdition | null }> {
    const [oldest] = await database.queryPrepared<{ source: string; list_date: string; origin: string }>(
      `select source, list_date, origin from list_sources where kind = 'sanctions'
        order by list_date, source limit 1`,
      [],
    );
    const edition = oldest
      ? { source: oldest.source, listDate: oldest.list_date, origin: oldest.origin as ListOrigin }
      : null;
    return { snapshot: await loadEntries(), sanctions: edition };
  }

  async function loadEntries(): Promise<ListSnapshot | null> {
    // Counts no further than the bound: after a million-row import the answer is known at 100,001.
    const [counted] = await database.queryPrepared<{ n: number | string }>(
      'select count(*) as n from (select 1 from list_entries limit $1::int) as bounded',
      [maxEntries + 1],
    );
    if (Number(counted?.n ?? 0) > maxEntries) return null;
    const rows = await database.queryPrepared<EntryRow>(
      `select e.address_key, e.address, e.chain, e.kind, e.source, s.list_date, e.label, e.category,
              e.entity, e.program, e.listed_at, e.lookalike_prefix, e.lookalike_suffix, s.origin
         from list_entries e join list_sources s on s.source = e.source
        order by e.id`,
      [],
    );
    // Between the count and the rows an import may have grown the lists; the bound still holds.
    if (rows.length > maxEntries) return null;
    return buildSnapshot(rows);
  }

  /** Loads until the lists include every change requested so far; false when a load failed. */
  async function runLoads(): Promise<boolean> {
    try {
      while (loaded < requested) {
        const target = requested;
        ({ snapshot: current, sanctions } = await load());
        loaded = target;
      }
      return true;
    } catch (error) {
      lastError = error;
      return false;
    } finally {
      running = null;
    }
  }

  async function loadedUpTo(wanted: number): Promise<void> {
    while (loaded < wanted) {
      running ??= runLoads();
      if (!(await running)) throw lastError;
    }
  }

  function refresh(): Promise<void> {
    requested += 1;
    return loadedUpTo(requested);
  }

  function changedElsewhere() {
    refresh().catch((error: unknown) =>
      options.logger?.warn(
        { err: error },
        'could not reload the imported lists; the next screen tries again',
      ),
    );
  }

  return {
    refresh,
    async snapshot() {
      if (!listening) {
        listening = true;
        // In the background: a screen never waits on the listener. Each (re)connection reloads,
        // since notifications sent while it was down are lost.
        database.listen(LISTS_CHANGED_CHANNEL, changedElsewhere, changedElsewhere);
      }
      // While newer lists load, screens go on with the ones they replace; only the first load
      // (or a retry after a failed one) is waited for.
      if (loaded < requested && (loaded === 0 || running === null)) {
        try {
          await loadedUpTo(requested);
        } catch (error) {
          // With the database unreachable, the lists already held still answer (the screen says
          // reports were not read); the next screen tries the load again.
          if (loaded === 0 || !isConnectionFailure(error)) throw error;
        }
      }
      return current;
    },
    sanctionsList: () => sanctions,
  };
}
