/**
 * The `AppealStore` port: ownership challenges, appeals and their decisions. Filing marks the
 * challenge used in the same transaction (a challenge files one appeal, even under a race), and a
 * partial unique index keeps one pending appeal per address. Upholding dismisses the address's
 * community reports in the transaction that records the decision: the report tallies' triggers
 * (migrations/0003) stop counting them at once. A community's moderators decide for their own
 * reports only (`appeal_decisions`); the appeal's status follows the operator, or all communities.
 */
import { and, asc, desc, eq, inArray, isNull, notExists, or, sql } from 'drizzle-orm';
import type {
  AppealChallenge,
  AppealOutcome,
  AppealSource,
  AppealStatus,
  AppealStore,
  Chain,
  CommunityAppealDecision,
  OwnershipMethod,
  StoredAppeal,
} from '../core/index.js';
import type { Db } from './database.js';
import { toStoredReport } from './report-store.js';
import { appealChallenges, appealDecisions, appeals, reports } from './schema.js';

type ChallengeRow = typeof appealChallenges.$inferSelect;
type AppealRow = typeof appeals.$inferSelect;

const toChallenge = (row: ChallengeRow): AppealChallenge => ({ ...row, chain: row.chain as Chain });

export const toAppeal = (row: AppealRow): StoredAppeal => ({
  ...row,
  chain: row.chain as Chain,
  method: row.method as OwnershipMethod,
  source: row.source as AppealSource,
  status: row.status as AppealStatus,
});

const toCommunityDecision = (row: typeof appealDecisions.$inferSelect): CommunityAppealDecision => ({
  appealId: row.appealId,
  community: row.community,
  status: row.status as AppealOutcome,
  decidedAt: row.decidedAt,
  dismissedReports: row.dismissedReports,
});

/** Thrown inside the filing transaction to roll it back when another pending appeal won the race. */
class PendingAppealExists extends Error {}

