/**
 * Exposure in words, one sentence per hit, for every renderer (chat replies, the CLI, the risk
 * summary's `exposure-*` reasons): "Received 2 ETH from 0x12ab…cd34, which received 5 ETH from
 * 0x9f8e…7d6c (ofac-sdn: LAZARUS GROUP (DPRK3)), 2 hops". Plain text: renderers escape it.
 */
import { shortAddress } from '../address/index.js';
import type { ExposureHit } from './model.js';

/** What the flagged address is: `ofac-sdn: LAZARUS GROUP (DPRK3)`, `scam list mew-darklist: phishing`, `2 community reports: phishing`. */
export function describeFlag(hit: Pick<ExposureHit, 'kind' | 'source' | 'label' | 'entity'>): string {
  const source = hit.source.replace(/ \(.*\)$/, '');
  switch (hit.kind) {
    case 'sanctions':
      return `${source}: ${hit.entity ?? hit.label ?? 'sanctioned'}`;
    case 'scam':
      return `scam list ${source}${hit.label ? `: ${hit.label}` : ''}`;
    case 'reports':
      return hit.label ?? 'reported by the community';
  }
}

/** One hit as a sentence, path first, without a final full stop. */
export function describeExposureHit(hit: ExposureHit): string {
  const flag = `(${describeFlag(hit)})`;
  const [first, second] = hit.steps;
  const amount = (step: { amount: string; asset: string }) => `${step.amount} ${step.asset}`;
  if (!first)
    return `${hit.direction === 'incoming' ? 'Funds from' : 'Funds to'} ${shortAddress(hit.address)} ${flag}`;
  if (hit.direction === 'incoming') {
    if (!second) return `Received ${amount(first)} directly from ${shortAddress(first.from)} ${flag}`;
    return `Received ${amount(first)} from ${shortAddress(first.from)}, which received ${amount(second)} from ${shortAddress(second.from)} ${flag}, 2 hops`;
  }
  if (!second) return `Sent ${amount(first)} directly to ${shortAddress(first.to)} ${flag}`;
  return `Sent ${amount(first)} to ${shortAddress(first.to)}, which sent ${amount(second)} to ${shortAddress(second.to)} ${flag}, 2 hops`;
}
