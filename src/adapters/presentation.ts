/**
 * Presentation shared by every adapter (terminal, Telegram, Discord, HTTP): level emoji, advice, the
 * on-chain line and the two text helpers every renderer needs (cutting to a platform's limit, making
 * a core reason read as a sentence). Chain names, short addresses and category wording come from the
 * core. Pure; each platform escapes and lays it out its own way.
 */
import {
  type AppealChallenge,
  type AppealError,
  countsAsVerified,
  HELD_FOR_TEXT,
  type HeldFor,
  type HistoryEvent,
  type HistoryEventKind,
  MAX_ADDRESSES_PER_TEXT,
  REPORT_CATEGORY_LABELS,
  type ReporterWeight,
  type ReviewItem,
  type ReviewOutcome,
  type RiskLevel,
  type RiskSummary,
  SIGNING_HOWTO,
  type StoredAppeal,
  type StoredReport,
  shortAddress,
} from '../core/index.js';

export const LEVEL_EMOJI: Record<RiskLevel, string> = {
  none: '⚪',
  low: '🟢',
  medium: '🟡',
  high: '🔴',
  severe: '⛔',
};

/**
 * The web page of an address (`/a/{address}`) under the operator's `PUBLIC_URL`, or null when none is
 * set: the bots' Details replies link to it.
 */
export function webAddressUrl(publicUrl: string | null | undefined, address: string): string | null {
  return publicUrl ? `${publicUrl}/a/${encodeURIComponent(address)}` : null;
}

/** What to do, per level: the last line of every reply. */
export const LEVEL_ADVICE: Record<RiskLevel, string> = {
  none: 'Nothing known against it. Still confirm the address with the recipient through another channel.',
  low: 'Be careful: confirm the address with the recipient through another channel before paying.',
  medium: 'Do not pay until you have confirmed this address with the recipient through another channel.',
  high: 'Do not send funds to this address.',
  severe: 'Do not send funds to this address.',
};

/** Said once to a user past their per-user limit, on every platform. */
export const SLOW_DOWN_TEXT =
  'Slow down, please: you are sending requests too fast. Wait a few seconds and try again.';

/**
 * How a report's moderator verification counts for a reader in `community` (null: a private chat),
 * by the core's trust rule; null when no moderator verified it.
 */
/** Why a report waits for review, as a moderator or the operator reads it. */
export const HELD_LABEL: Record<HeldFor, string> = {
  allowlisted: 'allowlisted address',
  'new-account': 'new account',
  'new-member': 'new member',
  doubted: 'reporter with more rejected than approved reports',
};

/**
 * One queue item's facts, never the reporter's or owner's id: `phishing · from discord, new account
 * · 2026-11-30`, or `appeal · owner proved control (eip191) on 2026-11-30 · disputes 3 reports`.
 */
export function describeReviewItem(item: ReviewItem): string {
  if (item.kind === 'appeal') {
    const n = item.disputes.length;
    return `appeal · owner proved control (${item.method}) on ${item.verifiedAt.toISOString().slice(0, 10)} · disputes ${n} report${n === 1 ? '' : 's'}`;
  }
  const why = item.heldFor ? `, ${HELD_LABEL[item.heldFor]}` : '';
  return `${item.category} · from ${item.platform}${why} · ${item.createdAt.toISOString().slice(0, 10)}`;
}

/** The free text a moderator reads under an item: a report's note, an appeal's statement (unescaped). */
export function reviewItemText(item: ReviewItem): string | null {
  return item.kind === 'appeal' ? `Owner's statement: ${item.statement}` : item.note;
}

/** The button words for an item: an appeal is upheld, a report approved. */
export const reviewApproveLabel = (item: ReviewItem): string =>
  item.kind === 'appeal' ? 'Uphold' : 'Approve';

/** What a queue's decision did, in one line; `place` is "this group", "this server". */
export function describeReviewOutcome(outcome: ReviewOutcome, place: string): string {
  const { item } = outcome;
  if (item.kind === 'appeal') {
    if (outcome.decision === 'reject') {
      return `❌ Appeal rejected: the reports on ${shortAddress(item.address)} still count.`;
    }
    const dismissed = outcome.appeal?.dismissedReports ?? 0;
    const lists = outcome.appeal?.delist.length
      ? ` It stays on ${outcome.appeal.delist.map((d) => d.source).join(', ')}: only the list's publisher can delist it.`
      : '';
    return `✅ Appeal upheld: ${dismissed} report${dismissed === 1 ? '' : 's'} on ${shortAddress(item.address)} dismissed in ${place}.${lists}`;
  }
  return outcome.decision === 'approve'
    ? `✅ Approved: ${shortAddress(item.address)} (${item.category}) now counts, verified by ${place}.`
    : `❌ Rejected: ${shortAddress(item.address)} (${item.category}) will not count.`;
}

