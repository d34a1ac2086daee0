/**
 * What a community report is: what a reporter files (`ReportInput`), what is stored
 * (`StoredReport`), the tallies a screen reads (`ReportStats`), and the expected failures of filing
 * one (`ReportError`), each with a reason and a hint written for the person who filed it.
 */
import type { StorageUnavailable } from '../storage.js';
import type { InvalidAddress, ParsedAddress, ReportCategory, ReportSource } from '../types.js';
import type { CommunityVerification } from './trust.js';
import type { HeldFor, ReporterFacts, ReporterWeight } from './weight.js';

/**
 * `active` reports count towards the level; `review` ones (against an allowlisted address, or from a
 * reporter held by reports/weight.ts) wait for a moderator; `rejected` ones a moderator turned down
 * never count again; `dismissed` ones were filed before a moderator upheld the owner's appeal and no
 * longer count.
 */
export type ReportStatus = 'active' | 'review' | 'rejected' | 'dismissed';

export interface NewReport {
  address: ParsedAddress;
  category: ReportCategory;
  note: string | null;
  evidence: string | null;
  /** `platform:user id`, e.g. `telegram:12345`, `discord:8012...`, `cli:alice`, `api:key-id`. */
  reporter: string;
  source: ReportSource;
  /** `telegram:<chat id>` or `discord:<guild id>` when filed inside a community. */
  community: string | null;
  /** Moderator id (`platform:user id`) when a moderator verified or filed it. */
  verifiedBy: string | null;
  status: ReportStatus;
  /** How much the reporter counted when they filed (reports/weight.ts). */
  weight: ReporterWeight;
  /** Why it waits for review; null when it counted at once. */
  heldFor: HeldFor | null;
}

export interface StoredReport {
  id: number;
  addressKey: string;
  address: string;
  chain: ParsedAddress['chain'];
  category: ReportCategory;
  note: string | null;
  evidence: string | null;
  reporter: string;
  source: ReportSource;
  community: string | null;
  verifiedBy: string | null;
  /** The community the verifying moderator acted in; absent or null when not verified or not known. */
  verifiedIn?: string | null;
  /** Whether the operator trusts `verifiedIn` (reports/trust.ts); absent: not trusted. */
  verifiedInTrusted?: boolean;
  status: ReportStatus;
  weight: ReporterWeight;
  heldFor: HeldFor | null;
  /** Who approved or rejected it from the review queue (`platform:user id`), when, and why. */
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReportStats {
  /** Active reports (one per reporter, so also the number of distinct reporters). */
  total: number;
  /** Active reports a moderator verified, in any community: where each counts is `verifications`'. */
  verified: number;
  /** The verified ones by the community their moderator acted in, and whether the operator trusts it. */
  verifications: CommunityVerification[];
  categories: Partial<Record<ReportCategory, number>>;
  underReview: number;
  firstAt: Date | null;
  latestAt: Date | null;
}

/**
 * `per: 'reporter'`: at most `max` unverified reports by this reporter in any `windowSeconds`.
 * `per: 'community'`: at most `max` addresses verified by the moderators of the report's community
 * in any `windowSeconds` (FLAGS_PER_HOUR).
 */
export interface ReporterLimit {
  per: 'reporter' | 'community';
  max: number;
  windowSeconds: number;
}

export type SaveReportResult =
  | { saved: true; report: StoredReport; created: boolean }
  | { saved: false; recent: number; retryAfterSeconds: number };

export interface ReportInput {
  /** Raw user text; parsed by the core. */
  address: string;
  /** Raw user text; one of REPORT_CATEGORIES (labels and a few aliases are accepted). */
  category: string;
  note?: string | null;
  evidence?: string | null;
  reporter: string;
  source: ReportSource;
  community?: string | null;
  /** Set when a moderator files or verifies: the moderator's `platform:user id`. */
  verifiedBy?: string | null;
  /** What the platform tells about the reporter, for their weight (reports/weight.ts). */
  reporterFacts?: ReporterFacts;
}

export type ReportError =
  | InvalidAddress
  | { code: 'invalid-category'; input: string; reason: string; hint: string }
  | { code: 'note-too-long'; reason: string; hint: string; max: number }
  | { code: 'invalid-evidence'; input: string; reason: string; hint: string }
  | { code: 'invalid-reporter'; input: string; reason: string; hint: string }
  | { code: 'rate-limited'; reason: string; hint: string; retryAfterSeconds: number }
  | StorageUnavailable;

export interface ReportReceipt {
  report: StoredReport;
  /** false when it updated the reporter's earlier report on the same address. */
  created: boolean;
  status: ReportStatus;
  category: ReportCategory;
  /** Why it waits for review; null when it counts now. */
  heldFor: HeldFor | null;
}
