/**
 * The `WatchStore` port: watches, one per owner and address, at most `max` per owner, counted and
 * written under a per-owner advisory lock so parallel requests cannot pass the limit.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Chain, Network, Watch, WatchDestination, WatchStore } from '../core/index.js';
import type { Db } from './database.js';
import { watches } from './schema.js';

type WatchRow = typeof watches.$inferSelect;

export function toWatch(row: WatchRow): Watch {
  return {
    id: row.id,
    owner: row.owner,
    chain: row.chain as Chain,
    network: row.network as Network,
    addressKey: row.addressKey,
    address: row.address,
    label: row.label,
    allIncoming: row.allIncoming,
    destination: toDestination(row.destinationKind, row.destination),
    community: row.community,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

export function toDestination(kind: string, destination: string): WatchDestination {
  if (kind === 'telegram') return { kind, chatId: destination };
  if (kind === 'discord') return { kind, channelId: destination };
  return { kind: 'webhook', url: destination };
}

function destinationColumn(destination: WatchDestination): string {
  switch (destination.kind) {
    case 'telegram':
      return destination.chatId;
    case 'discord':
      return destination.channelId;
    case 'webhook':
      return destination.url;
  }
}

export function createWatchStore(db: Db): WatchStore {
  return {
    async addWatch(watch, secret, max) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`chainwarden:watch:${watch.owner}`}))`);
        const [existing] = await tx
          .select()
          .from(watches)
          .where(and(eq(watches.owner, watch.owner), eq(watches.addressKey, watch.addressKey)));
        if (existing)
          return { added: false as const, reason: 'duplicate' as const, existing: toWatch(existing) };
        const [held] = await tx.select({ n: count() }).from(watches).where(eq(watches.owner, watch.owner));
        const n = Number(held?.n ?? 0);
        if (n >= max) return { added: false as const, reason: 'limit' as const, count: n };
        const [row] = await tx
          .insert(watches)
          .values({
            id: `w_${randomBytes(8).toString('hex')}`,
            owner: watch.owner,
            chain: watch.chain,
            network: watch.network,
            addressKey: watch.addressKey,
            address: watch.address,
            label: watch.label,
            allIncoming: watch.allIncoming,
            destinationKind: watch.destination.kind,
            destination: destinationColumn(watch.destination),
            community: watch.community,
            secret,
            createdBy: watch.createdBy,
          })
          .returning();
        if (!row) throw new Error('insert into watches returned no row');
        return { added: true as const, watch: toWatch(row) };
      });
    },

    async removeWatch(owner, target) {
      const [row] = await db
        .delete(watches)
        .where(
          and(
            eq(watches.owner, owner),
            'id' in target ? eq(watches.id, target.id) : eq(watches.addressKey, target.addressKey),
          ),
        )
        .returning();
      return row ? toWatch(row) : null;
    },

    async listWatches(owner) {
      const rows = await db
        .select()
        .from(watches)
        .where(eq(watches.owner, owner))
        .orderBy(asc(watches.createdAt), asc(watches.id));
      return rows.map(toWatch);
    },

    async getWatch(owner, id) {
      const [row] = await db
        .select()
        .from(watches)
        .where(and(eq(watches.owner, owner), eq(watches.id, id)));
      return row ? toWatch(row) : null;
    },

    async watchesOn(addressKeys) {
      if (addressKeys.length === 0) return [];
      const rows = await db
        .select()
        .from(watches)
        .where(inArray(watches.addressKey, [...new Set(addressKeys)]));
      return rows.map(toWatch);
    },

    async watchedKeys(chain) {
      const rows = await db
        .selectDistinct({ key: watches.addressKey })
        .from(watches)
        .where(eq(watches.chain, chain));
      return rows.map((r) => r.key);
    },
  };
}
