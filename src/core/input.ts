/**
 * Text from outside (a chat message, a URL path, a JSON field, a CLI argument) before it reaches a
 * rule or storage. No address, id or list key holds a control character or half of a surrogate
 * pair, and Postgres refuses a NUL outright, so such input is refused with its precise reason where
 * it names something (`unsafeCharacter`), and cleaned where it is free text (`cleanFreeText`).
 */

import { ANY_HINT } from './address/hints.js';
import { parseAddress } from './address/index.js';
import { err, type InvalidAddress, type ParsedAddress, type Result } from './types.js';

// \p{Cc}: C0 and C1 controls, NUL included; \p{Cs}: a lone surrogate (a pair is one code point under /u).
const UNSAFE = /[\p{Cc}\p{Cs}]/u;

/** What is wrong with `text` as a name of something ("a NUL byte (U+0000)"), or null when nothing is. */
export function unsafeCharacter(text: string): string | null {
  const found = UNSAFE.exec(text)?.[0];
  if (found === undefined) return null;
  const code = (found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  if (code === '0000') return 'a NUL byte (U+0000)';
  if (/\p{Cs}/u.test(found)) return `half of a surrogate pair (U+${code}), which is not valid text`;
  return `a control character (U+${code})`;
}

/**
 * Free text as it is stored and shown: line breaks kept (CR LF as LF), tabs kept, every other
 * control character dropped, a lone surrogate replaced by U+FFFD, and the bidirectional embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069) dropped: a right-to-left override in a note
 * would show the rest of the reply, addresses included, reversed.
 */
export function cleanFreeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\p{Cs}/gu, '\uFFFD')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
}

/** `text` with every unsafe character shown as U+FFFD and cut to `max` code points, for echoing back. */
export function visibleInput(text: string, max = 80): string {
  const chars = [...text.replace(/[\p{Cc}\p{Cs}]/gu, '\uFFFD')];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** `parseAddress`, refusing first, with the precise reason, input holding a character no address has. */
export function parseUserAddress(input: string): Result<ParsedAddress, InvalidAddress> {
  const unsafe = unsafeCharacter(input);
  if (unsafe === null) return parseAddress(input);
  return err({
    code: 'invalid-address',
    input: visibleInput(input.trim()),
    reason: `contains ${unsafe}, which no address has`,
    hint: ANY_HINT,
  });
}
