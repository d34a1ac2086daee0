/**
 * The `ExposureStore` port: what the lists and community reports say about a trace's
 * counterparties (one round trip for all of them: the lists from memory when they fit, report
 * tallies by key), and the cache of traces read before, keyed by address, chain, hops and head.
 */
import { sql } from 'drizzle-orm';
import type { CounterpartyFlags, ExposureStore, ReportCategory, TraceGraph } from '../core/index.js';
import type { Database } from './database.js';
import type { ListIndex } from './list-index.js';
import { exposureTraces } from './schema.js';
import { listHitOf } from './screening-store.js';

interface FlagRow {
  what: 'tally' | 'hit';
  key: string;
  active: number | null;
  categories: Record<string, number> | string | null;
  kind: string | null;
  source: string | null;
  list_date: string | null;
  label: string | null;
  category: string | null;
  entity: string | null;
  program: string | null;
  listed_at: string | null;
  origin: string | null;
}

const TALLIES = `select 'tally' as what, t.address_key as key, t.active, t.categories, null::text as kind,
       null::text as source, null::text as list_date, null::text as label, null::text as category,
       null::text as entity, null::text as program, null::text as listed_at, null::text as origin
  from report_tallies t where t.address_key = any($1::text[]) and t.active > 0`;

const HITS = `select 'hit', e.address_key, null::int, null::jsonb, e.kind, e.source, ls.list_date, e.label,
       e.category, e.entity, e.program, e.listed_at, ls.origin
  from list_entries e join list_sources ls on ls.source = e.source where e.address_key = any($1::text[])`;

export function createExposureStore(database: Database, lists: ListIndex): ExposureStore {
  const { db } = database;
  return {
    async flagsFor(keys) {
      const flags = new Map<string, CounterpartyFlags>();
      if (keys.length === 0) return flags;
      const snapshot = await lists.snapshot();
      const unique = [...new Set(keys)];
      const rows = await database.queryPrepared<FlagRow>(
        snapshot ? TALLIES : `${TALLIES} union all ${HITS}`,
        [arrayLiteral(unique)],
      );
      const entry = (key: string) => {
        let flag = flags.get(key);
        if (!flag) {
          flag = { listHits: [], reports: 0, categories: {} };
          flags.set(key, flag);
        }
        return flag;
      };
      if (snapshot) {
        for (const key of unique) {
          const hits = snapshot.hitsFor(key);
          if (hits.length > 0) entry(key).listHits.push(...hits);
        }
      }
      for (const row of rows) {
        if (row.what === 'tally') {
          const flag = entry(row.key);
          flag.reports = Number(row.active);
          flag.categories = (
            typeof row.categories === 'string' ? JSON.parse(row.categories) : (row.categories ?? {})
          ) as Partial<Record<ReportCategory, number>>;
        } else {
          entry(row.key).listHits.push(listHitOf(row));
        }
      }
      return flags;
    },

    async cachedTrace(key, chain, hops, head) {
      const [row] = await database.queryPrepared<{ graph: TraceGraph | string }>(
        'select graph from exposure_traces where address_key = $1 and chain = $2 and hops = $3 and head = $4',
        [key, chain, hops, head],
      );
      if (!row) return null;
      return typeof row.graph === 'string' ? (JSON.parse(row.graph) as TraceGraph) : row.graph;
    },

    async rememberTrace(key, chain, graph) {
      if (graph.head === null) return;
      await db
        .insert(exposureTraces)
        .values({ addressKey: key, chain, hops: graph.hops, head: graph.head, graph })
        .onConflictDoUpdate({
          target: [exposureTraces.addressKey, exposureTraces.chain, exposureTraces.hops],
          set: { head: graph.head, graph, readAt: sql`now()` },
        });
    },
  };
}

/**
 * A Postgres array literal (`{"a","b"}`) for `$1::text[]`: prepared statements on PGlite take
 * scalar parameters only, so the keys travel as one text parameter on both drivers.
 */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