export function createAppealStore(db: Db): AppealStore {
  async function pendingAppealOf(runner: Db, addressKey: string): Promise<number | null> {
    const [row] = await runner
      .select({ id: appeals.id })
      .from(appeals)
      .where(and(eq(appeals.addressKey, addressKey), eq(appeals.status, 'pending')))
      .limit(1);
    return row?.id ?? null;
  }

  return {
    async saveChallenge(challenge) {
      await db.insert(appealChallenges).values(challenge);
    },

    async findChallenge(nonce) {
      const [row] = await db
        .select()
        .from(appealChallenges)
        .where(eq(appealChallenges.nonce, nonce))
        .limit(1);
      return row ? toChallenge(row) : null;
    },

    async latestChallenge(addressKey, requestedBy) {
      const [row] = await db
        .select()
        .from(appealChallenges)
        .where(
          and(eq(appealChallenges.addressKey, addressKey), eq(appealChallenges.requestedBy, requestedBy)),
        )
        .orderBy(desc(appealChallenges.createdAt))
        .limit(1);
      return row ? toChallenge(row) : null;
    },

    async fileAppeal(appeal) {
      const pending = await pendingAppealOf(db, appeal.addressKey);
      if (pending !== null) return { filed: false, because: 'appeal-pending', appealId: pending };
      try {
        return await db.transaction(async (tx) => {
          const used = await tx
            .update(appealChallenges)
            .set({ usedAt: sql`now()` })
            .where(and(eq(appealChallenges.nonce, appeal.nonce), isNull(appealChallenges.usedAt)))
            .returning({ nonce: appealChallenges.nonce });
          if (used.length === 0) return { filed: false as const, because: 'challenge-used' as const };
          const [row] = await tx.insert(appeals).values(appeal).onConflictDoNothing().returning();
          // The only conflicts: the nonce (excluded by the update above) or another pending appeal.
          if (!row) throw new PendingAppealExists();
          return { filed: true as const, appeal: toAppeal(row) };
        });
      } catch (error) {
        if (!(error instanceof PendingAppealExists)) throw error;
        const winner = await pendingAppealOf(db, appeal.addressKey);
        return { filed: false, because: 'appeal-pending', appealId: winner ?? 0 };
      }
    },

    async getAppeal(id) {
      const [row] = await db.select().from(appeals).where(eq(appeals.id, id)).limit(1);
      return row ? toAppeal(row) : null;
    },

    async listAppeals({ status, limit }) {
      const rows = await db
        .select()
        .from(appeals)
        .where(status === null ? undefined : eq(appeals.status, status))
        .orderBy(desc(appeals.id))
        .limit(limit);
      return rows.map(toAppeal);
    },

    async decide(id, decision) {
      return db.transaction(async (tx) => {
        const [pending] = await tx
          .select()
          .from(appeals)
          .where(and(eq(appeals.id, id), eq(appeals.status, 'pending')))
          .for('update');
        if (!pending) {
          const [current] = await tx.select().from(appeals).where(eq(appeals.id, id)).limit(1);
          return { decided: false as const, current: current ? toAppeal(current) : null, earlier: null };
        }
        const { community } = decision;
        if (community !== null) {
          const [earlier] = await tx
            .select()
            .from(appealDecisions)
            .where(and(eq(appealDecisions.appealId, id), eq(appealDecisions.community, community)));
          if (earlier) {
            return {
              decided: false as const,
              current: toAppeal(pending),
              earlier: toCommunityDecision(earlier),
            };
          }
        }
        // The reports it disputes: the address's counting or waiting reports (a community's queue:
        // those filed there). Sanctions and scam lists are not reports: an appeal never changes them.
        const disputed = and(
          eq(reports.addressKey, pending.addressKey),
          inArray(reports.status, ['active', 'review']),
          community === null ? undefined : eq(reports.community, community),
        );
        const disputes = (
          await tx.select().from(reports).where(disputed).orderBy(asc(reports.createdAt), asc(reports.id))
        ).map((row) => toStoredReport(row));
        // Not in this community's queue: its moderators cannot decide it.
        if (community !== null && disputes.length === 0)
          return { decided: false as const, current: null, earlier: null };
        let dismissedReports = 0;
        if (decision.outcome === 'upheld') {
          // Reports filed until now stop counting; one filed after the decision counts again.
          const dismissed = await tx
            .update(reports)
            .set({ status: 'dismissed' })
            .where(disputed)
            .returning({ id: reports.id });
          dismissedReports = dismissed.length;
        }
        const decide = async (status: AppealOutcome, dismissed: number) => {
          const [decided] = await tx
            .update(appeals)
            .set({
              status,
              decidedAt: sql`now()`,
              decidedBy: decision.decidedBy,
              note: decision.note,
              dismissedReports: dismissed,
            })
            .where(eq(appeals.id, id))
            .returning();
          return toAppeal(decided ?? pending);
        };
        if (community === null) {
          const appeal = await decide(decision.outcome, dismissedReports);
          return {
            decided: true as const,
            appeal,
            disputes,
            dismissedReports,
            decidedAt: appeal.decidedAt ?? new Date(),
          };
        }
        // One community's decision covers its own reports only: the appeal stays pending for the
        // others (and every summary says so) until each community with disputed reports decided.
        const [recorded] = await tx
          .insert(appealDecisions)
          .values({
            appealId: id,
            community,
            status: decision.outcome,
            decidedBy: decision.decidedBy,
            note: decision.note,
            dismissedReports,
          })
          .returning();
        const decidedAt = recorded?.decidedAt ?? new Date();
        const [undecided] = await tx
          .select({ id: reports.id })
          .from(reports)
          .where(
            and(
              eq(reports.addressKey, pending.addressKey),
              inArray(reports.status, ['active', 'review']),
              // A report filed outside any community waits for the operator.
              or(
                isNull(reports.community),
                notExists(
                  tx
                    .select({ one: sql`1` })
                    .from(appealDecisions)
                    .where(
                      and(eq(appealDecisions.appealId, id), eq(appealDecisions.community, reports.community)),
                    ),
                ),
              ),
            ),
          )
          .limit(1);
        if (undecided)
          return { decided: true as const, appeal: toAppeal(pending), disputes, dismissedReports, decidedAt };
        // Every community decided: upheld only if none of the reports it disputed still counts.
        const [counting] = await tx
          .select({ id: reports.id })
          .from(reports)
          .where(
            and(eq(reports.addressKey, pending.addressKey), inArray(reports.status, ['active', 'review'])),
          )
          .limit(1);
        const [total] = await tx
          .select({ dismissed: sql<number>`coalesce(sum(${appealDecisions.dismissedReports}), 0)::int` })
          .from(appealDecisions)
          .where(eq(appealDecisions.appealId, id));
        const appeal = await decide(counting ? 'rejected' : 'upheld', Number(total?.dismissed ?? 0));
        return { decided: true as const, appeal, disputes, dismissedReports, decidedAt };
      });
    },
  };
}
