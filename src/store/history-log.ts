/** The `HistoryLog` port: append-only events per address, read oldest first. */
import { desc, eq } from 'drizzle-orm';
import type { HistoryEvent, HistoryLog } from '../core/index.js';
import type { Db } from './database.js';
import { addressHistory } from './schema.js';

export function createHistoryLog(db: Db): HistoryLog {
  return {
    async append(event) {
      await db.insert(addressHistory).values(event);
    },
    async forAddress(addressKey, limit) {
      const rows = await db
        .select()
        .from(addressHistory)
        .where(eq(addressHistory.addressKey, addressKey))
        // The newest `limit` events, shown oldest first.
        .orderBy(desc(addressHistory.at), desc(addressHistory.id))
        .limit(limit);
      return rows.reverse().map(
        (r): HistoryEvent => ({
          event: r.event as HistoryEvent['event'],
          actorPlatform: r.actorPlatform,
          actorWeight: r.actorWeight as HistoryEvent['actorWeight'],
          reportId: r.reportId,
          category: r.category as HistoryEvent['category'],
          note: r.note,
          at: r.at,
        }),
      );
    },
  };
}
