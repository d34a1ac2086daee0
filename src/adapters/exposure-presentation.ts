/**
 * What a trace answer says, for every platform, around the core's own sentence for each flagged
 * address (`describeExposureHit`, the one the CLI and the check's exposure reasons use): where
 * tracing stopped and why, why an answer is partial, the verdict line, the counts and what to do.
 * Pure. The sentences carry text from lists, reports and token contracts (labels, entity names,
 * token symbols), hostile until cleaned here and escaped by each platform's renderer.
 */
import {
  chainLabel,
  cleanFreeText,
  describeExposureHit,
  type Exposure,
  type ExposureHit,
  type ExposureKind,
  type RiskLevel,
  shortAddress,
  type TraceIncompleteReason,
  type TraceStop,
  type TraceStopReason,
} from '../core/index.js';
import { LEVEL_EMOJI, truncate } from './presentation.js';

/** A list label, an entity or a token symbol cut to this many characters (after cleaning). */
export const MAX_FOREIGN_CHARS = 80;
/** A hit's sentence: two steps, two amounts and a list's name fit well within it. */
const MAX_SENTENCE_CHARS = 400;
const MAX_ASSET_CHARS = 16;

/**
 * Text from a list, a report or a token contract as it may be shown: control characters, bidi
 * overrides and isolates (which would show the rest of the line reversed) and zero-width characters
 * (which hide a difference between two look-alike names) removed, line breaks made spaces, cut.
 */
