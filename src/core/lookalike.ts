/**
 * Address-poisoning look-alikes: a scammer's vanity address that shares the first and last
 * characters a wallet shows. The store indexes the first and last INDEX_LENGTH characters of each
 * known address's distinctive body; the configured lengths (never below that) are checked here.
 */
import { tonFriendly } from './address/index.js';
import type { Chain, ParsedAddress } from './types.js';

/** Where a look-alike candidate is known from. */
export type LookalikeOrigin = 'allow' | 'sanctions' | 'scam' | 'report' | 'community';

export interface LookalikeCandidate {
  key: string;
  address: string;
  chain: Chain;
  label: string | null;
  origin: LookalikeOrigin;
  /** List name for list origins, community id for community, `community reports` for reports. */
  source: string;
  /** Community origin: when it was first seen there (ISO time). */
  firstSeen?: string | null;
  /**
   * Community origin: true when it first appeared there after the screened address did, so it is
   * likelier the copy than the original (set by the core).
   */
  newerThanScreened?: boolean;
}

/** The indexed look-alike probe: same chain, same first and last characters (4 each in the index). */
export interface LookalikeProbe {
  chain: Chain;
  prefix: string;
  suffix: string;
}

/** Characters indexed at each end; configured lengths are at least this. */
export const LOOKALIKE_INDEX_LENGTH = 4;

export interface LookalikeOptions {
  prefixLength: number;
  suffixLength: number;
}

export const DEFAULT_LOOKALIKE_OPTIONS: LookalikeOptions = { prefixLength: 4, suffixLength: 4 };

/**
 * The part of an address a person compares: without the lead every address of its kind shares
 * (`0x`, `bc1q`, `ltc1q`, Tron's `T`, Dogecoin's `D`, `bitcoincash:q`), so four characters really
 * are four chosen by the attacker. A TON account is compared in the spelling the reply shows (the
 * non-bounceable `UQ…`), since its key is the raw form nobody reads.
 */
export function lookalikeBody(address: { chain: ParsedAddress['chain']; key: string }): string | null {
  const { chain, key } = address;
  switch (chain) {
    case 'evm':
      return key.slice(2);
    case 'tron':
      return key.slice(1);
    case 'bitcoin':
    case 'litecoin': {
      const bech32 = /^(bc|tb|bcrt|ltc|tltc)1[a-z0-9]/.exec(key);
      if (bech32) return key.slice(bech32[0].length);
      return chain === 'litecoin' ? key.slice(1) : key;
    }
    case 'dogecoin':
      return key.slice(1);
    case 'bitcoin-cash': {
      const prefix = /^[a-z]+:[a-z0-9]/.exec(key);
      return prefix ? key.slice(prefix[0].length) : null;
    }
    case 'ton': {
      const friendly = tonFriendly(key);
      return friendly ? friendly.slice(2) : null;
    }
    case 'solana':
      return key;
    default:
      return null;
  }
}

export function lookalikeProbe(address: {
  chain: ParsedAddress['chain'];
  key: string;
}): LookalikeProbe | null {
  const body = lookalikeBody(address);
  if (body === null || body.length < LOOKALIKE_INDEX_LENGTH * 2) return null;
  return {
    chain: address.chain,
    prefix: body.slice(0, LOOKALIKE_INDEX_LENGTH),
    suffix: body.slice(-LOOKALIKE_INDEX_LENGTH),
  };
}

/** True when `candidate` is a different address sharing the configured prefix and suffix. */
export function isLookalike(
  address: ParsedAddress,
  candidate: { chain: ParsedAddress['chain']; key: string },
  options: LookalikeOptions = DEFAULT_LOOKALIKE_OPTIONS,
): boolean {
  if (candidate.chain !== address.chain || candidate.key === address.key) return false;
  const a = lookalikeBody(address);
  const b = lookalikeBody(candidate);
  if (a === null || b === null) return false;
  const prefix = Math.max(options.prefixLength, LOOKALIKE_INDEX_LENGTH);
  const suffix = Math.max(options.suffixLength, LOOKALIKE_INDEX_LENGTH);
  if (a.length < prefix + suffix || b.length < prefix + suffix) return false;
  return a.slice(0, prefix) === b.slice(0, prefix) && a.slice(-suffix) === b.slice(-suffix);
}

/** Keeps true look-alikes, one per address (the most telling origin first). */
export function selectLookalikes(
  address: ParsedAddress,
  candidates: LookalikeCandidate[],
  options: LookalikeOptions = DEFAULT_LOOKALIKE_OPTIONS,
): LookalikeCandidate[] {
  const rank: Record<LookalikeCandidate['origin'], number> = {
    allow: 0,
    community: 1,
    sanctions: 2,
    scam: 3,
    report: 4,
  };
  const sorted = candidates
    .filter((c) => isLookalike(address, c, options))
    .sort((x, y) => rank[x.origin] - rank[y.origin]);
  const seen = new Set<string>();
  return sorted.filter((c) => {
    if (seen.has(c.key)) return false;
    seen.add(c.key);
    return true;
  });
}
