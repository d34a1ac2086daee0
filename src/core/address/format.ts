import type { Chain, ParsedAddress } from '../types.js';

const LABELS = {
  evm: 'Ethereum / EVM',
  bitcoin: 'Bitcoin',
  tron: 'Tron',
  solana: 'Solana',
  other: 'Other chain',
} satisfies Record<Chain, string>;

/** The chain's name as a person reads it; Bitcoin testnet is named so nobody takes it for mainnet. */
export function chainLabel(address: Pick<ParsedAddress, 'chain' | 'network'>): string {
  if (address.chain === 'bitcoin' && address.network === 'testnet') return 'Bitcoin testnet';
  return LABELS[address.chain];
}

/**
 * `0x8589…DA16`: the first 6 characters (with 0x, for EVM) and the last 4. Both ends, because
 * look-alike scams match the ends people check; the full address is always shown beside it.
 */
export function shortAddress(display: string): string {
  const chars = [...display];
  if (chars.length <= 12) return display;
  return `${chars.slice(0, 6).join('')}…${chars.slice(-4).join('')}`;
}
