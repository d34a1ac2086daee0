/**
 * The risk model: a pure function from what is known about an address to a level, a score and the
 * reasons behind it. Every reason names its source (a list and its date, the community, a node),
 * so nobody is flagged without evidence. Table-tested in test/core/risk.test.ts.
 */
import { type AppealSignal, delistNotices } from '../appeals.js';
import type { Exposure } from '../exposure/model.js';
import { describeExposureHit } from '../exposure/wording.js';
import type { ListHit } from '../lists.js';
import type { LookalikeCandidate } from '../lookalike.js';
import type { ReportStats } from '../reports/model.js';
import { countedVerifications, scopeVerifications, type VerificationScope } from '../reports/trust.js';
import type { SanctionsListEdition } from '../signals.js';
import {
  type OnchainFacts,
  REPORT_CATEGORY_LABELS,
  type Reason,
  type ReportCategory,
  RISK_LEVELS,
  type RiskLevel,
} from '../types.js';

export interface RiskSignals {
  listHits: ListHit[];
  reports: ReportStats;
  lookalikes: LookalikeCandidate[];
  onchain: OnchainFacts | null;
  now: Date;
  /**
   * The community the screen is in (`telegram:<chat>`, `discord:<guild>`); null or absent outside any
   * (HTTP API, CLI). Its own moderators' verifications count as verified here (reports/trust.ts).
   */
  community?: string | null;
  /** The oldest sanctions list held; when older than STALE_SANCTIONS_DAYS the summary says so. */
  sanctionsList?: SanctionsListEdition | null;
  /** Reports could not be read (storage unavailable): `reports` is unknown, not zero. */
  reportsUnavailable?: boolean;
  /** The address's latest appeal that was not rejected (pending or upheld). */
  appeal?: AppealSignal | null;
  /** The direct exposure (1 hop), when it was read. */
  exposure?: Exposure | null;
}

export interface RiskAssessment {
  level: RiskLevel;
  score: number;
  reasons: Reason[];
  /** Where the address's moderator verifications count in this screen. */
  verification: VerificationScope;
}

/** Score floors per level; a level is the highest whose floor the score reaches. */
const LEVEL_FLOORS: Array<[RiskLevel, number]> = [
  ['severe', 90],
  ['high', 70],
  ['medium', 40],
  ['low', 1],
  ['none', 0],
];

/** True when `level` is `min` or worse (none < low < medium < high < severe). */
export function levelAtLeast(level: RiskLevel, min: RiskLevel): boolean {
  return RISK_LEVELS.indexOf(level) >= RISK_LEVELS.indexOf(min);
}

export function levelForScore(score: number): RiskLevel {
  for (const [level, floor] of LEVEL_FLOORS) if (score >= floor) return level;
  return 'none';
}

const EXPOSURE_SCORES = { sanctions: 75, scam: 45, reports: 20 } as const;
const EXPOSURE_CODES = {
  sanctions: 'exposure-sanctions',
  scam: 'exposure-scam',
  reports: 'exposure-reported',
} as const;

/** Reports older than this count for less: scam addresses are usually abandoned within months. */
const STALE_REPORT_DAYS = 365;

