/**
 * The `ListStore` port: imported scam, sanctions and allow lists. An import replaces a source's
 * entries in one transaction, streaming them in with the engine's bulk load (bulk-load.ts: COPY on
 * Postgres), so a reader sees the previous edition until the new one is complete.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  type ListEdition,
  type ListEntry,
  type ListHit,
  type ListMeta,
  type ListOrigin,
  type ListStore,
  lookalikeProbe,
  type ReportCategory,
} from '../core/index.js';
import type { OpenBulkLoad } from './bulk-load.js';
import type { Database, Db } from './database.js';
import { createEdition, swapInEdition } from './list-editions.js';
import type { ListIndex } from './list-index.js';
import { listEntries, listSources } from './schema.js';

/**
 * `onChange` runs after an import commits: this process's list index reloads before the import
 * returns. With `index`, lookups read the lists held in memory when they are (so they also answer
 * while the database is unreachable), and SQL only when the lists are too large to hold.
 */
export function createListStore(
  database: Database,
  onChange: () => Promise<void> = async () => {},
  index: ListIndex | null = null,
): ListStore {
  const { db } = database;
  return {
    async hitsFor(addressKey) {
      const snapshot = index ? await index.snapshot() : null;
      if (snapshot) return snapshot.hitsFor(addressKey);
      const rows = await db
        .select({
          kind: listEntries.kind,
          source: listEntries.source,
          listDate: listSources.listDate,
          label: listEntries.label,
          category: listEntries.category,
          entity: listEntries.entity,
          program: listEntries.program,
          listedAt: listEntries.listedAt,
          origin: listSources.origin,
        })
        .from(listEntries)
        .innerJoin(listSources, eq(listSources.source, listEntries.source))
        .where(eq(listEntries.addressKey, addressKey));
      return rows as ListHit[];
    },

    async listedKeys(candidates, kinds) {
      if (candidates.length === 0 || kinds?.length === 0) return [];
      const snapshot = index ? await index.snapshot() : null;
      if (snapshot) {
        return candidates.filter((c) =>
          snapshot.hitsFor(c).some((hit) => kinds === undefined || kinds.includes(hit.kind)),
        );
      }
      const rows = await db
        .selectDistinct({ key: listEntries.addressKey })
        .from(listEntries)
        .where(
          kinds === undefined
            ? inArray(listEntries.addressKey, candidates)
            : and(inArray(listEntries.addressKey, candidates), inArray(listEntries.kind, [...kinds])),
        );
      const listed = new Set(rows.map((r) => r.key));
      return candidates.filter((c) => listed.has(c));
    },

    async replaceList(meta: ListMeta, batches: AsyncIterable<ListEntry[]>) {
      const imported = await database.bulkTransaction(async (tx, bulkLoad) => ({
        count: await writeList(tx, bulkLoad, meta, batches),
      }));
      // Other processes hear of it from a trigger's notification (migrations/0003).
      await onChange();
      return imported;
    },

    async replaceLists(lists, replaces) {
      const replaced = await database.bulkTransaction(async (tx, bulkLoad) => {
        // Two replicas starting together: the second sees the first's editions and replaces nothing.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('chainwarden:replace-lists'))`);
        const sources = lists.map((list) => list.meta.source);
        const stored = new Map(
          (await tx.select().from(listSources).where(inArray(listSources.source, sources))).map((row) => [
            row.source,
            toListEdition(row),
          ]),
        );
        const done: string[] = [];
        for (const { meta, entries } of lists) {
          if (!replaces(stored.get(meta.source) ?? null, meta)) continue;
          await writeList(tx, bulkLoad, meta, [entries]);
          done.push(meta.source);
        }
        return done;
      });
      if (replaced.length > 0) await onChange();
      return replaced;
    },

    async listSources() {
      const rows = await db.select().from(listSources).orderBy(listSources.source);
      return rows.map(toListEdition);
    },
  };
}

function toListEdition(row: typeof listSources.$inferSelect): ListEdition {
  return {
    source: row.source,
    kind: row.kind as ListMeta['kind'],
    listDate: row.listDate,
    category: row.category as ReportCategory | null,
    origin: row.origin as ListOrigin,
    count: row.count,
    importedAt: row.importedAt,
  };
}

/** The columns a bulk load writes, in this order (`entryValues`). */
const ENTRY_COLUMNS = [
  'source',
  'kind',
  'address_key',
  'address',
  'chain',
  'label',
  'category',
  'entity',
  'program',
  'listed_at',
  'lookalike_prefix',
  'lookalike_suffix',
] as const;

function entryValues(meta: ListMeta, entry: ListEntry): (string | null)[] {
  const probe = lookalikeProbe(entry);
  return [
    meta.source,
    meta.kind,
    entry.key,
    entry.display,
    entry.chain,
    entry.label,
    entry.category ?? meta.category ?? null,
    entry.entity,
    entry.program,
    entry.listedAt,
    probe?.prefix ?? null,
    probe?.suffix ?? null,
  ];
}

/**
 * Replace one list's entries and its list_sources row inside `tx`; resolves the entries stored.
 * The entries go into a new partition, indexed once and swapped in (list-editions.ts).
 */
async function writeList(
  tx: Db,
  bulkLoad: OpenBulkLoad,
  meta: ListMeta,
  batches: AsyncIterable<ListEntry[]> | Iterable<ListEntry[]>,
): Promise<number> {
  const edition = await createEdition(tx, meta.source);
  const load = await bulkLoad(edition, ENTRY_COLUMNS);
  let total = 0;
  try {
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      await load.write(batch.map((entry) => entryValues(meta, entry)));
      total += batch.length;
    }
  } catch (error) {
    // A file that fails half-way: the load is cancelled, then the transaction rolls back.
    await load.abort();
    throw error;
  }
  await load.end();
  await swapInEdition(tx, meta.source, edition);
  const row = {
    kind: meta.kind,
    listDate: meta.listDate,
    category: meta.category ?? null,
    origin: meta.origin ?? 'imported',
    count: total,
    importedAt: new Date(),
  };
  await tx
    .insert(listSources)
    .values({ source: meta.source, ...row })
    .onConflictDoUpdate({ target: listSources.source, set: row });
  return total;
}