/** A reporter's receipt when their report waits for review: why, and that it changes nothing yet. */
export function heldForNotice(heldFor: HeldFor): string {
  return `Your report waits for a moderator's review before it changes the level: ${HELD_FOR_TEXT[heldFor]}.`;
}

/**
 * How a report stands when it does not simply count: waiting for review (and why, by `heldFor`),
 * rejected by a moderator, or dismissed by an upheld appeal; null for one that counts.
 */
export function reportStatusNote(report: Pick<StoredReport, 'status' | 'heldFor'>): string | null {
  switch (report.status) {
    case 'review':
      return `waiting for review: ${HELD_LABEL[report.heldFor ?? 'allowlisted']}`;
    case 'rejected':
      return 'rejected by a moderator: does not count';
    case 'dismissed':
      return 'dismissed when the owner’s appeal was upheld: does not count';
    case 'active':
      return null;
  }
}

export function verificationNote(report: StoredReport, community: string | null): string | null {
  // A report that no longer counts is not called verified, whoever verified it once.
  if (!report.verifiedBy || report.status === 'rejected' || report.status === 'dismissed') return null;
  if (!countsAsVerified(report, community))
    return 'by a moderator of another community, counts as one report';
  return report.verifiedIn === community
    ? 'verified by a moderator here'
    : 'verified by a trusted community’s moderator';
}

/** One line on on-chain facts, or null when there are none to show. */
export function describeOnchain(summary: Pick<RiskSummary, 'onchain'>): string | null {
  const facts = summary.onchain;
  if (!facts?.available) return null;
  const parts = [
    facts.isContract ? 'contract' : 'wallet',
    facts.txCount !== null ? `${facts.txCount.toLocaleString('en-US')} transactions` : null,
    facts.name ? facts.name : null,
    facts.received !== undefined ? `received ${formatBitcoin(facts.received)} BTC` : null,
    facts.sent !== undefined ? `sent ${formatBitcoin(facts.sent)} BTC` : null,
  ].filter(Boolean);
  return `On-chain: ${parts.join(', ')} (${facts.source})`;
}

/** Satoshis (decimal string) as BTC without float rounding: `150000` -> `0.0015`. */
export function formatBitcoin(satoshis: string): string {
  const value = BigInt(satoshis);
  const whole = value / 100_000_000n;
  const fraction = (value % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/**
 * At most `max` characters, the last one `…` when cut. Counts code points, so a surrogate pair is
 * never split; cut before escaping, so no HTML entity or markdown escape is cut either.
 */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A core reason or hint ("no category given") as a sentence: trimmed, capitalised, with a full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * What a chat user reads when the database cannot be reached: plainly, that nothing was saved and
 * when to try again (never "something went wrong", which reads like a bug to report).
 */
export const DATABASE_DOWN_TEXT =
  'Our database is not answering just now, so nothing was saved. Please try again in a minute.';

/** The addresses of a message past the most one check screens: said as such, never miscounted. */
export function notScreenedNotice(count: number): string {
  return `…and ${count} more ${count === 1 ? 'address' : 'addresses'} not screened: at most ${MAX_ADDRESSES_PER_TEXT} per message; send them separately or use the API.`;
}

/**
 * What chat apps turn into a link by themselves: a URL with a scheme, `www.…`, or a bare domain
 * (Telegram links `evil.example/claim` too). Read as loosely as the apps do, so nothing they would
 * link slips through as plain text.
 */
const LINK_LIKE =
  /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s<>]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:[/?#][^\s<>]*)?/gi;

/**
 * User text (a report's note) cut into plain parts and link-like parts, in order, so a renderer can
 * show the links as text that is not clickable: a scammer's report note must not become a link in
 * a warning people trust.
 */
export function splitLinks(text: string): Array<{ text: string; link: boolean }> {
  const parts: Array<{ text: string; link: boolean }> = [];
  let at = 0;
  for (const match of text.matchAll(LINK_LIKE)) {
    // A link in parentheses, `(see https://x.example)`: the closing one is prose, as the apps read it.
    const link = match[0].endsWith(')') && !match[0].includes('(') ? match[0].slice(0, -1) : match[0];
    if (match.index > at) parts.push({ text: text.slice(at, match.index), link: false });
    parts.push({ text: link, link: true });
    at = match.index + link.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), link: false });
  return parts;
}