export function assessRisk(signals: RiskSignals): RiskAssessment {
  const reasons: Reason[] = [];
  let score = 0;
  const raise = (to: number) => {
    score = Math.max(score, to);
  };

  const sanctions = signals.listHits.filter((h) => h.kind === 'sanctions');
  const scams = signals.listHits.filter((h) => h.kind === 'scam');
  const allows = signals.listHits.filter((h) => h.kind === 'allow');

  for (const hit of sanctions) {
    raise(100);
    const who = [hit.entity, hit.program ? `(${hit.program})` : null].filter(Boolean).join(' ');
    reasons.push({
      code: 'sanctions',
      text: `Sanctioned: ${who || 'listed entity'}${hit.listedAt ? `, listed ${hit.listedAt}` : ''}. Paying it may be illegal.`,
      source: listSource(hit),
    });
  }

  for (const hit of scams) {
    raise(80);
    const what = hit.category ? REPORT_CATEGORY_LABELS[hit.category] : 'scam';
    reasons.push({
      code: 'scam-list',
      text: `On public scam list ${hit.source} as ${what}${hit.label ? `: ${hit.label}` : ''}.`,
      source: listSource(hit),
    });
  }

  for (const hit of allows) {
    reasons.push({
      code: 'allowlisted',
      text: `Known: ${hit.label ?? 'allowlisted address'} (allowlist ${hit.source}).`,
      source: listSource(hit),
    });
  }

  const { reports } = signals;
  const verification = scopeVerifications(reports.verifications, signals.community ?? null);
  const verified = countedVerifications(verification);
  if (reports.total > 0) {
    const ageDays = reports.latestAt ? daysBetween(reports.latestAt, signals.now) : 0;
    // Distinct reporters (one report each): one voice is a hint, several independent ones a pattern.
    // A verification from another, untrusted community is one of those voices, nothing more.
    let reportScore = Math.min(65, 25 + 15 * (reports.total - 1));
    if (verified > 0) reportScore = 85;
    if (ageDays > STALE_REPORT_DAYS) reportScore = Math.max(1, reportScore - 20);
    // An allowlisted address is not raised by community reports: they wait for review instead.
    if (allows.length === 0) raise(reportScore);
    reasons.push({
      code: 'community-reports',
      text:
        `${plural(reports.total, 'community report')} (${describeCategories(reports.categories)})` +
        describeVerification(verification) +
        `, latest ${describeAge(ageDays)}.`,
      source: 'community',
    });
    if (verified > 0) {
      reasons.push({
        code: 'verified-report',
        text: confirmedText(verification),
        source: 'community (moderator)',
      });
    }
  }

  if (reports.underReview > 0) {
    // Waiting reports are either against an allowlisted address or from reporters too new or too
    // often rejected to count at once (reports/weight.ts); neither raises the level until approved.
    reasons.push({
      code: 'under-review',
      text:
        allows.length > 0
          ? `${plural(reports.underReview, 'report')} against this allowlisted address ${reports.underReview === 1 ? 'waits' : 'wait'} for moderator review and do not change the level yet.`
          : `${plural(reports.underReview, 'report')} waiting for review (new accounts, or reporters whose reports moderators rejected): ${reports.underReview === 1 ? 'it does' : 'they do'} not change the level until a moderator approves ${reports.underReview === 1 ? 'it' : 'them'}.`,
      source: 'community (review queue)',
    });
  }

  for (const twin of signals.lookalikes) {
    const known = twin.label ? `${twin.label}, ` : '';
    const where = lookalikeWhere(twin);
    // A look-alike of an address people trust is the poisoning pattern: at least medium. A community
    // look-alike that appeared after this address is likelier the copy: it is named, but does not
    // make the (older) original look risky, so checking a vanity copy cannot smear a treasury.
    if (twin.origin === 'allow' || (twin.origin === 'community' && !twin.newerThanScreened)) raise(45);
    else raise(20);
    reasons.push({
      code: 'look-alike',
      text: `Looks like ${twin.address} (${known}${where}): compare every character before you pay.`,
      source: twin.origin === 'community' ? `community ${twin.source}` : twin.source,
    });
  }

  if (signals.appeal) reasons.push(appealReason(signals.appeal, signals.listHits));

  if (signals.onchain) reasons.push(...onchainReasons(signals.onchain));

  // Funds received from a flagged address: sanctions at least high, scam medium, reports low;
  // indirect at most low. Sent funds never raise (a scam's victims pay scam addresses), nor does
  // dust (anyone can be sent it), nor does anything an allowlisted service received.
  for (const hit of signals.exposure?.hits ?? []) {
    if (hit.direction !== 'incoming' || hit.dust) continue;
    if (allows.length === 0) raise(hit.hop === 2 ? 10 : EXPOSURE_SCORES[hit.kind]);
    reasons.push({
      code: EXPOSURE_CODES[hit.kind],
      text: `${describeExposureHit(hit)}.`,
      source: `${hit.source}; ${signals.exposure?.source ?? 'chain history'}`,
    });
  }

  const sanctionsList = signals.sanctionsList;
  const sanctionsAge = sanctionsList ? listAgeDays(sanctionsList.listDate, signals.now) : 0;
  if (sanctionsList && sanctionsAge > STALE_SANCTIONS_DAYS) {
    // Old sanctions data misses every later designation: "nothing known" must not read as "not sanctioned".
    reasons.push({
      code: 'sanctions-data-old',
      text: staleSanctionsText(sanctionsAge),
      source: editionSource(sanctionsList),
    });
  }

  if (signals.reportsUnavailable) {
    // "No reports" would be a guess: say the reports were not read, so nobody mistakes it for clean.
    reasons.push({
      code: 'reports-unavailable',
      text: 'Community reports could not be read just now; only the imported lists were checked. Check again in a minute.',
      source: 'community',
    });
  } else if (reports.total === 0 && reports.underReview === 0 && signals.listHits.length === 0) {
    reasons.push({
      code: 'no-reports',
      text: 'Nothing known against this address. No reports is not proof of safety: confirm it with the recipient through another channel.',
      source: 'community and imported lists',
    });
  }

  return { level: levelForScore(score), score, reasons, verification };
}

