/**
 * Presentation shared by every adapter (terminal, Telegram, Discord): level emoji, chain names,
 * short addresses and report-count wording. Pure; each platform escapes and lays it out its own way.
 */
import {
  REPORT_CATEGORY_LABELS,
  type ReportCategory,
  type RiskLevel,
  type RiskSummary,
} from '../core/types.js';

export const LEVEL_EMOJI: Record<RiskLevel, string> = {
  none: '⚪',
  low: '🟢',
  medium: '🟡',
  high: '🔴',
  severe: '⛔',
};

/** What to do, per level: the last line of every reply. */
export const LEVEL_ADVICE: Record<RiskLevel, string> = {
  none: 'Nothing known against it. Still confirm the address with the recipient through another channel.',
  low: 'Be careful: confirm the address with the recipient through another channel before paying.',
  medium: 'Do not pay until you have confirmed this address with the recipient through another channel.',
  high: 'Do not send funds to this address.',
  severe: 'Do not send funds to this address.',
};

const CHAIN_NAMES: Record<RiskSummary['chain'], string> = {
  evm: 'Ethereum / EVM',
  bitcoin: 'Bitcoin',
  tron: 'Tron',
  solana: 'Solana',
  other: 'other chain',
};

export function chainName(summary: Pick<RiskSummary, 'chain' | 'network'>): string {
  const name = CHAIN_NAMES[summary.chain];
  return summary.network === 'testnet' ? `${name} testnet` : name;
}

/** `0x8589…DA16`: enough to recognise, never enough to copy. */
export function shortenAddress(address: string): string {
  if (address.length <= 14) return address;
  const head = address.startsWith('0x') ? 6 : 6;
  return `${address.slice(0, head)}…${address.slice(-4)}`;
}

/** `phishing ×2, fake airdrop / drainer` */
export function describeReportCategories(summary: Pick<RiskSummary, 'reports'>): string {
  return Object.entries(summary.reports.categories)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([c, n]) => `${REPORT_CATEGORY_LABELS[c as ReportCategory] ?? c}${n && n > 1 ? ` ×${n}` : ''}`)
    .join(', ');
}

/** One line on on-chain facts, or null when there are none to show. */
export function describeOnchain(summary: Pick<RiskSummary, 'onchain'>): string | null {
  const facts = summary.onchain;
  if (!facts?.available) return null;
  const parts = [
    facts.isContract ? 'contract' : 'wallet',
    facts.txCount !== null ? `${facts.txCount.toLocaleString('en-US')} transactions` : null,
    facts.name ? facts.name : null,
  ].filter(Boolean);
  return `On-chain: ${parts.join(', ')} (${facts.source})`;
}
