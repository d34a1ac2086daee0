/**
 * The `ListStore` port: imported scam, sanctions and allow lists. An import replaces a source's
 * entries in one transaction.
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
import type { Db } from './database.js';
import type { ListIndex } from './list-index.js';
import { listEntries, listSources } from './schema.js';

/**
 * `onChange` runs after an import commits: this process's list index reloads before the import
 * returns. With `index`, lookups read the lists held in memory when they are (so they also answer
 * while the database is unreachable), and SQL only when the lists are too large to hold.
 */
export function createListStore(
  db: Db,
  onChange: () => Promise<void> = async () => {},
  index: ListIndex | null = null,
): ListStore {
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
      const imported = await db.transaction(async (tx) => ({ count: await writeList(tx, meta, batches) }));
      // Other processes hear of it from a trigger's notification (migrations/0003).
      await onChange();
      return imported;
    },

    async replaceLists(lists, replaces) {
      const replaced = await db.transaction(async (tx) => {
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
          await writeList(tx, meta, [entries]);
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

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Replace one list's entries and its list_sources row inside `tx`; resolves the entries stored. */
async function writeList(
  tx: Tx,
  meta: ListMeta,
  batches: AsyncIterable<ListEntry[]> | Iterable<ListEntry[]>,
): Promise<number> {
  await tx.delete(listEntries).where(eq(listEntries.source, meta.source));
  let total = 0;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    // Postgres caps a statement at 65535 parameters: 12 columns × 1000 rows stays well under.
    for (let i = 0; i < batch.length; i += 1000) {
      const slice = batch.slice(i, i + 1000);
      await tx.insert(listEntries).values(
        slice.map((entry) => {
          const probe = lookalikeProbe(entry);
          return {
            source: meta.source,
            kind: meta.kind,
            addressKey: entry.key,
            address: entry.display,
            chain: entry.chain,
            label: entry.label,
            category: entry.category ?? meta.category ?? null,
            entity: entry.entity,
            program: entry.program,
            listedAt: entry.listedAt,
            lookalikePrefix: probe?.prefix ?? null,
            lookalikeSuffix: probe?.suffix ?? null,
          };
        }),
      );
      total += slice.length;
    }
  }
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