export function cleanForeign(value: string, max = MAX_FOREIGN_CHARS): string {
  const cleaned = cleanFreeText(value)
    .replace(/[\u200B-\u200F\u2028\u2029\u2060-\u2064\uFEFF\u061C\u180E]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(cleaned, max);
}

/**
 * An amount in whole units (a decimal string from the core) for reading: thousands grouped, at most
 * six decimals, and `<0.000001` for less. Anything that is not a plain decimal is shown cleaned.
 */
export function formatAmount(amount: string): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return cleanForeign(amount, 40);
  const whole = (match[1] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').slice(0, 6).replace(/0+$/, '');
  if (/^0*$/.test(whole) && fraction === '' && /[1-9]/.test(match[2] ?? '')) return '<0.000001';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** `2 ETH`: the amount and the token's symbol (cleaned: a token names itself). */
export function amountText(amount: string, asset: string): string {
  return `${formatAmount(amount)} ${cleanForeign(asset, MAX_ASSET_CHARS)}`;
}

export const KIND_NOUN: Record<ExposureKind, string> = {
  sanctions: 'sanctioned',
  scam: 'scam list',
  reports: 'reported',
};

/**
 * One flagged address as the core says it, following the money along its path ("Received 2 ETH
 * from A, which received 5 ETH from B (ofac-sdn: LAZARUS GROUP (DPRK3)), 2 hops"), cleaned of what
 * lists and tokens could smuggle in; dust says it does not count.
 */
export function hitSentence(hit: ExposureHit): string {
  const sentence = cleanForeign(describeExposureHit(hit), MAX_SENTENCE_CHARS);
  return hit.dust ? `${sentence}. Dust: too small to count, it does not raise the level` : sentence;
}

const KIND_ORDER: Record<ExposureKind, number> = { sanctions: 0, scam: 1, reports: 2 };

/** Most telling first: counted before dust, direct before indirect, sanctions before scam before reports. */
export function orderedHits(hits: readonly ExposureHit[]): ExposureHit[] {
  return [...hits].sort(
    (a, b) => Number(a.dust) - Number(b.dust) || a.hop - b.hop || KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
  );
}

export const STOP_REASON_TEXT: Record<TraceStopReason, string> = {
  allowlisted: 'a known service (allowlisted), whose other customers say nothing about this address',
  busy: 'too many transactions to be one person’s wallet',
  budget: 'the time for this trace ran out before it was read',
  'history-limit':
    'more transactions than a trace reads, and the chain’s source gives no count: possibly a service, not followed',
};

/** `0x12ab…cd34 (Binance 14): a known service …`. */
export function stopSentence(stop: TraceStop): string {
  const label = stop.label ? cleanForeign(stop.label) : '';
  return `${shortAddress(stop.address)}${label ? ` (${label})` : ''}: ${STOP_REASON_TEXT[stop.reason]}`;
}

export const INCOMPLETE_TEXT: Record<TraceIncompleteReason, string> = {
  budget: 'the time for a trace ran out before every address was read',
  'node-unavailable': 'the chain node did not answer for some addresses',
  'history-limit':
    'some addresses had more transactions than a trace reads, so only their most recent were read',
};

/** `Partial: …; …. Try again later…`, or null for a complete answer. */
export function partialText(exposure: Pick<Exposure, 'complete' | 'incomplete'>): string | null {
  if (exposure.complete) return null;
  const reasons = exposure.incomplete.map((reason) => INCOMPLETE_TEXT[reason]);
  return `Partial: ${reasons.length > 0 ? reasons.join('; ') : 'some history was not read'}. What is listed was found; more may exist.`;
}

/** The verdict line's words: `⛔ SEVERE · funds traced 2 hops`. */
export function exposureTitle(exposure: Pick<Exposure, 'level' | 'hops'>): string {
  return `${LEVEL_EMOJI[exposure.level]} ${exposure.level.toUpperCase()} · funds traced ${exposure.hops === 1 ? '1 hop' : `${exposure.hops} hops`}`;
}

/** `Ethereum / EVM · 1,204 transactions read · evm:1 trace_filter · 2026-11-30 12:00 UTC (cached)`. */
export function exposureFooter(exposure: Exposure): string {
  const asOf = Number.isNaN(Date.parse(exposure.asOf))
    ? cleanForeign(exposure.asOf, 40)
    : `${new Date(exposure.asOf).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return [
    chainLabel({ chain: exposure.chain, network: 'mainnet' }),
    `${exposure.transactionsRead.toLocaleString('en-US')} transactions read`,
    cleanForeign(exposure.source, 60),
    `${asOf}${exposure.cached ? ' (cached)' : ''}`,
  ].join(' · ');
}

/** How many hits of each kind, direct and indirect: the line under the verdict. */
export function hitsSummary(exposure: Exposure): string {
  const within = exposure.hops === 1 ? 'among its direct counterparties' : `within ${exposure.hops} hops`;
  if (exposure.hits.length === 0) return `No sanctioned, scam-listed or reported address found ${within}.`;
  const counted = exposure.hits.filter((h) => !h.dust);
  const direct = counted.filter((h) => h.hop === 1).length;
  const indirect = counted.length - direct;
  const dust = exposure.hits.length - counted.length;
  const parts = [
    direct > 0 ? `${direct} direct` : null,
    indirect > 0 ? `${indirect} indirect` : null,
    dust > 0 ? `${dust} dust only (not counted)` : null,
  ].filter((p) => p !== null);
  const n = exposure.hits.length;
  return `${n} flagged ${n === 1 ? 'address' : 'addresses'} ${within}: ${parts.join(', ')}.`;
}

/** What to do about money received from (or sent to) such an address, by the exposure's level. */
export const EXPOSURE_ADVICE: Record<RiskLevel, string> = {
  none: 'Nothing flagged on these paths. Chain history only shows what the lists and reports know: it is not proof the funds are clean.',
  low: 'Only indirect, small or reported links: usually nothing to act on, but keep a record of these transactions.',
  medium:
    'Funds moved directly between this address and a scam-listed one: be careful, and keep a record of the transactions.',
  high: 'Funds moved directly between this address and a sanctioned one: do not pass them on before asking your exchange or a lawyer.',
  severe:
    'Funds moved directly between this address and a sanctioned one: do not pass them on before asking your exchange or a lawyer.',
};

/** The caption of the diagram: short, plain, within Telegram's 1024 characters. */
export function diagramCaption(exposure: Exposure): string {
  return truncate(
    `${exposureTitle(exposure)}\nPaths from ${shortAddress(exposure.address)} to the flagged addresses; arrows follow the funds. ${hitsSummary(exposure)}`,
    1024,
  );
}
