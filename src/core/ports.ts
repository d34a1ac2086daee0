/**
 * Ports: the small interfaces the core needs from the outside world, and nothing else (the records
 * they carry live in the domain files: reports/model.ts, lists.ts, lookalike.ts, community.ts,
 * signals.ts). `src/store` implements the storage ones on drizzle (PGlite or postgres.js),
 * `src/chain` the on-chain one. The core never imports an implementation; `src/app.ts` wires them.
 */
import type { AppealChallenge, AppealOutcome, AppealStatus, NewAppeal, StoredAppeal } from './appeals.js';
import type { CommunityRecord, CommunitySettings, ModerationAction } from './community.js';
import type { ListEdition, ListEntry, ListHit, ListKind, ListMeta } from './lists.js';
import type { LookalikeProbe } from './lookalike.js';
import type { NewReport, ReporterLimit, SaveReportResult, StoredReport } from './reports/model.js';
import type { ReporterRecord } from './reports/weight.js';
import type { ScreeningSignals } from './signals.js';
import type { OnchainFacts, ParsedAddress } from './types.js';
import type { ReviewDecision } from './use-cases/review.js';

/** Everything a screen needs from storage, fetched in one round trip. */
export interface ScreeningStore {
  signalsFor(
    address: ParsedAddress,
    options: { lookalike: LookalikeProbe | null; community: string | null },
  ): Promise<ScreeningSignals>;
  /** Remember that a community screened or reported this address (look-alike candidates per community). */
  noteCommunityAddress(
    community: string,
    address: ParsedAddress,
    probe: LookalikeProbe | null,
  ): Promise<void>;
}

export interface ReportStore {
  /**
   * Insert, or update the reporter's earlier report on the same address. With a limit, the count and
   * the write happen under one per-reporter lock, so parallel requests cannot slip past it.
   */
  saveReport(
    report: NewReport,
    probe: LookalikeProbe | null,
    limit: ReporterLimit | null,
  ): Promise<SaveReportResult>;
  listReports(addressKey: string, limit: number): Promise<StoredReport[]>;
  /**
   * What moderators decided about this reporter's reports: every rejection, and the approvals that
   * count in `community` (made there or in a community the operator trusts; reports/trust.ts).
   */
  reporterRecord(reporter: string, community: string | null): Promise<ReporterRecord>;
}

/** What the store answers to a decision on one report. */
export type ReportDecisionResult =
  | { decided: true; report: StoredReport }
  | { decided: false; status: StoredReport['status'] | null };

/** The review queue's storage (src/store/review-store.ts). */
export interface ReviewStore {
  /** Reports with status `review`, oldest first; `community` null: every community's. */
  pendingReports(community: string | null, limit: number): Promise<StoredReport[]>;
  /**
   * Decides one waiting report in one statement: approve makes it active and verified by
   * `reviewer` in `verifiedIn`; reject makes it `rejected`. Only a report still in `review`, and
   * (with `community`) filed in that community, is decided; otherwise `status` is the report's
   * when a moderator already decided it, null when no such report waits or waited in that queue.
   */
  decideReport(input: {
    reportId: number;
    decision: ReviewDecision;
    reviewer: string;
    community: string | null;
    note: string | null;
  }): Promise<ReportDecisionResult>;
}

/** When the bot first saw each person in each chat: Telegram's stand-in for a member's tenure. */
export interface MemberSightings {
  /** Records the first sighting (later ones change nothing). */
  noteSeen(chat: string, member: string): Promise<void>;
  /** The first sighting, null when never seen. */
  firstSeen(chat: string, member: string): Promise<Date | null>;
}

export interface ListStore {
  hitsFor(addressKey: string): Promise<ListHit[]>;
  /** Which of these strings are on an imported list (of one of `kinds`, when given), verbatim (one query). */
  listedKeys(candidates: string[], kinds?: readonly ListKind[]): Promise<string[]>;
  /** Replace every entry of `meta.source` atomically with `batches`. */
  replaceList(meta: ListMeta, batches: AsyncIterable<ListEntry[]>): Promise<{ count: number }>;
  /**
   * In one transaction (one at a time across processes), replace each list for which `replaces`
   * says yes, given the stored edition (null when none); resolves the sources replaced.
   */
  replaceLists(
    lists: ReadonlyArray<{ meta: ListMeta; entries: ListEntry[] }>,
    replaces: (current: ListEdition | null, next: ListMeta) => boolean,
  ): Promise<string[]>;
  listSources(): Promise<ListEdition[]>;
}

export interface SettingsStore {
  get(community: string): Promise<CommunitySettings>;
  update(community: string, patch: Partial<CommunitySettings>): Promise<CommunitySettings>;
}

/** The operator's word on communities: whose moderators' verifications count everywhere. */
export interface CommunityStore {
  /** Marks a community trusted or not; says whether anything was known of it and whether it was trusted. */
  setTrusted(community: string, trusted: boolean): Promise<{ known: boolean; wasTrusted: boolean }>;
  /** Remembers a community's title as a bot saw it (shown by `community list`). */
  noteTitle(community: string, title: string): Promise<void>;
  /** Every community known: trusted ones, and those seen in reports, flags, settings or the log. */
  list(): Promise<CommunityRecord[]>;
}

export interface ModerationLog {
  record(action: ModerationAction): Promise<{ id: number; at: Date }>;
  recent(community: string, limit: number): Promise<Array<ModerationAction & { id: number; at: Date }>>;
}

/** Ownership challenges and appeals (use-cases/appeal.ts). */
export interface AppealStore {
  saveChallenge(challenge: AppealChallenge): Promise<void>;
  findChallenge(nonce: string): Promise<AppealChallenge | null>;
  /** The newest challenge for this address asked by `requestedBy`, used or not (chat flows). */
  latestChallenge(addressKey: string, requestedBy: string): Promise<AppealChallenge | null>;
  /**
   * In one transaction: marks the challenge used and files the appeal, unless the challenge was used
   * already or the address has a pending appeal.
   */
  fileAppeal(
    appeal: NewAppeal,
  ): Promise<
    | { filed: true; appeal: StoredAppeal }
    | { filed: false; because: 'challenge-used' }
    | { filed: false; because: 'appeal-pending'; appealId: number }
  >;
  getAppeal(id: number): Promise<StoredAppeal | null>;
  listAppeals(filter: { status: AppealStatus | null; limit: number }): Promise<StoredAppeal[]>;
  /**
   * In one transaction: records the outcome of a pending appeal; upheld also dismisses the
   * address's community reports filed until now (they stop counting). `decided: false` when the
   * appeal is unknown or was decided already.
   */
  decide(
    id: number,
    decision: { outcome: AppealOutcome; note: string | null; decidedBy: string },
  ): Promise<{ decided: true; appeal: StoredAppeal } | { decided: false; current: StoredAppeal | null }>;
}

export interface ChainFacts {
  /**
   * Facts for this address, `null` when no node is configured for its chain. Never throws, never
   * exceeds its timeout. With a `budget`, a call that would ask the node first takes one lookup
   * from it, and answers `unavailableBecause: 'skipped'` when none is left (cached facts are free).
   */
  factsFor(address: ParsedAddress, budget?: LookupBudget): Promise<OnchainFacts | null>;
}

/** The on-chain lookups one request (a batch, a message) may still make; shared by its screens. */
export interface LookupBudget {
  /** true, and one lookup fewer, while any is left. */
  take(): boolean;
}
