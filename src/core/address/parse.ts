import type { InvalidAddress, ParsedAddress, Result } from '../types.js';
import { isBech32Candidate, parseBech32 } from './bitcoin.js';
import { looksLikeUnprefixedEvm, parseEvm } from './evm.js';
import { ANY_HINT, BITCOIN_HINT, EVM_HINT, NOT_AN_ADDRESS, SOLANA_HINT } from './hints.js';
import { reject } from './invalid.js';
import { guessChain, hintFor, parseBase58 } from './legacy.js';
import { describeChar, stripInvisible } from './text.js';

/** The longest address is a 90-character bech32 one; URIs add a scheme and parameters. */
const MAX_INPUT = 256;
/** Base58 addresses are at most 44 characters; the bound keeps decoding cheap. */
const MAX_BASE58 = 64;

const URI_SCHEME = /^(ethereum|bitcoin|solana):/i;
/** One layer of wrapping people paste along: `code`, "quotes", <angle brackets>. */
const WRAPPED = /^([`"'<])(.*)([`"'>])$/s;
const NAME = /^[^\s/]+\.(eth|sol|trx|crypto|bnb|arb|base)$/i;
const NOT_BASE58 = /[0OIl]/;
const BASE58_RUN = /^[1-9A-HJ-NP-Za-km-z]+$/;

/**
 * Recognises one address typed or pasted by a person. Invisible characters are removed and
 * whitespace trimmed first; `ethereum:`, `bitcoin:` and `solana:` payment links are unwrapped.
 * Never throws: every input that is not an address gets a reason and a hint.
 */
export function parseAddress(input: string): Result<ParsedAddress, InvalidAddress> {
  if (typeof input !== 'string') return reject('', 'is not text', ANY_HINT);
  let text = stripInvisible(input).trim();
  if (text === '') return reject(input, 'is empty: no address was given', ANY_HINT);
  if (text.length > MAX_INPUT) {
    return reject(input, `is ${text.length} characters long, far longer than any address`, ANY_HINT);
  }
  const wrapped = WRAPPED.exec(text);
  if (wrapped && closes(wrapped[1], wrapped[3])) text = (wrapped[2] ?? '').trim();

  const scheme = URI_SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme) return parseUri(scheme, text.slice(scheme.length + 1), input);
  return classify(text, input);
}

function closes(open: string | undefined, close: string | undefined): boolean {
  return open === '<' ? close === '>' : open === close;
}

function classify(text: string, input: string): Result<ParsedAddress, InvalidAddress> {
  if (/^0x/i.test(text)) return parseEvm(text, input);
  const base58 = text.length <= MAX_BASE58 && BASE58_RUN.test(text);
  if (isBech32Candidate(text)) {
    const result = parseBech32(text, input);
    // A Solana key may happen to start like "bc1…"; let it win if it is one.
    if (!result.ok && base58) {
      const other = parseBase58(text, input);
      if (other.ok) return other;
    }
    return result;
  }
  if (base58) return parseBase58(text, input);
  if (looksLikeUnprefixedEvm(text)) {
    return reject(
      input,
      `is 40 hex characters without the 0x prefix; if it is an EVM address, send 0x${text}`,
      EVM_HINT,
    );
  }
  if (NAME.test(text)) {
    return reject(
      input,
      'is a name (ENS or similar), not an address; names are not resolved, send the address it points to',
      ANY_HINT,
    );
  }
  if (/^[0-9A-Za-z]+$/.test(text)) {
    const guess = guessChain(text);
    const bad = NOT_BASE58.exec(text);
    if (guess && bad) {
      return reject(
        input,
        `contains ${describeChar(bad[0])}, which base58 addresses never use (no 0, O, I or l)`,
        hintFor(guess),
      );
    }
  }
  return reject(input, NOT_AN_ADDRESS, ANY_HINT);
}

/** EIP-681 `ethereum:[pay-]0x…[@chainId][/function][?params]`, BIP-21 `bitcoin:addr?…`, Solana Pay `solana:addr?…`. */
function parseUri(scheme: string, rest: string, input: string): Result<ParsedAddress, InvalidAddress> {
  if (scheme === 'ethereum') {
    const target = rest.replace(/^pay-/i, '').split(/[@/?#]/)[0] ?? '';
    if (!/^0x/i.test(target)) {
      return reject(input, 'is an ethereum: link without a 0x address in it', EVM_HINT);
    }
    return parseEvm(target, input);
  }
  const target = rest.split(/[?#]/)[0] ?? '';
  const expected = scheme === 'bitcoin' ? 'bitcoin' : 'solana';
  const hint = expected === 'bitcoin' ? BITCOIN_HINT : SOLANA_HINT;
  if (target === '') return reject(input, `is a ${scheme}: link without an address in it`, hint);
  const result = classify(target, input);
  if (result.ok && result.value.chain !== expected) {
    return reject(input, `is a ${scheme}: link, but the address in it is not a ${expected} address`, hint);
  }
  return result;
}
