/**
 * The `ListStore` port: imported scam, sanctions and allow lists. An import replaces a source's
 * entries in one transaction.
 */
import { eq, inArray } from 'drizzle-orm';
import {
  type ListEntry,
  type ListHit,
  type ListMeta,
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
        })
        .from(listEntries)
        .innerJoin(listSources, eq(listSources.source, listEntries.source))
        .where(eq(listEntries.addressKey, addressKey));
      return rows as ListHit[];
    },

    async listedKeys(candidates) {
      if (candidates.length === 0) return [];
      const snapshot = index ? await index.snapshot() : null;
      if (snapshot) return candidates.filter((c) => snapshot.hitsFor(c).length > 0);
      const rows = await db
        .selectDistinct({ key: listEntries.addressKey })
        .from(listEntries)
        .where(inArray(listEntries.addressKey, candidates));
      const listed = new Set(rows.map((r) => r.key));
      return candidates.filter((c) => listed.has(c));
    },

    async replaceList(meta: ListMeta, batches: AsyncIterable<ListEntry[]>) {
      const imported = await db.transaction(async (tx) => {
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
          count: total,
          importedAt: new Date(),
        };
        await tx
          .insert(listSources)
          .values({ source: meta.source, ...row })
          .onConflictDoUpdate({ target: listSources.source, set: row });
        return { count: total };
      });
      // Other processes hear of it from a trigger's notification (migrations/0003).
      await onChange();
      return imported;
    },

    async listSources() {
      const rows = await db.select().from(listSources).orderBy(listSources.source);
      return rows.map((r) => ({
        source: r.source,
        kind: r.kind as ListMeta['kind'],
        listDate: r.listDate,
        category: r.category as ReportCategory | null,
        count: r.count,
        importedAt: r.importedAt,
      }));
    },
  };
}
