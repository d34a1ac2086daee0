import type { ParsedAddress } from '../types.js';
import { parseAddress } from './parse.js';
import { stripInvisible } from './text.js';

/**
 * Only the first 64 KiB (UTF-16 code units) of a message is scanned, so a flood of huge posts
 * costs bounded time per post; chat messages are far shorter (Telegram 4096, Discord 4000).
 */
const MAX_SCAN = 64 * 1024;

/**
 * Candidates: 0x + 40 hex; bc1/tb1 bech32 in one case; a 25-44 character base58 run (Bitcoin
 * legacy, Tron, Solana). Each must stand alone (no letter or digit touching either end), which
 * is what lets punctuation, markdown, URLs (`/address/0x…`) and URIs (`ethereum:0x…@1`) through.
 * The bech32 alternatives come before base58 so that, at one position, the bech32 reading wins.
 */
const CANDIDATE =
  /(?<![0-9A-Za-z])(?:0[xX][0-9a-fA-F]{40}|(?:bc|tb)1[02-9ac-hj-np-z]{6,87}|(?:BC|TB)1[02-9AC-HJ-NP-Z]{6,87}|[1-9A-HJ-NP-Za-km-z]{25,44})(?![0-9A-Za-z])/g;

/**
 * Every valid address in free text, in order of first appearance, one per key. Invisible
 * characters are removed before scanning, so an address with zero-width spaces inside is found.
 * Never throws.
 */
export function extractAddresses(text: string): ParsedAddress[] {
  if (typeof text !== 'string') return [];
  const scanned = stripInvisible(text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text);
  const seen = new Set<string>();
  const found: ParsedAddress[] = [];
  for (const match of scanned.matchAll(CANDIDATE)) {
    const result = parseAddress(match[0]);
    if (result.ok && !seen.has(result.value.key)) {
      seen.add(result.value.key);
      found.push(result.value);
    }
  }
  return found;
}
