/**
 * The core's one door. Everything outside `src/core` (adapters, store, chain, intel, tests, bench)
 * imports from here and nowhere else in the core: `createChainwarden(ports)` and the use cases it
 * returns, the domain model (addresses, risk summaries, reports, lists, community settings), the
 * ports the store and chain modules implement, and the few pure helpers renderers need.
 */

// Pure helpers: addresses, look-alikes, report rules, risk wording.
export {
  chainLabel,
  extractAddresses,
  parseAddress,
  scanText,
  shortAddress,
  type TextScan,
} from './address/index.js';
export {
  DEFAULT_LOOKALIKE_OPTIONS,
  isLookalike,
  LOOKALIKE_INDEX_LENGTH,
  type LookalikeOptions,
  lookalikeBody,
  lookalikeProbe,
  selectLookalikes,
} from './lookalike.js';
// Ports (implemented in src/store and src/chain) and the records they carry.
export {
  type ChainFacts,
  type CommunitySettings,
  DEFAULT_COMMUNITY_SETTINGS,
  type ListEdition,
  type ListEntry,
  type ListHit,
  type ListKind,
  type ListMeta,
  type ListOrigin,
  type ListStore,
  type LookalikeCandidate,
  type LookalikeOrigin,
  type LookalikeProbe,
  type ModerationAction,
  type ModerationLog,
  type NewReport,
  type ReporterLimit,
  type ReportStats,
  type ReportStatus,
  type ReportStore,
  type SanctionsListEdition,
  type SaveReportResult,
  SCAN_MODES,
  SCAN_TRIGGER_LEVELS,
  type ScanMode,
  type ScreeningSignals,
  type ScreeningStore,
  type SettingsStore,
  type StoredReport,
} from './ports.js';
export {
  CATEGORY_HINT,
  DEFAULT_REPORT_LIMITS,
  MAX_EVIDENCE_LENGTH,
  MAX_NOTE_LENGTH,
  parseCategory,
  parseEvidence,
  parseNote,
  parseReporter,
  type ReportLimits,
} from './reports/index.js';
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
// The service and its use cases.
export { type ChainwardenPorts, createChainwarden, MAX_ADDRESSES_PER_TEXT } from './screening.js';
export type { Chainwarden, ReportError, ReportInput, ReportReceipt, ScreenContext } from './service.js';
// Domain model.
export {
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
