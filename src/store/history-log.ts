/** The `HistoryLog` port: append-only events per address, read oldest first. */
import { asc, eq } from 'drizzle-orm';
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
        .orderBy(asc(addressHistory.at), asc(addressHistory.id))
        .limit(limit);
      return rows.map(
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
