/** The `ModerationLog` port: what the bots and moderators did in a community, newest first. */
import { desc, eq } from 'drizzle-orm';
import type { ModerationAction, ModerationLog } from '../core/index.js';
import type { Db } from './database.js';
import { moderationLog } from './schema.js';

export function createModerationLog(db: Db): ModerationLog {
  return {
    async record(action: ModerationAction) {
      const [row] = await db
        .insert(moderationLog)
        .values(action)
        .returning({ id: moderationLog.id, at: moderationLog.at });
      if (!row) throw new Error('recording a moderation action returned no row');
      return row;
    },
    async recent(community, limit) {
      const rows = await db
        .select()
        .from(moderationLog)
        .where(eq(moderationLog.community, community))
        .orderBy(desc(moderationLog.at), desc(moderationLog.id))
        .limit(limit);
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        community: r.community,
        actor: r.actor,
        action: r.action as ModerationAction['action'],
        target: r.target,
        details: r.details as Record<string, unknown>,
      }));
    },
  };
}
