/**
 * Community reports: `submitReport` applies the report rules (address, category, note, evidence,
 * reporter, the per-reporter rate limit, review for allowlisted addresses) and saves; `listReports`
 * reads them back; `reportTarget` says which address a person means to report, for the flows that
 * ask for the category in a second step (buttons, forms).
 */

import { ANY_HINT } from '../address/hints.js';
import { scanText } from '../address/index.js';
import { type HistoryEvent, platformOf } from '../history.js';
import { parseUserAddress } from '../input.js';
import { lookalikeProbe } from '../lookalike.js';
import type { HistoryLog, ListStore, MemberSightings, ReportStore, ScreeningStore } from '../ports.js';
import {
  DEFAULT_FLAGS_PER_COMMUNITY,
  parseCategory,
  parseEvidence,
  parseNote,
  parseReporter,
  type ReportLimits,
} from '../reports/index.js';
import type { ReportError, ReportInput, ReportReceipt, StoredReport } from '../reports/model.js';
import { type HeldFor, type ReporterRules, weighReporter } from '../reports/weight.js';
import { StorageUnavailableError, storageUnavailable } from '../storage.js';
import { err, type InvalidAddress, ok, type ParsedAddress, type Result } from '../types.js';

export interface ReportingDeps {
  reports: ReportStore;
  lists: ListStore;
  screening: ScreeningStore;
  sightings: MemberSightings;
  history: HistoryLog;
  limits: ReportLimits;
  /** Told of every saved report (watch-lists alert the watches on its address); must not throw. */
  onSaved?: (report: StoredReport) => void;
  reporterRules: ReporterRules;
  now: () => Date;
}

export interface Reporting {
  submitReport(input: ReportInput): Promise<Result<ReportReceipt, ReportError>>;
  listReports(address: string, limit?: number): Promise<Result<StoredReport[], InvalidAddress>>;
  addressHistory(address: string, limit?: number): Promise<Result<HistoryEvent[], InvalidAddress>>;
  reportTarget(text: string): Result<ParsedAddress, InvalidAddress>;
}

/** Longest text echoed back in "has no address in it". */
const MAX_ECHO = 80;

/**
 * The address a person means to report: the input itself when it is one word (with the precise
 * reason when it is not an address), else the first address in the text (a replied-to message, an
 * answer such as "it is 0x… thanks"), else the first mistyped one explained. Pure.
 */
export function reportTarget(text: string): Result<ParsedAddress, InvalidAddress> {
  const input = typeof text === 'string' ? text.trim() : '';
  if (!/\s/.test(input)) {
    const one = parseUserAddress(input);
    if (one.ok) return one;
    // One word that is not an address may still hold one: an explorer link, `0xa…,0xb…`.
    const [inside] = scanText(input).addresses;
    return inside ? ok(inside) : one;
  }
  const scan = scanText(input);
  const [first] = scan.addresses;
  if (first) return ok(first);
  const mistyped = scan.rejected[0];
  if (mistyped) return err(mistyped);
  return err({
    code: 'invalid-address',
    input: input.length > MAX_ECHO ? `${input.slice(0, MAX_ECHO)}…` : input,
    reason: 'has no address in it',
    hint: ANY_HINT,
  });
}

