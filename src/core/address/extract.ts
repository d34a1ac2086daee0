import type { InvalidAddress, ParsedAddress } from '../types.js';
import { parseAddress } from './parse.js';
import { stripInvisible } from './text.js';

/**
 * Only the first 64 KiB (UTF-16 code units) of a message is scanned, so a flood of huge posts
 * costs bounded time per post; chat messages are far shorter (Telegram 4096, Discord 4000).
 */
const MAX_SCAN = 64 * 1024;

/**
 * Candidates: 0x + 40 hex; bc1/tb1/ltc1/tltc1 bech32 in one case; CashAddr with or without its
 * prefix; a 25-44 character base58 run (Bitcoin, Litecoin and Dogecoin legacy, Tron, Solana).
 * Each must stand alone (no letter or digit touching either end), which is what lets punctuation,
 * markdown, URLs (`/address/0x…`) and URIs (`ethereum:0x…@1`) through. The bech32 and CashAddr
 * alternatives come before base58 so that, at one position, their reading wins.
 */
const CANDIDATE =
  /(?<![0-9A-Za-z])(?:0[xX][0-9a-fA-F]{40}|(?:bc|tb|ltc|tltc)1[02-9ac-hj-np-z]{6,87}|(?:BC|TB|LTC|TLTC)1[02-9AC-HJ-NP-Z]{6,87}|(?:bitcoincash:|bchtest:)?[qpzr][02-9ac-hj-np-z]{41}(?:[02-9ac-hj-np-z]{19})?|(?:BITCOINCASH:|BCHTEST:)?[QPZR][02-9AC-HJ-NP-Z]{41}(?:[02-9AC-HJ-NP-Z]{19})?|[1-9A-HJ-NP-Za-km-z]{25,44})(?![0-9A-Za-z])/g;

/**
 * TON: a user-friendly address (48 base64url or base64 characters starting with its tag) or a raw
 * one. Base64 uses `-`, `_`, `+` and `/`, so those may not touch a friendly address either; a `/`
 * may, so that links (`tonviewer.com/UQ…`) are found.
 */
const TON_CANDIDATE =
  /(?<![0-9A-Za-z+_-])(?:[EUk0][Qf][A-Za-z0-9+/_-]{46}(?![0-9A-Za-z+_-])|-?[01]:[0-9a-fA-F]{64}(?![0-9A-Za-z]))/g;

/** Candidates of every pattern, in the order they appear in the text. */
function candidates(text: string): string[] {
  const found = [...text.matchAll(CANDIDATE), ...text.matchAll(TON_CANDIDATE)];
  return found.sort((a, b) => a.index - b.index).map((m) => m[0]);
}

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
  for (const candidate of candidates(scanned)) {
    const result = parseAddress(candidate);
    if (result.ok && !seen.has(result.value.key)) {
      seen.add(result.value.key);
      found.push(result.value);
    }
  }
  return found;
}

/** Anything address-shaped enough that a failed parse is worth explaining (a typo, a bad checksum). */
const ATTEMPT =
  /(?<![0-9A-Za-z])(?:0[xX][0-9a-zA-Z]{30,50}|(?:bc|tb|ltc|tltc|BC|TB|LTC)1[0-9A-Za-z]{6,90}|(?:bitcoincash|bchtest):[0-9A-Za-z]{30,70}|[13TLMDX79A][1-9A-HJ-NP-Za-km-z]{24,40})(?![0-9A-Za-z])|(?<![0-9A-Za-z+_-])(?:EQ|UQ)[A-Za-z0-9+/_-]{44,48}(?![0-9A-Za-z+_-])/g;

/** Long alphanumeric words: listed strings of chains the core does not parse (XMR, ZEC, Dash, ...) look like these. */
const WORD = /(?<![0-9A-Za-z])[0-9A-Za-z]{26,128}(?![0-9A-Za-z])/g;

/** At most this many mistyped addresses are explained per message. */
const MAX_REJECTED = 20;

export interface TextScan {
  /** Every valid address, as `extractAddresses` returns them. */
  addresses: ParsedAddress[];
  /** Address-shaped words that did not parse, with the reason (first ones first). */
  rejected: InvalidAddress[];
  /**
   * Other long alphanumeric words, to be matched verbatim against imported lists: every one of them,
   * so decoy words cannot push a listed one out (the 64 KiB scan bounds them to about 2,400).
   */
  unparsed: string[];
}

/** `extractAddresses`, plus what was almost an address and what only a verbatim list match can tell. */
export function scanText(text: string): TextScan {
  if (typeof text !== 'string') return { addresses: [], rejected: [], unparsed: [] };
  const scanned = stripInvisible(text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text);
  const addresses = extractAddresses(scanned);
  // Every spelling of a found address (a CashAddr without its prefix too) is known, not a stray word.
  const known = new Set(
    addresses.flatMap((a) => [
      a.key,
      a.display,
      a.key.toLowerCase(),
      a.key.slice(a.key.indexOf(':') + 1),
      ...(a.otherForms ?? []).map((f) => f.address),
    ]),
  );
  const rejected: InvalidAddress[] = [];
  for (const match of scanned.matchAll(ATTEMPT)) {
    if (known.has(match[0]) || known.has(match[0].toLowerCase())) continue;
    const result = parseAddress(match[0]);
    if (!result.ok) rejected.push(result.error);
    if (rejected.length >= MAX_REJECTED) break;
  }
  // Only spellings with base64's - _ + / can be split into several words; the rest are whole words.
  const splittable = [...known].filter((spelling) => /[-_+/]/.test(spelling));
  const unparsed = new Set<string>();
  for (const match of scanned.matchAll(WORD)) {
    if (known.has(match[0]) || known.has(match[0].toLowerCase()) || unparsed.has(match[0])) continue;
    // A piece of a found TON address (base64's - _ + / split it into words) is not a stray word.
    if (splittable.some((spelling) => spelling.includes(match[0]))) continue;
    unparsed.add(match[0]);
  }
  return { addresses, rejected, unparsed: [...unparsed] };
}
