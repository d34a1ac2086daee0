/**
 * The `WatchAlertStore` port: the alerts outbox. Each (watch, event key) is stored once (a unique
 * index and `on conflict do nothing`), so a block read twice, by a restarted poller or after a
 * reorg, alerts nothing twice; delivery state (attempts, next attempt, last error) lives beside it.
 */
import { and, asc, count, desc, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import type { WatchAlert, WatchAlertStore, WatchDelivery, WatchEvent } from '../core/index.js';
import { destinationKey } from '../core/index.js';
import { type Db, rowsOf } from './database.js';
import { watchAlerts, watchChatSends, watches } from './schema.js';
import { toDestination } from './watch-store.js';

/** Rows per insert statement: 10,000 watches alerted by one block stay a few statements. */
const BATCH = 500;

export function createWatchAlertStore(db: Db): WatchAlertStore {
  return {
    async record(alerts) {
      let added = 0;
      for (let i = 0; i < alerts.length; i += BATCH) {
        const rows = alerts.slice(i, i + BATCH).map((a) => ({
          watch_id: a.watchId,
          event_key: a.key,
          kind: a.event.kind,
          event: a.event,
          status: a.status ?? 'pending',
        }));
        // Joined to watches: a watch removed meanwhile has nowhere to send its alerts.
        const inserted = await db.execute(sql`
          insert into watch_alerts (watch_id, event_key, kind, event, status, next_attempt_at)
          select v.watch_id, v.event_key, v.kind, v.event, v.status,
                 case when v.status = 'pending' then now() end
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
               as v(watch_id text, event_key text, kind text, event jsonb, status text)
          join watches w on w.id = v.watch_id
          on conflict (watch_id, event_key) do nothing
          returning id`);
        added += rowsOf(inserted).length;
      }
      return added;
    },

    async claim(now, limit, leaseUntil) {
      // One statement: the rows are locked as they are picked (`skip locked` passes over those a
      // concurrent claim holds) and moved past the lease before anyone else can read them as due.
      const claimed = rowsOf<{ id: number | string }>(
        await db.execute(sql`
          update watch_alerts set next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
          where id in (
            select id from watch_alerts
            where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
            order by id
            limit ${limit}
            for update skip locked)
          returning id`),
      );
      if (claimed.length === 0) return [];
      const rows = await db
        .select({ alert: watchAlerts, watch: watches })
        .from(watchAlerts)
        .innerJoin(watches, eq(watches.id, watchAlerts.watchId))
        .where(
          inArray(
            watchAlerts.id,
            claimed.map((row) => Number(row.id)),
          ),
        )
        .orderBy(asc(watchAlerts.id));
      return rows.map(({ alert, watch }) => ({
        id: alert.id,
        watch: {
          id: watch.id,
          address: watch.address,
          label: watch.label,
          chain: watch.chain as WatchAlert['watch']['chain'],
          network: watch.network as WatchAlert['watch']['network'],
          destination: toDestination(watch.destinationKind, watch.destination),
        },
        event: alert.event as WatchEvent,
        createdAt: alert.createdAt,
        attempts: alert.attempts,
        secret: watch.secret,
      }));
    },

    async release(ids, at) {
      if (ids.length === 0) return;
      await db
        .update(watchAlerts)
        .set({ nextAttemptAt: at })
        .where(and(inArray(watchAlerts.id, [...ids]), eq(watchAlerts.status, 'pending')));
    },

    async deliveredSince(destination, since) {
      const [row] = await db
        .select({ n: count() })
        .from(watchChatSends)
        .where(
          and(eq(watchChatSends.destination, destinationKey(destination)), gt(watchChatSends.at, since)),
        );
      return Number(row?.n ?? 0);
    },

    async markDelivered(ids, status, at) {
      if (ids.length === 0) return;
      await db.transaction(async (tx) => {
        const [first] = await tx
          .update(watchAlerts)
          .set({ status, deliveredAt: at, nextAttemptAt: null, attempts: sql`${watchAlerts.attempts} + 1` })
          .where(inArray(watchAlerts.id, [...ids]))
          .returning({ watchId: watchAlerts.watchId });
        if (!first) return;
        const [watch] = await tx.select().from(watches).where(eq(watches.id, first.watchId));
        if (!watch || watch.destinationKind === 'webhook') return;
        // One chat message, whether one alert or a digest of many: what the per-chat rate counts.
        await tx.insert(watchChatSends).values({
          destination: destinationKey(toDestination(watch.destinationKind, watch.destination)),
          at,
        });
        await tx.delete(watchChatSends).where(lt(watchChatSends.at, new Date(at.getTime() - 3600_000)));
      });
    },

    async markFailed(id, error, nextAttemptAt, _at) {
      await db
        .update(watchAlerts)
        .set({
          status: nextAttemptAt ? 'pending' : 'failed',
          nextAttemptAt,
          lastError: error.slice(0, 500),
          attempts: sql`${watchAlerts.attempts} + 1`,
        })
        .where(eq(watchAlerts.id, id));
    },

    async deliveries(watchId, limit) {
      const rows = await db
        .select()
        .from(watchAlerts)
        .where(
          // Events recorded as already true when the watch began were never news.
          and(eq(watchAlerts.watchId, watchId), ne(watchAlerts.status, 'skipped')),
        )
        .orderBy(desc(watchAlerts.id))
        .limit(limit);
      return rows.map(
        (row): WatchDelivery => ({
          id: row.id,
          event: row.event as WatchEvent,
          status: row.status as WatchDelivery['status'],
          attempts: row.attempts,
          createdAt: row.createdAt,
          deliveredAt: row.deliveredAt,
          nextAttemptAt: row.nextAttemptAt,
          lastError: row.lastError,
        }),
      );
    },
  };
}
