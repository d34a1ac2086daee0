/**
 * The review queue (issue 20): what waits for a moderator in one community, and their decision.
 *
 * A queue is per community: a Telegram group's admins or a Discord server's moderators see the
 * reports filed there and decide them; the operator (CLI, an admin API key) sees every queue. An
 * approval is that community's moderator verification (reports/trust.ts: it counts as verified
 * there, elsewhere only if the operator trusts the community); a rejection never counts again.
 * Items carry a `kind`: owners' appeals (`appeal-<id>`) wait in the same queue, in a community's
 * queue when they dispute reports filed there. Approve upholds one, reject rejects it, through the
 * appeal use case's own decision (`POST /v1/appeals/{id}/decision`, `chainwarden appeal` use it
 * too); a community's moderators dismiss only the reports filed in their community.
 */

import type { AppealError, AppealSource, DelistNotice } from '../appeals.js';
import { platformOf } from '../history.js';
import type { OwnershipMethod } from '../ownership/model.js';
import type { HistoryLog, PendingAppeal, ReportDecisionResult, ReviewStore } from '../ports.js';
import { MAX_NOTE_LENGTH, parseNote } from '../reports/index.js';
import type { StoredReport } from '../reports/model.js';
import type { HeldFor, ReporterWeight } from '../reports/weight.js';
import { type StorageUnavailable, StorageUnavailableError, storageUnavailable } from '../storage.js';
import { type Chain, err, ok, type ReportCategory, type Result } from '../types.js';
import type { Appeals } from './appeal.js';

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

/** A report an appeal disputes, as moderators see it: never the reporter's user id. */
export interface DisputedReport {
  reportId: number;
  category: ReportCategory;
  status: 'active' | 'review';
  platform: string;
  weight: ReporterWeight;
  community: string | null;
  createdAt: Date;
}

/**
 * An owner's appeal waiting for a moderator: they proved control of the address (`method`, at
 * `verifiedAt`) and dispute `disputes` (in a community's queue, that community's reports only).
 * Approve upholds it (those reports are dismissed), reject rejects it. Never who filed it.
 */
export interface AppealReviewItem {
  kind: 'appeal';
  /** `appeal-<id>`: the id review commands, buttons and `POST /v1/reviews/{id}` take. */
  id: string;
  appealId: number;
  address: string;
  chain: Chain;
  statement: string;
  method: OwnershipMethod;
  /** Where the owner filed it (api, telegram, discord, cli, web). */
  source: AppealSource;
  /** When the signature was verified and the appeal filed (same as `createdAt`). */
  verifiedAt: Date;
  disputes: DisputedReport[];
  createdAt: Date;
}

export type ReviewItem = ReportReviewItem | AppealReviewItem;

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
  /** For an appeal: the reports an upheld one dismissed, and the lists it could not change. */
  appeal: { dismissedReports: number; delist: DelistNotice[] } | null;
}

export type ReviewError =
  | { code: 'invalid-review-id'; input: string; reason: string; hint: string }
  | { code: 'review-not-found'; id: string; reason: string; hint: string }
  | { code: 'already-decided'; id: string; reason: string; hint: string; status: string }
  | { code: 'note-too-long'; reason: string; hint: string; max: number }
  | StorageUnavailable;

/** What a queue's decision hook hears: a report a moderator approved now counts (watch alerts). */
export type OnReportApproved = (report: StoredReport) => void;

export interface Review {
  listReviews(reviewer: Pick<Reviewer, 'community'>, limit?: number): Promise<ReviewItem[]>;
  decideReview(
    input: Reviewer & { id: string; decision: ReviewDecision; note?: string | null },
  ): Promise<Result<ReviewOutcome, ReviewError>>;
}

export const MAX_REVIEW_ITEMS = 100;
const REVIEW_ID = /^(report|appeal)-([1-9][0-9]{0,15})$/;
const REVIEW_ID_HINT = 'a review id as listed, e.g. report-42 or appeal-7';

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

