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
  type CommunityAppealDecision,
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
export type {
  AddressHistory,
  Asset,
  CounterpartyFlags,
  NeighbourRead,
  TraceEdge,
  TraceGraph,
  Transfer,
} from './exposure/history.js';
export {
  EXPOSURE_DIRECTIONS,
  EXPOSURE_KINDS,
  type Exposure,
  type ExposureDirection,
  type ExposureHit,
  type ExposureKind,
  type ExposureStep,
  type NoHistorySource,
  parseHops,
  TRACE_HOPS,
  TRACE_INCOMPLETE_REASONS,
  TRACE_STOP_REASONS,
  type TraceError,
  type TraceHops,
  type TraceIncompleteReason,
  type TraceOptions,
  type TraceProgress,
  type TraceStop,
  type TraceStopReason,
} from './exposure/model.js';
export { describeExposureHit, describeFlag } from './exposure/wording.js';
export {
  HISTORY_EVENTS,
  type HistoryEvent,
  type HistoryEventKind,
  type NewHistoryEvent,
  platformOf,
} from './history.js';
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
export {
  MAX_SIGNATURE_LENGTH,
  MAX_SIGNED_MESSAGE_LENGTH,
  OWNERSHIP_CHAINS,
  OWNERSHIP_METHODS,
  type OwnershipChain,
  type OwnershipError,
  type OwnershipMethod,
  type OwnershipProof,
  type OwnershipVerdict,
  type SignatureCheck,
} from './ownership/model.js';
export { verifyOwnership } from './ownership/verify.js';
export type {
  AlertChannel,
  AppealStore,
  BlockSource,
  ChainCursorStore,
  ChainFacts,
  ChainHistory,
  CommunityStore,
  ExposureStore,
  HistoryLog,
  ListStore,
  LookupBudget,
  MemberSightings,
  ModerationLog,
  PendingAppeal,
  ReportDecisionResult,
  ReportStore,
  ReviewStore,
  ScreeningStore,
  SettingsStore,
  SignatureVerifier,
  WatchAlertStore,
  WatchStore,
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
  type AppealReviewItem,
  appealItemOf,
  type DisputedReport,
  MAX_REVIEW_ITEMS,
  type OnReportApproved,
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
export {
  DEFAULT_TRACE_LIMITS,
  exposureLevel,
  formatUnits,
  parseUnits,
  type TraceLimits,
} from './use-cases/trace.js';
export {
  destinationKey,
  MAX_WATCH_LABEL_LENGTH,
  parseWebhookUrl,
  WATCH_DELIVERIES_SHOWN,
  type Watching,
} from './use-cases/watch.js';
export {
  type AlertDelivery,
  type AlertDeliveryDeps,
  createAlertDelivery,
  type DeliveryReport,
  RETRY_FOR_MS,
} from './use-cases/watch-delivery.js';
export {
  createWatchPoller,
  type PollReport,
  type WatchPollDeps,
  type WatchPoller,
} from './use-cases/watch-poll.js';
export {
  type AlertRateLimit,
  type Counterparty,
  DEFAULT_WATCH_LIMITS,
  type DeliveryOutcome,
  type DeliveryStatus,
  type ObservedTransfer,
  WATCH_EVENT_KINDS,
  type Watch,
  type WatchAlert,
  type WatchCreated,
  type WatchDelivery,
  type WatchDestination,
  type WatchError,
  type WatchEvent,
  type WatchEventKind,
  type WatchInput,
} from './watch.js';
