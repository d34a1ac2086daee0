/**
 * Small shared rules for turning publishers' strings into list entries: address keys, dates and
 * categories.
 */

import type { Chain, ParsedAddress, ReportCategory } from '../core/index.js';
import { parseAddress, parseAddressOn, REPORT_CATEGORIES } from '../core/index.js';

/**
 * OFAC assets whose addresses are in a format the core parses (EVM, bitcoin, tron, solana).
 * A listed string under one of these that fails to parse is still stored, with a warning.
 */
const CORE_ASSETS = new Set(['XBT', 'ETH', 'TRX', 'USDT', 'USDC', 'SOL', 'ARB', 'BSC']);

/**
 * OFAC assets of chains whose addresses share a format with Bitcoin's: the asset names the chain,
 * so BCH's legacy `1…` is keyed as that Bitcoin Cash address (on its hash, like the CashAddr
 * entries) and a Litecoin `3…` as its `M…` form.
 */
const ASSET_CHAINS: Record<string, Chain> = {
  LTC: 'litecoin',
  BCH: 'bitcoin-cash',
  DOGE: 'dogecoin',
  TON: 'ton',
};

export interface SanctionedAddress {
  key: string;
  chain: Chain;
  display: string;
  /** Set when the asset is one the core should parse but the string did not parse. */
  warning: string | null;
}

/**
 * Classify a listed OFAC string by its format, not by its asset label (OFAC has filed TRON
 * addresses under XBT and Omni addresses under USDT), except where formats are shared: under
 * LTC, BCH, DOGE and TON the string is read on that chain. EVM-form strings always get the
 * lowercase key, whatever the asset (ETC, BSC...), because that is the key a screen of that
 * string looks up. Strings of chains the core does not parse (XMR, ZEC...) stay `other`, verbatim.
 */
export function sanctionedAddress(asset: string, raw: string): SanctionedAddress {
  const text = raw.trim();
  const assetChain = ASSET_CHAINS[asset];
  const parsed = assetChain ? parseAddressOn(text, assetChain) : parseAddress(text);
  if (
    parsed.ok &&
    (CORE_ASSETS.has(asset) || parsed.value.chain === 'evm' || parsed.value.chain === assetChain)
  ) {
    return { key: parsed.value.key, chain: parsed.value.chain, display: parsed.value.display, warning: null };
  }
  // The key stays verbatim (it is what a screen of that string looks up); the display is printed.
  const display = humanText(text) ?? '';
  const expected = CORE_ASSETS.has(asset) || assetChain !== undefined;
  const warning =
    !parsed.ok && expected
      ? `${asset} address "${display}" does not parse (${parsed.error.reason}); stored verbatim`
      : null;
  return { key: text, chain: 'other', display, warning };
}

const MIXED_CASE_HEX = /^0x[0-9a-fA-F]{40}$/;

/**
 * Parse a scam/allow-list address. A 0x address whose mixed case fails its EIP-55 checksum is a
 * typo in the list, not a different address: it is accepted case-insensitively, with a warning.
 */
export function listedAddress(
  raw: string,
): { ok: true; value: ParsedAddress; warning: string | null } | { ok: false; reason: string } {
  const parsed = parseAddress(raw);
  if (parsed.ok) return { ok: true, value: parsed.value, warning: null };
  if (MIXED_CASE_HEX.test(raw)) {
    const lower = parseAddress(raw.toLowerCase());
    if (lower.ok) {
      return {
        ok: true,
        value: lower.value,
        warning: `${raw} has a wrong EIP-55 checksum; matched case-insensitively`,
      };
    }
  }
  return { ok: false, reason: parsed.error.reason };
}

/** `YYYY-MM-DD`, `M/D/YY`, `MM/DD/YYYY` or an ISO timestamp -> `YYYY-MM-DD`; anything else -> null. */
export function isoDate(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text);
  if (iso) return ymd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  if (us) {
    const year = Number(us[3]);
    // Two-digit years only occur in lists from 2017 on (MEW darklist `7/18/17`).
    return ymd(year < 100 ? 2000 + year : year, Number(us[1]), Number(us[2]));
  }
  return null;
}

export function ymd(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return date.toISOString().slice(0, 10);
}

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

const CATEGORY_PATTERNS: ReadonlyArray<[RegExp, ReportCategory]> = [
  [/phish/, 'phishing'],
  [/airdrop|drainer/, 'fake-airdrop'],
  [/impersonat/, 'impersonation'],
  [/rug/, 'rug-pull'],
  [/ponzi|hyip|investment/, 'ponzi'],
  [/fake.?exchange/, 'fake-exchange'],
  [/romance|pig.?butcher/, 'romance'],
  [/ransom/, 'ransomware'],
  [/sextortion/, 'sextortion'],
];

/** A publisher's category or tag (`Phishing`, `phish-hack`, `etherscan-phish-hack-list`) -> ours, or null. */
export function reportCategory(value: string | null | undefined): ReportCategory | null {
  const text = value?.trim().toLowerCase();
  if (!text) return null;
  const exact = REPORT_CATEGORIES.find((category) => category === text);
  if (exact) return exact;
  for (const [pattern, category] of CATEGORY_PATTERNS) if (pattern.test(text)) return category;
  return null;
}

/** Longest label, entity name or program kept from a list file; longer text is cut with `…`. */
export const MAX_TEXT_LENGTH = 200;

/**
 * Terminal escape sequences, removed whole so their payload (an OSC 8 link target, `[31m`) does
 * not survive as visible junk once the escape byte is gone. String sequences (OSC, DCS, SOS, PM,
 * APC) run to BEL or ST; an unterminated one runs to the end, as a terminal would swallow it.
 * Both the 7-bit (`ESC ]`) and the C1 (`U+009D`) introducers are matched.
 */
const ESCAPE_SEQUENCE = new RegExp(
  [
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?',
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?',
  ].join('|'),
  'g',
);

/**
 * C0, DEL and C1 controls, plus the bidi embedding/override/isolate marks that can make a chat
 * show a label's text in another order than it is stored ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a third-party list (a label, comment, entity name, program, a rejected input shown
 * back) made safe to print in a terminal or a chat: escape sequences and control characters
 * removed, whitespace runs (newlines, tabs) collapsed to one space, trimmed, and cut to
 * `maxLength` characters. Null when nothing printable is left.
 */
export function humanText(value: string | null | undefined, maxLength = MAX_TEXT_LENGTH): string | null {
  if (!value) return null;
  const text = value
    .replace(ESCAPE_SEQUENCE, '')
    // A lone control (a tab, a line break, NUL) separated words: keep a space in its place.
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return null;
  if (text.length <= maxLength) return text;
  // Cut by code point so a surrogate pair (an emoji) is never split in half.
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  return `${codePoints
    .slice(0, maxLength - 1)
    .join('')
    .trimEnd()}…`;
}
