/**
 * The core's one door. Everything outside `src/core` (adapters, store, chain, intel, tests, bench)
 * imports from here and nowhere else in the core: `createChainwarden(ports)` and the use cases it
 * returns, the domain model (addresses, risk summaries, reports, lists, community settings), the
 * ports the store and chain modules implement, and the few pure helpers renderers need.
 *
 * By file (Biome keeps the exports sorted by it): `chainwarden.js` and `service.js` are the service,
 * `use-cases/*` its use cases' results, `ports.js` the ports; `types.js`, `reports/model.js`,
 * `lists.js`, `lookalike.js`, `signals.js` and `community.js` the domain model; `address/`,
 * `reports/index.js` and `risk/` pure rules and wording.
 */

export {
  chainLabel,
  describeOtherForms,
  extractAddresses,
  parseAddress,
  parseAddressOn,
  scanText,
  shortAddress,
  type TextScan,
} from './address/index.js';
export {
  APPEAL_OUTCOMES,
  APPEAL_STATUSES,
  type AppealChallenge,
  type AppealError,
  type AppealOutcome,
  type AppealSignal,
  type AppealSource,
  type AppealStatus,
  CHALLENGE_TTL_SECONDS,
  challengeText,
  type DelistNotice,
  delistNotices,
  MAX_CONTACT_LENGTH,
  MAX_STATEMENT_LENGTH,
  type NewAppeal,
  SIGNING_HOWTO,
  type StoredAppeal,
} from './appeals.js';
export type { BackgroundErrorHandler, BackgroundTask } from './background.js';
export { type ChainwardenPorts, createChainwarden } from './chainwarden.js';
export {
  COMMUNITY_HINT,
  type CommunityRecord,
  type CommunitySettings,
  DEFAULT_COMMUNITY_SETTINGS,
  type InvalidCommunity,
  type ModerationAction,
  parseCommunityId,
  SCAN_MODES,
  SCAN_TRIGGER_LEVELS,
  type ScanMode,
} from './community.js';
export { cleanFreeText, unsafeCharacter, visibleInput } from './input.js';
export type { ListEdition, ListEntry, ListHit, ListKind, ListMeta, ListOrigin } from './lists.js';
export {
  DEFAULT_LOOKALIKE_OPTIONS,
  isLookalike,
  LOOKALIKE_INDEX_LENGTH,
  type LookalikeCandidate,
  type LookalikeOptions,
  type LookalikeOrigin,
  type LookalikeProbe,
  lookalikeBody,
  lookalikeProbe,
  selectLookalikes,
} from './lookalike.js';
export { tronAddressOf, tronMessageHash } from './ownership/account.js';
export { bip322MessageHash, bip322ToSign, bip322ToSpend, legacyMessageHash } from './ownership/bitcoin.js';
export {
  MAX_SIGNATURE_LENGTH,
  MAX_SIGNED_MESSAGE_LENGTH,
  OWNERSHIP_CHAINS,
  OWNERSHIP_METHODS,
  type OwnershipError,
  type OwnershipMethod,
  type OwnershipProof,
  type OwnershipVerdict,
} from './ownership/model.js';
export { verifyOwnership } from './ownership/verify.js';
export type {
  AppealStore,
  ChainFacts,
  CommunityStore,
  ListStore,
  LookupBudget,
  MemberSightings,
  ModerationLog,
  ReportDecisionResult,
  ReportStore,
  ReviewStore,
  ScreeningStore,
  SettingsStore,
} from './ports.js';
export {
  CATEGORY_HINT,
  DEFAULT_FLAGS_PER_COMMUNITY,
  DEFAULT_REPORT_LIMITS,
  MAX_EVIDENCE_LENGTH,
  MAX_NOTE_LENGTH,
  parseCategory,
  parseEvidence,
  parseNote,
  parseReporter,
  type ReportLimits,
} from './reports/index.js';
export type {
  NewReport,
  ReportError,
  ReporterLimit,
  ReportInput,
  ReportReceipt,
  ReportStats,
  ReportStatus,
  SaveReportResult,
  StoredReport,
} from './reports/model.js';
export {
  type CommunityVerification,
  countedVerifications,
  countsAsVerified,
  scopeVerifications,
  type VerificationScope,
} from './reports/trust.js';
export {
  DEFAULT_REPORTER_RULES,
  HELD_FOR_TEXT,
  type HeldFor,
  REPORTER_WEIGHTS,
  type ReporterFacts,
  type ReporterRecord,
  type ReporterRules,
  type ReporterWeight,
  type Weighing,
  weighReporter,
} from './reports/weight.js';
export {
  assessRisk,
  describeAge,
  describeCategories,
  levelAtLeast,
  levelForScore,
  listAgeDays,
  type RiskAssessment,
  type RiskSignals,
  STALE_SANCTIONS_DAYS,
  staleSanctionsText,
} from './risk/index.js';
export type { Chainwarden, ScreenContext } from './service.js';
export type { SanctionsListEdition, ScreeningSignals } from './signals.js';
export {
  STORAGE_RETRY_AFTER_SECONDS,
  type StorageUnavailable,
  StorageUnavailableError,
  storageUnavailable,
} from './storage.js';
export {
  type AddressForm,
  CHAINS,
  type Chain,
  err,
  type InvalidAddress,
  type Lookalike,
  type Network,
  type OnchainFacts,
  ok,
  type ParsedAddress,
  REASON_CODES,
  REPORT_CATEGORIES,
  REPORT_CATEGORY_LABELS,
  type Reason,
  type ReasonCode,
  type ReportCategory,
  type ReportCounts,
  type ReportSource,
  type Result,
  RISK_LEVELS,
  type RiskLevel,
  type RiskSummary,
} from './types.js';
export type {
  AppealDecision,
  AppealDecisionInput,
  AppealSubmission,
  Appeals,
  ChallengeRequest,
} from './use-cases/appeal.js';
export type { CheckOutcome } from './use-cases/check-input.js';
export type { CommunityTrust, TrustChange } from './use-cases/community-trust.js';
export {
  DEFAULT_FLAG_CATEGORY,
  type FlagAddressError,
  type FlagError,
  type FlaggedAddress,
  type FlagPost,
  type FlagPostInput,
  type FlagReceipt,
  flaggableAddresses,
  MAX_FLAG_ADDRESSES,
} from './use-cases/flag-post.js';
export {
  DEFAULT_WARNING_LIMIT,
  type ModerateMessage,
  type ModerateMessageInput,
  type ModerationOutcome,
  type WarningLimit,
} from './use-cases/moderate-message.js';
export type { DeleteResult } from './use-cases/platform-actions.js';
export { reportTarget } from './use-cases/report.js';
export {
  MAX_REVIEW_ITEMS,
  REVIEW_DECISIONS,
  type ReportReviewItem,
  type Review,
  type ReviewDecision,
  type ReviewError,
  type Reviewer,
  type ReviewItem,
  type ReviewOutcome,
} from './use-cases/review.js';
export { DEFAULT_CHAIN_LOOKUPS_PER_REQUEST, MAX_ADDRESSES_PER_TEXT } from './use-cases/screening.js';