/**
 * An owner's appeal never changes the level by itself: pending, the reports still count; upheld,
 * they were dismissed in storage (no longer in the tallies). Lists stay: their publisher must delist.
 * Upheld is said only for the appeal's own status (the operator's decision, or every community's),
 * never for one community's decision, which covers its own reports only.
 */
function appealReason(appeal: AppealSignal, listHits: readonly ListHit[]): Reason {
  const proved = appeal.createdAt.toISOString().slice(0, 10);
  if (appeal.status === 'pending') {
    // A community's decision covers its own reports only: the appeal still waits for the others.
    const decided = appeal.communitiesDecided ?? 0;
    const waiting =
      decided === 0
        ? 'waiting for a moderator'
        : `${decided} ${decided === 1 ? 'community' : 'communities'} decided for the reports filed there, waiting for the others`;
    return {
      code: 'appeal-pending',
      text: `The owner proved control of this address on ${proved} and disputes the reports (appeal ${appeal.id}, ${waiting}).`,
      source: 'owner appeal (signed)',
    };
  }
  const decided = (appeal.decidedAt ?? appeal.createdAt).toISOString().slice(0, 10);
  const publishers = delistNotices(listHits).map((notice) => notice.publisher);
  const lists = publishers.length
    ? ` Imported lists are not changed by an appeal: only ${publishers.join(' and ')} can delist it.`
    : '';
  return {
    code: 'appeal-upheld',
    text: `On ${decided} the owner's appeal was upheld (control proved ${proved}): community reports filed before it no longer count.${lists}`,
    source: 'owner appeal (moderator decision)',
  };
}

/** `, 1 verified by moderators of this community, 1 by a moderator of another community (counts as one report)`. */
function describeVerification(scope: VerificationScope): string {
  const parts: string[] = [];
  if (scope.here > 0) parts.push(`${scope.here} verified by moderators of this community`);
  if (scope.trusted > 0) parts.push(`${scope.trusted} verified by moderators of a trusted community`);
  if (scope.elsewhere === 1) parts.push('1 by a moderator of another community (counts as one report)');
  if (scope.elsewhere > 1) {
    parts.push(`${scope.elsewhere} by moderators of other communities (each counts as one report)`);
  }
  return parts.map((part) => `, ${part}`).join('');
}

function confirmedText(scope: VerificationScope): string {
  if (scope.trusted === 0) {
    return `Moderators of this community confirmed this address in ${plural(scope.here, 'report')}.`;
  }
  if (scope.here === 0) {
    return `Moderators of a community the operator trusts confirmed this address in ${plural(scope.trusted, 'report')}.`;
  }
  return (
    `Moderators confirmed this address in ${plural(scope.here, 'report')} in this community ` +
    `and ${scope.trusted} in communities the operator trusts.`
  );
}

