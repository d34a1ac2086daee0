/**
 * `checkInput`: the one answer to "what did the person type?", for every adapter (a chat message,
 * a slash command's option, the CLI's argument). The ladder:
 *
 * 1. nothing but whitespace: `empty`;
 * 2. one word: screened as one address, `address` (or a listed string of a chain the core does not
 *    parse, verbatim). When it is not one but holds addresses (`0xabc…,0xdef…`, an explorer link),
 *    those are screened (`address` when it holds exactly one, a link to it; else `text`);
 *    otherwise `invalid` with the precise reason (bad checksum...);
 * 3. several words: every address in the text is screened, `text` (and listed strings,
 *    verbatim); when there is none, the first mistyped address is explained (`invalid`), and text with nothing
 *    address-shaped in it is `no-address`, with what a valid address looks like.
 *
 * Adapters render each kind their own way; none of them parses the input itself.
 */

import { ANY_HINT } from '../address/hints.js';
import { scanText } from '../address/index.js';
import type { ScreenContext } from '../service.js';
import type { InvalidAddress, RiskSummary } from '../types.js';
import type { Screening } from './screening.js';

export type CheckOutcome =
  /** The input is one address (or a listed string): its summary. */
  | { kind: 'address'; summary: RiskSummary }
  /**
   * One summary per address found in the text, in order of appearance (never empty), at most
   * MAX_ADDRESSES_PER_TEXT; `notScreened` counts the addresses found past that cap.
   */
  | { kind: 'text'; summaries: RiskSummary[]; notScreened: number }
  /** The input was meant as an address (one word, or a mistyped one in text) and is not one. */
  | { kind: 'invalid'; error: InvalidAddress }
  /** Text with nothing address-shaped in it. */
  | { kind: 'no-address'; reason: string; hint: string }
  /** Nothing was typed. */
  | { kind: 'empty'; hint: string };

export type CheckInput = (text: string, context?: ScreenContext) => Promise<CheckOutcome>;

export function createCheckInput(screening: Pick<Screening, 'screenAddress' | 'screenScan'>): CheckInput {
  return async function checkInput(text, context = {}) {
    const input = typeof text === 'string' ? text.trim() : '';
    if (input === '') return { kind: 'empty', hint: ANY_HINT };

    if (!/\s/.test(input)) {
      const one = await screening.screenAddress(input, context);
      if (one.ok) return { kind: 'address', summary: one.value };
      const scan = scanText(input);
      // The word itself was already looked up verbatim; only its parts are worth another query.
      if (scan.addresses.length > 0 || scan.unparsed.some((part) => part !== input)) {
        const scanned = await screening.screenScan(scan, context);
        // A link holding one address is a question about that address, answered as one.
        const [only] = scanned.summaries;
        if (only && scanned.summaries.length === 1 && scanned.notScreened === 0) {
          return { kind: 'address', summary: only };
        }
        if (scanned.summaries.length > 0) return { kind: 'text', ...scanned };
      }
      return { kind: 'invalid', error: one.error };
    }

    const scan = scanText(input);
    const scanned = await screening.screenScan(scan, context);
    if (scanned.summaries.length > 0) return { kind: 'text', ...scanned };
    const mistyped = scan.rejected[0];
    if (mistyped) return { kind: 'invalid', error: mistyped };
    return { kind: 'no-address', reason: 'no address found in the text', hint: ANY_HINT };
  };
}