export function createReporting(deps: ReportingDeps): Reporting {
  return {
    reportTarget,

    async submitReport(input) {
      const address = parseUserAddress(input.address);
      if (!address.ok) return address;
      const category = parseCategory(input.category);
      if (!category.ok) return category;
      const note = parseNote(input.note);
      if (!note.ok) return note;
      const evidence = parseEvidence(input.evidence);
      if (!evidence.ok) return evidence;
      const reporter = parseReporter(input.reporter);
      if (!reporter.ok) return reporter;

      const community = input.community ?? null;
      // A verification belongs to a community (reports/trust.ts): one made nowhere counts nowhere, so
      // it gets no exemption from the reporter's limit either.
      const verifiedBy = input.verifiedBy ?? null;
      const flag = verifiedBy !== null && community !== null;
      // Reports against an allowlisted address wait for review instead of raising its level (anti-brigading).
      const hits = await storageOrUnavailable(() => deps.lists.hitsFor(address.value.key));
      if (hits === null) return err(storageUnavailable());
      const allowlisted = hits.some((h) => h.kind === 'allow');
      const facts = input.reporterFacts ?? {};
      const firstSeenIn = facts.firstSeenIn ?? null;
      const known = await storageOrUnavailable(() =>
        Promise.all([
          deps.reports.reporterRecord(reporter.value, community),
          facts.memberSince == null && firstSeenIn !== null
            ? deps.sightings.firstSeen(firstSeenIn, reporter.value)
            : Promise.resolve(facts.memberSince ?? null),
        ]),
      );
      if (known === null) return err(storageUnavailable());
      const [record, memberSince] = known;
      // A moderator's verification made nowhere counts nowhere (above), so it earns no trust either.
      const { weight, heldFor: reporterHeld } = weighReporter({
        facts,
        memberSince,
        record,
        moderator: flag,
        rules: deps.reporterRules,
        now: deps.now(),
      });
      const heldFor: HeldFor | null = allowlisted ? 'allowlisted' : reporterHeld;
      const status = heldFor === null ? 'active' : 'review';
      const probe = lookalikeProbe(address.value);
      const windowSeconds = deps.limits.windowSeconds;
      const saved = await storageOrUnavailable(() =>
        deps.reports.saveReport(
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
            weight,
            heldFor,
          },
          probe,
          // A moderator flagging a post with many addresses is limited per community, not per person:
          // a fresh group's admin cannot verify an unbounded number of addresses.
          flag
            ? {
                per: 'community',
                max: deps.limits.flagsPerCommunity ?? DEFAULT_FLAGS_PER_COMMUNITY,
                windowSeconds,
              }
            : { per: 'reporter', max: deps.limits.perReporter, windowSeconds },
        ),
      );
      if (saved === null) return err(storageUnavailable());
      if (!saved.saved) {
        const minutes = Math.round(windowSeconds / 60);
        return err(
          flag
            ? {
                code: 'rate-limited' as const,
                reason: `this community's moderators flagged ${saved.recent} addresses in the last ${minutes} minutes, the most allowed; flag again in ${describeWait(saved.retryAfterSeconds)}`,
                hint: 'the hourly limit (FLAGS_PER_HOUR) keeps one community from marking addresses in bulk',
                retryAfterSeconds: saved.retryAfterSeconds,
              }
            : {
                code: 'rate-limited' as const,
                reason: `you filed ${saved.recent} reports in the last ${minutes} minutes, the most allowed`,
                hint: `try again in ${describeWait(saved.retryAfterSeconds)}; a moderator can flag many addresses at once`,
                retryAfterSeconds: saved.retryAfterSeconds,
              },
        );
      }
      const { report, created } = saved;
      // Only a report that counts alerts watches: one held for review (a new account, a doubted
      // reporter) must not reach every watcher, which is what holding it prevents.
      if (report.status === 'active') deps.onSaved?.(report);
      // The report is acknowledged once stored; its history line is best effort after it.
      await storageOrUnavailable(() =>
        deps.history.append({
          addressKey: report.addressKey,
          address: report.address,
          event: 'reported',
          actorPlatform: platformOf(report.reporter),
          actorWeight: report.weight,
          reportId: report.id,
          category: report.category,
          note: null,
        }),
      );
      // A report is a write already: the community note is part of it, not a background task. Once
      // the report is stored, a note lost to an outage costs a look-alike hint, not the acknowledgement.
      if (community) {
        await storageOrUnavailable(() =>
          deps.screening.noteCommunityAddress(community, address.value, probe),
        );
      }
      // A report a moderator already decided keeps that decision (the store does not reopen it).
      return ok({
        report,
        created,
        status: report.status,
        category: category.value,
        heldFor: report.status === 'review' ? (report.heldFor ?? heldFor) : null,
      });
    },

    async addressHistory(input, limit = 200) {
      const address = parseUserAddress(input);
      if (!address.ok) return address;
      return ok(await deps.history.forAddress(address.value.key, Math.min(Math.max(limit, 1), 500)));
    },

    async listReports(input, limit = 50) {
      const address = parseUserAddress(input);
      if (!address.ok) return address;
      const reports = await deps.reports.listReports(address.value.key, Math.min(Math.max(limit, 1), 200));
      return ok(reports.map((report) => ({ ...report, evidence: publicEvidence(report.evidence) })));
    },
  };
}

/**
 * A link to a message inside a Discord server or a private Telegram group names that community
 * (`discord.com/channels/<server>/…`, `t.me/c/<chat>/…`), and through it who flagged the address:
 * reports are read by anyone, so such links are withheld. Transaction hashes and other links stay.
 */
const COMMUNITY_MESSAGE_LINK =
  /^https?:\/\/(?:(?:canary\.|ptb\.)?discord(?:app)?\.com\/channels\/|t\.me\/c\/)/i;

export function publicEvidence(evidence: string | null): string | null {
  return evidence !== null && COMMUNITY_MESSAGE_LINK.test(evidence) ? null : evidence;
}

/** The write's result, or null when storage is unavailable (any other failure is unexpected and thrown). */
async function storageOrUnavailable<T>(write: () => Promise<T>): Promise<T | null> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StorageUnavailableError) return null;
    throw error;
  }
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
