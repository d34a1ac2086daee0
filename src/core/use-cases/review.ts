/**
 * The review queue (issue 20): what waits for a moderator in one community, and their decision.
 *
 * A queue is per community: a Telegram group's admins or a Discord server's moderators see the
 * reports filed there and decide them; the operator (CLI, an admin API key) sees every queue. An
 * approval is that community's moderator verification (reports/trust.ts: it counts as verified
 * there, elsewhere only if the operator trusts the community); a rejection never counts again.
 * Items carry a `kind`, so other things that wait for a moderator (appeals) join the same queue.
 */

import type { ReportDecisionResult, ReviewStore } from '../ports.js';
import { parseNote } from '../reports/index.js';
import type { StoredReport } from '../reports/model.js';
import type { HeldFor, ReporterWeight } from '../reports/weight.js';
import { type StorageUnavailable, StorageUnavailableError, storageUnavailable } from '../storage.js';
import { err, ok, type ReportCategory, type Result } from '../types.js';

export const REVIEW_DECISIONS = ['approve', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** A report waiting for a moderator, as moderators see it: never the reporter's user id. */
export interface ReportReviewItem {
  kind: 'report';
  /** `report-<id>`: the id review commands, buttons and `POST /v1/reviews/{id}` take. */
  id: string;
  reportId: number;
  address: string;
  chain: StoredReport['chain'];
  category: ReportCategory;
  note: string | null;
  evidence: string | null;
  /** Where the reporter filed it (`telegram`, `discord`, `api`, `cli`), and how much they counted. */
  platform: string;
  weight: ReporterWeight;
  heldFor: HeldFor | null;
  community: string | null;
  createdAt: Date;
}

/** One kind for now; `appeal` items join this union. */
export type ReviewItem = ReportReviewItem;

/** Who decides, and in which queue: `community` null is the operator (CLI, admin API key), any queue. */
export interface Reviewer {
  /** `platform:user id`, e.g. `telegram:12345`, `discord:8012…`, `cli:alice`, `api:<key id>`. */
  reviewer: string;
  community: string | null;
}

export interface ReviewOutcome {
  item: ReviewItem;
  decision: ReviewDecision;
  reviewedBy: string;
  reviewedAt: Date;
  note: string | null;
}

export type ReviewError =
  | { code: 'invalid-review-id'; input: string; reason: string; hint: string }
  | { code: 'review-not-found'; id: string; reason: string; hint: string }
  | { code: 'already-decided'; id: string; reason: string; hint: string; status: string }
  | { code: 'note-too-long'; reason: string; hint: string; max: number }
  | StorageUnavailable;

export interface Review {
  listReviews(reviewer: Pick<Reviewer, 'community'>, limit?: number): Promise<ReviewItem[]>;
  decideReview(
    input: Reviewer & { id: string; decision: ReviewDecision; note?: string | null },
  ): Promise<Result<ReviewOutcome, ReviewError>>;
}

export const MAX_REVIEW_ITEMS = 100;
const REVIEW_ID = /^report-([1-9][0-9]{0,15})$/;
const REVIEW_ID_HINT = 'a review id as listed, e.g. report-42';

export function reviewItemOf(report: StoredReport): ReportReviewItem {
  return {
    kind: 'report',
    id: `report-${report.id}`,
    reportId: report.id,
    address: report.address,
    chain: report.chain,
    category: report.category,
    note: report.note,
    evidence: report.evidence,
    platform: report.reporter.slice(0, report.reporter.indexOf(':')),
    weight: report.weight,
    heldFor: report.heldFor,
    community: report.community,
    createdAt: report.createdAt,
  };
}

export function createReview(deps: { reviews: ReviewStore }): Review {
  return {
    async listReviews({ community }, limit = 20) {
      const reports = await deps.reviews.pendingReports(
        community,
        Math.min(Math.max(limit, 1), MAX_REVIEW_ITEMS),
      );
      return reports.map(reviewItemOf);
    },

    async decideReview(input) {
      const id = typeof input.id === 'string' ? input.id.trim() : '';
      const match = REVIEW_ID.exec(id);
      if (!match?.[1]) {
        return err({
          code: 'invalid-review-id',
          input: id.slice(0, 40),
          reason: `"${id.slice(0, 40)}" is not a review id`,
          hint: REVIEW_ID_HINT,
        });
      }
      const note = parseNote(input.note);
      if (!note.ok) {
        if (note.error.code !== 'note-too-long') throw new Error('parseNote failed unexpectedly');
        return err(note.error);
      }
      let result: ReportDecisionResult;
      try {
        result = await deps.reviews.decideReport({
          reportId: Number(match[1]),
          decision: input.decision,
          reviewer: input.reviewer,
          community: input.community,
          note: note.value,
        });
      } catch (error) {
        if (error instanceof StorageUnavailableError) return err(storageUnavailable());
        throw error;
      }
      if (!result.decided) {
        // A report of another community is "not found" here: a queue shows and decides its own only.
        if (result.status === null) {
          return err({
            code: 'review-not-found',
            id,
            reason: `nothing waits for review as ${id}${input.community ? ' in this community' : ''}`,
            hint: 'list what waits with /review (or chainwarden review list) and use an id from it',
          });
        }
        return err({
          code: 'already-decided',
          id,
          status: result.status,
          reason: `${id} was already decided (it is ${result.status === 'rejected' ? 'rejected' : 'approved'})`,
          hint: 'a decision stands; nothing was changed',
        });
      }
      const { report } = result;
      return ok({
        item: reviewItemOf(report),
        decision: input.decision,
        reviewedBy: input.reviewer,
        reviewedAt: report.reviewedAt ?? new Date(),
        note: note.value,
      });
    },
  };
}