const UNAVAILABLE_TEXT: Record<NonNullable<OnchainFacts['unavailableBecause']>, string> = {
  timeout: 'On-chain facts are unavailable right now: the node did not answer in time.',
  error: 'On-chain facts are unavailable right now: the node answered with an error.',
  paused: 'On-chain facts are unavailable right now: the node failed repeatedly and is skipped for a while.',
  rejected: 'On-chain facts are unavailable: the node does not serve this address (another network?).',
  skipped:
    'On-chain facts were not looked up: only the first addresses of a request are looked up on the chain. Check this address alone to see them.',
  busy: 'On-chain facts are unavailable right now: the node is busy with other requests.',
};

function onchainReasons(facts: OnchainFacts): Reason[] {
  if (!facts.available) {
    return [
      {
        code: 'onchain-unavailable',
        text: UNAVAILABLE_TEXT[facts.unavailableBecause ?? 'error'],
        source: facts.source,
      },
    ];
  }
  const reasons: Reason[] = [];
  if (facts.isContract) {
    reasons.push({
      code: 'contract',
      text: `This is a smart contract${facts.name ? ` (${facts.name})` : ''}, not a personal wallet.`,
      source: facts.source,
    });
  } else if (facts.txCount === 0) {
    reasons.push({
      code: 'unused-address',
      text: 'This address has never sent a transaction: new wallets look like this, and so do freshly made scam addresses.',
      source: facts.source,
    });
  }
  return reasons;
}

function lookalikeWhere(twin: LookalikeCandidate): string {
  switch (twin.origin) {
    case 'allow':
      return `known from allowlist ${twin.source}`;
    case 'sanctions':
      return `a sanctioned address on ${twin.source}`;
    case 'scam':
      return `a scam address on ${twin.source}`;
    case 'report':
      return 'an address reported by the community';
    case 'community':
      return twin.newerThanScreened ? 'seen in this community after this address' : 'used in this community';
  }
}

function listSource(hit: ListHit): string {
  return editionSource({ source: hit.source, listDate: hit.listDate, origin: hit.origin ?? 'imported' });
}

/** `ofac-sdn, list of 2024-09-27 (bundled snapshot)`: every answer from a bundled list says so. */
function editionSource(edition: SanctionsListEdition): string {
  return `${edition.source}, list of ${edition.listDate}${edition.origin === 'bundled' ? ' (bundled snapshot)' : ''}`;
}

/** How old the sanctions data is and how to refresh it: the summary's reason and `chainwarden lists`. */
export function staleSanctionsText(ageDays: number): string {
  return (
    `The sanctions data is ${ageDays} days old: addresses sanctioned since are not known here. ` +
    'It refreshes from OFAC daily when the service can reach it (INTEL_OFAC_URL), ' +
    'or import the latest file: chainwarden import ofac SDN_ADVANCED.ZIP.'
  );
}

/** Sanctions data older than this many days is called out in summaries and `chainwarden lists`. */
export const STALE_SANCTIONS_DAYS = 30;

/** Whole days from a list's edition date (YYYY-MM-DD, UTC) to `now`; 0 for a date it cannot read. */
export function listAgeDays(listDate: string, now: Date): number {
  const published = Date.parse(`${listDate}T00:00:00Z`);
  return Number.isNaN(published) ? 0 : daysBetween(new Date(published), now);
}

/** `phishing ×2, fake airdrop / drainer`: most reported first. */
export function describeCategories(categories: Partial<Record<ReportCategory, number>>): string {
  return Object.entries(categories)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([c, n]) => `${REPORT_CATEGORY_LABELS[c as ReportCategory] ?? c}${n && n > 1 ? ` ×${n}` : ''}`)
    .join(', ');
}

function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
}

export function describeAge(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  if (days < 730) return `${Math.round(days / 30)} months ago`;
  return `${Math.round(days / 365)} years ago`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
