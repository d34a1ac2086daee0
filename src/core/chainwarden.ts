/**
 * `createChainwarden(ports)`: composes the use cases (one factory per file in `use-cases/`) over
 * the ports into the `Chainwarden` object every adapter talks to. Plain wiring, no container: a
 * new use case is one factory call and one property here.
 */

import { type BackgroundErrorHandler, createBackgroundWrites } from './background.js';
import type { Exposure, TraceError } from './exposure/model.js';
import { parseUserAddress } from './input.js';
import { DEFAULT_LOOKALIKE_OPTIONS, type LookalikeOptions } from './lookalike.js';
import { verifyOwnership } from './ownership/verify.js';
import type {
  AppealStore,
  ChainFacts,
  ChainHistory,
  CommunityStore,
  ExposureStore,
  HistoryLog,
  ListStore,
  MemberSightings,
  ModerationLog,
  ReportStore,
  ReviewStore,
  ScreeningStore,
  SettingsStore,
  SignatureVerifier,
  WatchAlertStore,
  WatchStore,
} from './ports.js';
import { DEFAULT_REPORT_LIMITS, type ReportLimits } from './reports/index.js';
import type { StoredReport } from './reports/model.js';
import { DEFAULT_REPORTER_RULES, type ReporterRules } from './reports/weight.js';
import type { Chainwarden } from './service.js';
import { type Chain, err, type Result } from './types.js';
import { createAppeals } from './use-cases/appeal.js';
import { createCheckInput } from './use-cases/check-input.js';
import { createCommunityTrust } from './use-cases/community-trust.js';
import { createFlagPost } from './use-cases/flag-post.js';
import { createMessageModerator, type WarningLimit } from './use-cases/moderate-message.js';
import { createReporting } from './use-cases/report.js';
import { createReview } from './use-cases/review.js';
import { createScreening, DEFAULT_CHAIN_LOOKUPS_PER_REQUEST } from './use-cases/screening.js';
import { createTracing, DEFAULT_TRACE_LIMITS, type TraceLimits } from './use-cases/trace.js';
import { createWatching } from './use-cases/watch.js';
import { DEFAULT_WATCH_LIMITS } from './watch.js';

export interface ChainwardenPorts {
  screening: ScreeningStore;
  reports: ReportStore;
  lists: ListStore;
  settings: SettingsStore;
  moderationLog: ModerationLog;
  communities: CommunityStore;
  watches: WatchStore;
  watchAlerts: WatchAlertStore;
  /** Watch-list rules: watches per chat, chains whose blocks are read, the service's own URLs. */
  watchOptions?: {
    maxPerOwner?: number;
    transferChains?: readonly Chain[];
    selfUrls?: () => readonly string[];
    /** New alerts from a report or a look-alike are in the outbox (the service sends them at once). */
    alertsRecorded?: () => void;
  };
  sightings: MemberSightings;
  appeals: AppealStore;
  /** Wallet signatures for ownership proofs and appeals (src/chain/ownership); absent: none is verified. */
  signatures?: SignatureVerifier | null;
  reviews: ReviewStore;
  historyLog: HistoryLog;
  /** Absent: every summary has `onchain: null`. */
  chain?: ChainFacts | null;
  /** Address histories for tracing; absent: `trace` says no chain has a source, summaries have `exposure: null`. */
  history?: ChainHistory | null;
  /** Counterparty flags and the trace cache; required with `history`. */
  exposure?: ExposureStore | null;
  /** TRACE_BUDGET_MS, TRACE_MAX_TX, TRACE_BUSY_TX, TRACE_DUST (defaults: DEFAULT_TRACE_LIMITS). */
  traceLimits?: Partial<TraceLimits>;
  /** CHAIN_TIMEOUT_MS: how long a check waits for the direct exposure; default 1500. */
  chainTimeoutMs?: number;
  /** Addresses of one request (a batch, a message) looked up on the chain; default 5. */
  chainLookupsPerRequest?: number;
  now?: () => Date;
  /** Challenge nonces (tests pass a fixed sequence); default: random. */
  nonce?: () => string;
  limits?: ReportLimits;
  /** When a reporter is too new to count at once (REPORTER_MIN_*); default 7 days, 24 hours. */
  reporterRules?: ReporterRules;
  lookalike?: LookalikeOptions;
  /** Auto-moderation warnings per chat or channel (default 3 a minute). */
  warnings?: WarningLimit;
  /** Where a failed background write is reported (the service's logger); absent: it is dropped. */
  onBackgroundError?: BackgroundErrorHandler;
}