/** How a platform marks up the appeal texts: inline code, a block to copy, bold, and escaped plain text. */
export interface AppealMarkup {
  code(text: string): string;
  strong(text: string): string;
  block(text: string): string;
  text(text: string): string;
}

/**
 * The reply to `/appeal <address>` on every platform: the challenge to sign, how to sign it on that
 * chain, and the command that files it (`command`, e.g. `/appeal ADDRESS SIGNATURE why…`).
 */
export function appealChallengeText(
  challenge: Pick<AppealChallenge, 'address' | 'chain' | 'message' | 'expiresAt'>,
  command: string,
  markup: AppealMarkup,
): string {
  const howto = SIGNING_HOWTO[challenge.chain as keyof typeof SIGNING_HOWTO] ?? '';
  return [
    `To appeal the reports against ${markup.code(challenge.address)}, prove you control it.`,
    '',
    '1. In that address’s wallet, sign this exact text as a message:',
    markup.block(challenge.message),
    markup.text(howto),
    '',
    `2. Before ${markup.text(challenge.expiresAt.toISOString().slice(11, 16))} UTC, send:`,
    markup.code(command),
    '',
    'Signing a message moves no funds. Moderators read your statement and decide.',
  ].join('\n');
}

/** The reply when an appeal is filed: verified, its id, and what every check says until a decision. */
export function appealFiledText(
  appeal: Pick<StoredAppeal, 'address' | 'method' | 'id'>,
  markup: AppealMarkup,
): string {
  return (
    `✅ ${markup.strong('Verified')}: the signature proves control of ${markup.code(appeal.address)} (${markup.text(appeal.method)}).\n` +
    `Appeal ${appeal.id} is filed and waits for a moderator. Until then every check of this address says that its owner disputes the reports.`
  );
}

/** Why an appeal step failed, and what to do: the reason and the core's hint. */
export function appealErrorText(error: AppealError, markup: AppealMarkup): string {
  const verdict = error.code === 'signature-mismatch' ? `❌ ${markup.strong('Not verified.')} ` : '❌ ';
  const what =
    'input' in error && error.code === 'invalid-address' ? `"${error.input}" ${error.reason}` : error.reason;
  return `${verdict}${markup.text(what.charAt(0).toUpperCase() + what.slice(1))}. ${markup.text(error.hint)}`;
}

/** Events the Details views show, newest first: enough to see who acted last, short enough to fit. */
export const HISTORY_IN_DETAILS = 8;

const WEIGHT_WORDS: Record<ReporterWeight, string> = {
  trusted: 'trusted reporter',
  ordinary: 'reporter',
  new: 'new account or member',
  doubted: 'reporter with more rejected than approved reports',
};

const HISTORY_WORDS: Record<HistoryEventKind, (event: HistoryEvent) => string> = {
  reported: (e) =>
    `reported${e.category ? ` as ${REPORT_CATEGORY_LABELS[e.category]}` : ''} from ${e.actorPlatform}${e.actorWeight ? ` (${WEIGHT_WORDS[e.actorWeight]})` : ''}`,
  approved: (e) => `a report approved by a moderator (${e.actorPlatform})`,
  rejected: (e) => `a report rejected by a moderator (${e.actorPlatform})`,
  'appeal-filed': (e) => `the owner proved control and appealed (${e.actorPlatform})`,
  'appeal-upheld': (e) =>
    inCommunity(e)
      ? `the appeal upheld by a moderator (${e.actorPlatform}): that community’s reports dismissed`
      : `the appeal upheld by the operator (${e.actorPlatform}): community reports dismissed`,
  'appeal-rejected': (e) =>
    inCommunity(e)
      ? `the appeal rejected by a moderator (${e.actorPlatform}) for that community’s reports`
      : `the appeal rejected by the operator (${e.actorPlatform})`,
};

/**
 * A chat moderator decides an appeal for their own community's reports only; the CLI and the API
 * decide it for all (docs/DESIGN.md, "Appeals"): the line must not read as more than it was.
 */
function inCommunity(event: HistoryEvent): boolean {
  return event.actorPlatform === 'telegram' || event.actorPlatform === 'discord';
}

/**
 * One history event as a line, never a user id (the log holds none): `2026-11-30 12:04 UTC ·
 * reported as phishing from discord (new account or member)`. Plain text: each platform escapes it.
 */
export function describeHistoryEvent(event: HistoryEvent): string {
  const when = `${event.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${when} · ${HISTORY_WORDS[event.event](event)}`;
}

/** The Details views' history from the core's (oldest first, in log order): newest first, bounded. */
export function historyNewestFirst(events: readonly HistoryEvent[]): HistoryEvent[] {
  return [...events].reverse().slice(0, HISTORY_IN_DETAILS);
}
