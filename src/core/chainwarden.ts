/**
 * `createChainwarden(ports)`: composes the use cases (one factory per file in `use-cases/`) over
 * the ports into the `Chainwarden` object every adapter talks to. Plain wiring, no container: a
 * new use case is one factory call and one property here.
 */
import { type BackgroundErrorHandler, createBackgroundWrites } from './background.js';
import { DEFAULT_LOOKALIKE_OPTIONS, type LookalikeOptions } from './lookalike.js';
import type {
  AppealStore,
  ChainFacts,
  CommunityStore,
  ListStore,
  MemberSightings,
  ModerationLog,
  ReportStore,
  ReviewStore,
  ScreeningStore,
  SettingsStore,
} from './ports.js';
import { DEFAULT_REPORT_LIMITS, type ReportLimits } from './reports/index.js';
import { DEFAULT_REPORTER_RULES, type ReporterRules } from './reports/weight.js';
import type { Chainwarden } from './service.js';
import { createAppeals } from './use-cases/appeal.js';
import { createCheckInput } from './use-cases/check-input.js';
import { createCommunityTrust } from './use-cases/community-trust.js';
import { createFlagPost } from './use-cases/flag-post.js';
import { createMessageModerator, type WarningLimit } from './use-cases/moderate-message.js';
import { createReporting } from './use-cases/report.js';
import { createReview } from './use-cases/review.js';
import { createScreening, DEFAULT_CHAIN_LOOKUPS_PER_REQUEST } from './use-cases/screening.js';

export interface ChainwardenPorts {
  screening: ScreeningStore;
  reports: ReportStore;
  lists: ListStore;
  settings: SettingsStore;
  moderationLog: ModerationLog;
  communities: CommunityStore;
  appeals: AppealStore;
  sightings: MemberSightings;
  reviews: ReviewStore;
  /** Absent: every summary has `onchain: null`. */
  chain?: ChainFacts | null;
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
  const background = createBackgroundWrites(ports.onBackgroundError);
  const screening = createScreening({
    screening: ports.screening,
    lists: ports.lists,
    chain: ports.chain ?? null,
    now,
    lookalike: ports.lookalike ?? DEFAULT_LOOKALIKE_OPTIONS,
    background,
    chainLookupsPerRequest: ports.chainLookupsPerRequest ?? DEFAULT_CHAIN_LOOKUPS_PER_REQUEST,
  });
  const reporting = createReporting({
    reports: ports.reports,
    lists: ports.lists,
    screening: ports.screening,
    sightings: ports.sightings,
    limits: ports.limits ?? DEFAULT_REPORT_LIMITS,
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
    review: createReview({ reviews: ports.reviews }),
    settings: ports.settings,
    moderationLog: ports.moderationLog,
    settled: background.settled,
    communities: createCommunityTrust(ports.communities),
    appeals: createAppeals({
      appeals: ports.appeals,
      lists: ports.lists,
      now,
      ...(ports.nonce ? { nonce: ports.nonce } : {}),
    }),
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