export function createChainwarden(ports: ChainwardenPorts): Chainwarden {
  const now = ports.now ?? (() => new Date());
  const signatures = ports.signatures ?? null;
  const background = createBackgroundWrites(ports.onBackgroundError);
  const watching = createWatching({
    watches: ports.watches,
    alerts: ports.watchAlerts,
    lists: ports.lists,
    screening: ports.screening,
    maxPerOwner: ports.watchOptions?.maxPerOwner ?? DEFAULT_WATCH_LIMITS.maxPerOwner,
    transferChains: ports.watchOptions?.transferChains ?? [],
    selfUrls: ports.watchOptions?.selfUrls ?? (() => []),
    alertsRecorded: ports.watchOptions?.alertsRecorded ?? (() => {}),
  });
  const tracing =
    ports.history && ports.exposure
      ? createTracing({
          history: ports.history,
          store: ports.exposure,
          now,
          limits: { ...DEFAULT_TRACE_LIMITS, ...ports.traceLimits },
        })
      : null;
  const screening = createScreening({
    screening: ports.screening,
    lists: ports.lists,
    chain: ports.chain ?? null,
    now,
    lookalike: ports.lookalike ?? DEFAULT_LOOKALIKE_OPTIONS,
    background,
    chainLookupsPerRequest: ports.chainLookupsPerRequest ?? DEFAULT_CHAIN_LOOKUPS_PER_REQUEST,
    onLookalikesInCommunity: watching.screenedInCommunity,
    exposure: tracing ? (address) => tracing.directExposure(address, ports.chainTimeoutMs ?? 1500) : null,
  });
  // A report that counts alerts the watches on its address: when filed, or when a moderator
  // approves a held one. Acknowledged either way; a failed alert write is logged.
  const alertWatches = (report: StoredReport) =>
    background.start({ task: 'watch-alert', event: 'reported' }, async () => {
      await watching.reportSaved(report);
    });
  const appeals = createAppeals({
    appeals: ports.appeals,
    lists: ports.lists,
    signatures,
    history: ports.historyLog,
    now,
    ...(ports.nonce ? { nonce: ports.nonce } : {}),
  });
  const reporting = createReporting({
    reports: ports.reports,
    lists: ports.lists,
    screening: ports.screening,
    sightings: ports.sightings,
    history: ports.historyLog,
    limits: ports.limits ?? DEFAULT_REPORT_LIMITS,
    onSaved: alertWatches,
    reporterRules: ports.reporterRules ?? DEFAULT_REPORTER_RULES,
    now,
  });

  return {
    checkInput: createCheckInput(screening),
    screenAddress: screening.screenAddress,
    screenAddresses: screening.screenAddresses,
    screenText: screening.screenText,
    submitReport: reporting.submitReport,
    listReports: reporting.listReports,
    reportTarget: reporting.reportTarget,
    noteMemberSeen: ports.sightings.noteSeen,
    review: createReview({
      reviews: ports.reviews,
      history: ports.historyLog,
      appeals,
      onApproved: alertWatches,
    }),
    addressHistory: reporting.addressHistory,
    settings: ports.settings,
    moderationLog: ports.moderationLog,
    settled: background.settled,
    trace: tracing ? tracing.trace : traceWithoutHistory,
    watching,
    screenOffline: screening.screenOffline,
    communities: createCommunityTrust(ports.communities),
    verifyOwnership: (proof) => verifyOwnership(proof, signatures),
    appeals,
    flagPost: createFlagPost({
      submitReport: reporting.submitReport,
      moderationLog: ports.moderationLog,
      communities: ports.communities,
    }),
    moderateMessage: createMessageModerator(
      {
        screenScan: screening.screenScan,
        lists: ports.lists,
        settings: ports.settings,
        moderationLog: ports.moderationLog,
      },
      { now, warnings: ports.warnings },
    ),
  };
}

/** `trace` when no history source is configured at all: the address is still checked, the chain named. */
async function traceWithoutHistory(input: string): Promise<Result<Exposure, TraceError>> {
  const parsed = parseUserAddress(input);
  if (!parsed.ok) return parsed;
  const { chain } = parsed.value;
  return err({
    code: 'no-history-source',
    chain,
    reason: `Tracing needs a source of ${chain} chain history (EVM_RPC_URL, ESPLORA_URL or TRONGRID_URL), and none is configured.`,
    hint: 'Ask the operator to configure one; the ordinary check still answers from lists and reports.',
  });
}
