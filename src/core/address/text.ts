/**
 * Characters that render as nothing. Scam posts put them inside addresses so that a naive
 * matcher misses the address while a person (or a wallet after copy-paste) still sees it.
 * Unicode's Default_Ignorable_Code_Point property names them all: zero-width space, joiners and
 * word joiner, invisible operators (U+2061-U+2064), the soft hyphen, bidirectional marks and
 * embeddings, BOM, the combining grapheme joiner (U+034F), Mongolian vowel separator (U+180E),
 * variation selectors, tags. A hand-kept list always missed some.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

const UNUSUAL_CHARACTER = /[^ -~\t\n\r]/;

export function stripInvisible(text: string): string {
  // Most chat text is printable ASCII, which holds no invisible character: skip the Unicode pass.
  return UNUSUAL_CHARACTER.test(text) ? text.replace(INVISIBLE, '') : text;
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
