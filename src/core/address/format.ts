import type { Chain, ParsedAddress, RiskSummary } from '../types.js';

const LABELS = {
  evm: 'Ethereum / EVM',
  bitcoin: 'Bitcoin',
  tron: 'Tron',
  solana: 'Solana',
  litecoin: 'Litecoin',
  'bitcoin-cash': 'Bitcoin Cash',
  dogecoin: 'Dogecoin',
  ton: 'TON',
  other: 'Other chain',
} satisfies Record<Chain, string>;

/** The chain's name as a person reads it; a testnet is named so nobody takes it for mainnet. */
export function chainLabel(address: Pick<ParsedAddress, 'chain' | 'network'>): string {
  const label = LABELS[address.chain];
  return address.network === 'testnet' && address.chain !== 'other' ? `${label} testnet` : label;
}

/**
 * One sentence on the address's other spellings, or null when it has none: "Same TON account as
 * EQ… (bounceable) and 0:… (raw).", "Also a Bitcoin Cash address: bitcoincash:q….". Full addresses,
 * because these are what people compare; renderers escape the sentence.
 */
export function describeOtherForms(
  summary: Pick<RiskSummary, 'chain' | 'network' | 'otherForms'>,
): string | null {
  const forms = summary.otherForms ?? [];
  if (forms.length === 0) return null;
  const elsewhere = forms.filter((f) => f.chain !== summary.chain);
  if (elsewhere.length > 0) {
    return elsewhere
      .map((f) => `Also a ${chainLabel({ chain: f.chain, network: summary.network })} address: ${f.address}.`)
      .join(' ');
  }
  const list = forms.map((f) => `${f.address} (${FORM_NAMES[f.form] ?? f.form})`);
  const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  const what = summary.chain === 'ton' ? `${chainLabel(summary)} account` : 'address';
  return `Same ${what} as ${joined}.`;
}

const FORM_NAMES: Record<string, string> = {
  bounceable: 'bounceable form',
  raw: 'raw form',
  legacy: 'legacy form',
  cashaddr: 'CashAddr form',
};

/**
 * `0x8589…DA16`: the first 6 characters (with 0x, for EVM) and the last 4. Both ends, because
 * look-alike scams match the ends people check; the full address is always shown beside it.
 */
export function shortAddress(display: string): string {
  const chars = [...display];
  if (chars.length <= 12) return display;
  return `${chars.slice(0, 6).join('')}…${chars.slice(-4).join('')}`;
}
