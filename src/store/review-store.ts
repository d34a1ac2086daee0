/**
 * The `ReviewStore` port: a community's reports and appeals waiting for a moderator (appeals are
 * decided by the AppealStore), and the decision on a report,
 * made by one conditional UPDATE so two moderators deciding at once cannot both win.
 */
import { and, asc, eq, exists, inArray, notExists, sql } from 'drizzle-orm';
import type { ReviewStore } from '../core/index.js';
import { toAppeal } from './appeal-store.js';
import type { Db } from './database.js';
import { toStoredReport } from './report-store.js';
import { appealDecisions, appeals, reports } from './schema.js';

export function createReviewStore(db: Db): ReviewStore {
  return {
    async pendingReports(community, limit) {
      const rows = await db
        .select()
        .from(reports)
        .where(
          community === null
            ? eq(reports.status, 'review')
            : and(eq(reports.status, 'review'), eq(reports.community, community)),
        )
        .orderBy(asc(reports.createdAt), asc(reports.id))
        .limit(limit);
      return rows.map((row) => toStoredReport(row));
    },

    async pendingAppeals(community, limit) {
      const waiting = await db
        .select()
        .from(appeals)
        .where(
          and(
            eq(appeals.status, 'pending'),
            community === null
              ? undefined
              : exists(
                  db
                    .select({ one: sql`1` })
                    .from(reports)
                    .where(
                      and(
                        eq(reports.addressKey, appeals.addressKey),
                        eq(reports.community, community),
                        inArray(reports.status, ['active', 'review']),
                      ),
                    ),
                ),
            // Decided by this community already: out of its queue, pending for the others.
            community === null
              ? undefined
              : notExists(
                  db
                    .select({ one: sql`1` })
                    .from(appealDecisions)
                    .where(
                      and(eq(appealDecisions.appealId, appeals.id), eq(appealDecisions.community, community)),
                    ),
                ),
          ),
        )
        .orderBy(asc(appeals.createdAt), asc(appeals.id))
        .limit(limit);
      if (waiting.length === 0) return [];
      const disputed = await db
        .select()
        .from(reports)
        .where(
          and(
            inArray(
              reports.addressKey,
              waiting.map((appeal) => appeal.addressKey),
            ),
            inArray(reports.status, ['active', 'review']),
            community === null ? undefined : eq(reports.community, community),
          ),
        )
        .orderBy(asc(reports.createdAt), asc(reports.id));
      return waiting.map((row) => ({
        appeal: toAppeal(row),
        disputes: disputed.filter((r) => r.addressKey === row.addressKey).map((r) => toStoredReport(r)),
      }));
    },

    async decideReport({ reportId, decision, reviewer, community, note }) {
      const inQueue = and(
        eq(reports.id, reportId),
        eq(reports.status, 'review'),
        community === null ? undefined : eq(reports.community, community),
      );
      const reviewed = {
        reviewedBy: reviewer,
        reviewedAt: sql`now()`,
        reviewNote: note,
        updatedAt: sql`now()`,
      };
      const [row] = await db
        .update(reports)
        .set(
          decision === 'approve'
            ? {
                ...reviewed,
                status: 'active',
                // An approval is the moderator's verification in the community the report was filed in.
                verifiedBy: reviewer,
                verifiedIn: sql`${reports.community}`,
                verifiedAt: sql`now()`,
              }
            : { ...reviewed, status: 'rejected' },
        )
        .where(inQueue)
        .returning();
      if (row) return { decided: true, report: toStoredReport(row) };
      const [found] = await db
        .select({ status: reports.status, reviewedBy: reports.reviewedBy, community: reports.community })
        .from(reports)
        .where(eq(reports.id, reportId));
      const visible = found && (community === null || found.community === community);
      return {
        decided: false,
        status: visible && found.reviewedBy !== null ? (found.status as 'active' | 'rejected') : null,
      };
    },
  };
}