export function appealItemOf({ appeal, disputes }: PendingAppeal): AppealReviewItem {
  return {
    kind: 'appeal',
    id: `appeal-${appeal.id}`,
    appealId: appeal.id,
    address: appeal.address,
    chain: appeal.chain,
    statement: appeal.statement,
    method: appeal.method,
    source: appeal.source,
    verifiedAt: appeal.createdAt,
    disputes: disputes.map((report) => ({
      reportId: report.id,
      category: report.category,
      status: report.status === 'review' ? 'review' : 'active',
      platform: platformOf(report.reporter),
      weight: report.weight,
      community: report.community,
      createdAt: report.createdAt,
    })),
    createdAt: appeal.createdAt,
  };
}

export interface ReviewDeps {
  reviews: ReviewStore;
  history: HistoryLog;
  /** Appeals are decided by the appeal use case's own `decide` (one decision path for every door). */
  appeals: Pick<Appeals, 'decide'>;
  /** Called after an approval is stored (the `reported` watch alert); must not throw. */
  onApproved?: OnReportApproved;
}

/** The appeal use case's failures, as a queue's. */
function appealReviewError(error: AppealError, id: string, community: string | null): ReviewError {
  switch (error.code) {
    case 'appeal-not-found':
      return {
        code: 'review-not-found',
        id,
        reason: `nothing waits for review as ${id}${community ? ' in this community' : ''}`,
        hint: 'list what waits with /review (or chainwarden review list) and use an id from it',
      };
    case 'appeal-decided':
      return {
        code: 'already-decided',
        id,
        status: error.status,
        reason: `${id} was already decided (it is ${error.status})`,
        hint: 'a decision stands; nothing was changed',
      };
    case 'invalid-statement':
      return { code: 'note-too-long', reason: error.reason, hint: error.hint, max: MAX_NOTE_LENGTH };
    case 'storage-unavailable':
      return error;
    default:
      throw new Error(`appeal decision failed unexpectedly: ${error.code}`);
  }
}

export function createReview(deps: ReviewDeps): Review {
  return {
    async listReviews({ community }, limit = 20) {
      const max = Math.min(Math.max(limit, 1), MAX_REVIEW_ITEMS);
      const [reports, appeals] = await Promise.all([
        deps.reviews.pendingReports(community, max),
        deps.reviews.pendingAppeals(community, max),
      ]);
      // Oldest first across both kinds: whatever has waited longest is decided first.
      return [...reports.map(reviewItemOf), ...appeals.map(appealItemOf)]
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .slice(0, max);
    },

    async decideReview(input) {
      const id = typeof input.id === 'string' ? input.id.trim() : '';
      const match = REVIEW_ID.exec(id);
      if (!match?.[1] || !match[2]) {
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
      if (match[1] === 'appeal') {
        const decided = await deps.appeals.decide({
          id: Number(match[2]),
          outcome: input.decision === 'approve' ? 'upheld' : 'rejected',
          note: note.value,
          decidedBy: input.reviewer,
          community: input.community,
        });
        if (!decided.ok) return err(appealReviewError(decided.error, id, input.community));
        const { appeal, delist, disputes, dismissedReports, decidedAt } = decided.value;
        return ok({
          item: appealItemOf({ appeal, disputes }),
          decision: input.decision,
          reviewedBy: input.reviewer,
          reviewedAt: decidedAt,
          note: note.value,
          appeal: { dismissedReports, delist },
        });
      }
      let result: ReportDecisionResult;
      try {
        result = await deps.reviews.decideReport({
          reportId: Number(match[2]),
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
      try {
        await deps.history.append({
          addressKey: report.addressKey,
          address: report.address,
          event: input.decision === 'approve' ? 'approved' : 'rejected',
          actorPlatform: platformOf(input.reviewer),
          actorWeight: null,
          reportId: report.id,
          category: report.category,
          note: note.value,
        });
      } catch (error) {
        // The decision stands once stored; its history line is best effort after it.
        if (!(error instanceof StorageUnavailableError)) throw error;
      }
      if (input.decision === 'approve') deps.onApproved?.(report);
      return ok({
        item: reviewItemOf(report),
        decision: input.decision,
        reviewedBy: input.reviewer,
        reviewedAt: report.reviewedAt ?? new Date(),
        note: note.value,
        appeal: null,
      });
    },
  };
}
