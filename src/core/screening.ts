/**
 * The one entry point adapters use: `createChainwarden(ports)` returns screening, reporting and the
 * community stores behind the `Chainwarden` interface. Pure wiring of the core's rules to its ports.
 */
import { extractAddresses, parseAddress, scanText } from './address/index.js';
import {
  DEFAULT_LOOKALIKE_OPTIONS,
  type LookalikeOptions,
  lookalikeProbe,
  selectLookalikes,
} from './lookalike.js';
import type {
  ChainFacts,
  ListStore,
  ModerationLog,
  ReportStore,
  ScreeningStore,
  SettingsStore,
} from './ports.js';
import {
  DEFAULT_REPORT_LIMITS,
  parseCategory,
  parseEvidence,
  parseNote,
  parseReporter,
  type ReportLimits,
} from './reports/index.js';
import { assessRisk } from './risk/index.js';
import type { Chainwarden, ReportInput, ScreenContext } from './service.js';
import { err, ok, type ParsedAddress, type RiskSummary } from './types.js';

export interface ChainwardenPorts {
  screening: ScreeningStore;
  reports: ReportStore;
  lists: ListStore;
  settings: SettingsStore;
  moderationLog: ModerationLog;
  /** Absent: every summary has `onchain: null`. */
  chain?: ChainFacts | null;
  now?: () => Date;
  limits?: ReportLimits;
  lookalike?: LookalikeOptions;
}

/** Most addresses one `screenText` call screens; a message listing more is a spam wall, not a question. */
export const MAX_ADDRESSES_PER_TEXT = 20;

export function createChainwarden(ports: ChainwardenPorts): Chainwarden {
  const now = ports.now ?? (() => new Date());
  const limits = ports.limits ?? DEFAULT_REPORT_LIMITS;
  const lookalikeOptions = ports.lookalike ?? DEFAULT_LOOKALIKE_OPTIONS;

  async function screenParsed(
    input: string,
    address: ParsedAddress,
    context: ScreenContext,
  ): Promise<RiskSummary> {
    const community = context.community ?? null;
    const probe = lookalikeProbe(address);
    const [signals, onchain] = await Promise.all([
      ports.screening.signalsFor(address, { lookalike: probe, community }),
      ports.chain ? ports.chain.factsFor(address) : Promise.resolve(null),
    ]);
    const lookalikes = selectLookalikes(address, signals.lookalikes, lookalikeOptions).map((twin) =>
      twin.origin === 'community' && twin.firstSeen && signals.firstSeenHere
        ? { ...twin, newerThanScreened: new Date(twin.firstSeen) > signals.firstSeenHere }
        : twin,
    );
    const risk = assessRisk({
      listHits: signals.listHits,
      reports: signals.reports,
      lookalikes,
      onchain,
      now: now(),
      sanctionsList: signals.sanctionsList ?? null,
    });
    if (community) await ports.screening.noteCommunityAddress(community, address, probe);
    return {
      input,
      address: address.display,
      chain: address.chain,
      network: address.network,
      level: risk.level,
      score: risk.score,
      reasons: risk.reasons,
      reports: {
        total: signals.reports.total,
        verified: signals.reports.verified,
        categories: signals.reports.categories,
      },
      sanctioned: signals.listHits.some((h) => h.kind === 'sanctions'),
      lookalikes: lookalikes.map((l) => ({
        address: l.address,
        label: l.label ?? '',
        source: l.origin === 'community' ? `community ${l.source}` : l.source,
      })),
      onchain,
    };
  }

  return {
    parseAddress,
    extractAddresses,
    settings: ports.settings,
    moderationLog: ports.moderationLog,

    async screenAddress(input, context = {}) {
      const parsed = parseAddress(input);
      if (parsed.ok) return ok(await screenParsed(input.trim(), parsed.value, context));
      // Chains the core does not parse (LTC, XMR, ...) are still matched verbatim against imported
      // lists, so a sanctions screen never misses a listed string.
      const verbatim = input.trim();
      if (verbatim.length < 20 || verbatim.length > 128 || /\s/.test(verbatim)) return parsed;
      const hits = await ports.lists.hitsFor(verbatim);
      if (hits.length === 0) return parsed;
      const address: ParsedAddress = {
        chain: 'other',
        key: verbatim,
        display: verbatim,
        network: 'mainnet',
        kind: 'listed',
      };
      return ok(await screenParsed(verbatim, address, context));
    },

    screenableIn(text) {
      const scan = scanText(text);
      return [...scan.addresses.map((a) => a.key), ...scan.unparsed];
    },

    findInvalidAddress(text) {
      return scanText(text).rejected[0] ?? null;
    },

    async screenText(text, context = {}) {
      const scan = scanText(text);
      // Chains the core does not parse are matched verbatim, as in screenAddress.
      const listed = await ports.lists.listedKeys(scan.unparsed);
      const found: ParsedAddress[] = [
        ...scan.addresses,
        ...listed.map((key) => ({
          chain: 'other' as const,
          key,
          display: key,
          network: 'mainnet' as const,
          kind: 'listed',
        })),
      ].slice(0, MAX_ADDRESSES_PER_TEXT);
      return Promise.all(found.map((a) => screenParsed(a.display, a, context)));
    },

    async submitReport(input: ReportInput) {
      const address = parseAddress(input.address);
      if (!address.ok) return address;
      const category = parseCategory(input.category);
      if (!category.ok) return category;
      const note = parseNote(input.note);
      if (!note.ok) return note;
      const evidence = parseEvidence(input.evidence);
      if (!evidence.ok) return evidence;
      const reporter = parseReporter(input.reporter);
      if (!reporter.ok) return reporter;

      const verifiedBy = input.verifiedBy ?? null;
      // Reports against an allowlisted address wait for review instead of raising its level (anti-brigading).
      const hits = await ports.lists.hitsFor(address.value.key);
      const status = hits.some((h) => h.kind === 'allow') ? 'review' : 'active';
      const community = input.community ?? null;
      const probe = lookalikeProbe(address.value);
      const saved = await ports.reports.saveReport(
        {
          address: address.value,
          category: category.value,
          note: note.value,
          evidence: evidence.value,
          reporter: reporter.value,
          source: input.source,
          community,
          verifiedBy,
          status,
        },
        probe,
        // Moderators flagging a post with many addresses are not rate-limited.
        verifiedBy ? null : { max: limits.perReporter, windowSeconds: limits.windowSeconds },
      );
      if (!saved.saved) {
        return err({
          code: 'rate-limited' as const,
          reason: `you filed ${saved.recent} reports in the last ${Math.round(limits.windowSeconds / 60)} minutes, the most allowed`,
          hint: `try again in ${describeWait(saved.retryAfterSeconds)}; a moderator can flag many addresses at once`,
          retryAfterSeconds: saved.retryAfterSeconds,
        });
      }
      const { report, created } = saved;
      if (community) await ports.screening.noteCommunityAddress(community, address.value, probe);
      return ok({ report, created, status, category: category.value });
    },

    async listReports(input, limit = 50) {
      const address = parseAddress(input);
      if (!address.ok) return address;
      return ok(await ports.reports.listReports(address.value.key, Math.min(Math.max(limit, 1), 200)));
    },
  };
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
