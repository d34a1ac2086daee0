/**
 * Characters that render as nothing. Scam posts put them inside addresses so that a naive
 * matcher misses the address while a person (or a wallet after copy-paste) still sees it.
 * Zero-width space/non-joiner/joiner (U+200B-U+200D), word joiner (U+2060), BOM (U+FEFF), plus
 * the soft hyphen and the bidirectional marks and embeddings, which are just as invisible.
 */
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Echoing a megabyte of pasted text back in an error helps nobody; keep the start of it. */
const MAX_ECHO = 200;

export function echo(input: string): string {
  return input.length <= MAX_ECHO ? input : `${input.slice(0, MAX_ECHO)}…`;
}

/** Shows one offending character in a reason: visible characters as is, others as U+XXXX. */
export function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return /^[\x21-\x7E]$/.test(char) ? `"${char}"` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
