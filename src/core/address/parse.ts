import type { Chain, InvalidAddress, ParsedAddress, Result } from '../types.js';
import { isBech32Candidate, parseBech32 } from './bitcoin.js';
import { isCashAddrCandidate, parseCashAddr } from './cashaddr.js';
import { looksLikeUnprefixedEvm, parseEvm } from './evm.js';
import {
  ANY_HINT,
  BITCOIN_CASH_HINT,
  BITCOIN_HINT,
  DOGECOIN_HINT,
  EVM_HINT,
  LITECOIN_HINT,
  NOT_AN_ADDRESS,
  SOLANA_HINT,
  TON_HINT,
} from './hints.js';
import { reject } from './invalid.js';
import { guessChain, hintFor, parseBase58 } from './legacy.js';
import { describeChar, stripInvisible } from './text.js';
import { isTonCandidate, parseTon } from './ton.js';

/** The longest address is a 90-character bech32 one; URIs add a scheme and parameters. */
const MAX_INPUT = 256;
/** Base58 addresses are at most 44 characters; the bound keeps decoding cheap. */
const MAX_BASE58 = 64;

/** Payment-link schemes, and the chain each names. `bitcoincash:` is also CashAddr's own prefix. */
const URI_CHAINS: Record<string, Chain> = {
  bitcoin: 'bitcoin',
  solana: 'solana',
  litecoin: 'litecoin',
  dogecoin: 'dogecoin',
  bitcoincash: 'bitcoin-cash',
  bchtest: 'bitcoin-cash',
  ton: 'ton',
};
const URI_SCHEME = /^(ethereum|bitcoin|solana|litecoin|dogecoin|bitcoincash|bchtest|ton):/i;
const CHAIN_HINTS: Partial<Record<Chain, string>> = {
  bitcoin: BITCOIN_HINT,
  solana: SOLANA_HINT,
  litecoin: LITECOIN_HINT,
  dogecoin: DOGECOIN_HINT,
  'bitcoin-cash': BITCOIN_CASH_HINT,
  ton: TON_HINT,
};
/** One layer of wrapping people paste along: `code`, "quotes", <angle brackets>. */
const WRAPPED = /^([`"'<])(.*)([`"'>])$/s;
const NAME = /^[^\s/]+\.(eth|sol|trx|crypto|bnb|arb|base)$/i;
const NOT_BASE58 = /[0OIl]/;
const BASE58_RUN = /^[1-9A-HJ-NP-Za-km-z]+$/;

/**
 * Recognises one address typed or pasted by a person. Invisible characters are removed and
 * whitespace trimmed first; payment links (`ethereum:`, `bitcoin:`, `solana:`, `litecoin:`,
 * `dogecoin:`, `bitcoincash:`, `ton://transfer/`) are unwrapped, and name the chain of a string
 * several chains share (`litecoin:3…`, `bitcoincash:1…`).
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

  // CashAddr keeps its prefix, in the case it was written in: it is part of the checksummed string.
  const cash = CASH_PREFIX.exec(text);
  if (cash) {
    const address = text.split(/[?#]/)[0] ?? '';
    // A legacy address in a bitcoincash: link starts with 1, 3, m, n or 2; a CashAddr with q, p, z or r.
    if (/^[qpzr]/i.test(address.slice(cash[0].length)) || !URI_SCHEME.test(text)) {
      return parseCashAddr(address, input);
    }
  }
  const scheme = URI_SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme) return parseUri(scheme, text.slice(scheme.length + 1), input);
  return classify(text, input);
}

const CASH_PREFIX = /^(?:bitcoincash|bchtest|bchreg):/i;

/**
 * `parseAddress` when the chain is known from elsewhere (the asset an OFAC entry is filed under):
 * a string several chains share is read on `chain` (a legacy `1…` filed under BCH is that Bitcoin
 * Cash address). An address of another chain is returned as what it is; the caller compares.
 */
export function parseAddressOn(input: string, chain: Chain): Result<ParsedAddress, InvalidAddress> {
  if (typeof input !== 'string') return parseAddress(input);
  const text = stripInvisible(input).trim();
  if (text.length > MAX_INPUT || URI_SCHEME.test(text)) return parseAddress(input);
  if (text.length <= MAX_BASE58 && BASE58_RUN.test(text)) {
    const result = parseBase58(text, input, chain);
    if (result.ok) return result;
  }
  return parseAddress(input);
}

function closes(open: string | undefined, close: string | undefined): boolean {
  return open === '<' ? close === '>' : open === close;
}

function classify(text: string, input: string, on?: Chain): Result<ParsedAddress, InvalidAddress> {
  if (/^0x/i.test(text)) return parseEvm(text, input);
  const base58 = text.length <= MAX_BASE58 && BASE58_RUN.test(text);
  // A base58 reading may overrule a failed bech32 or CashAddr one only in mixed case: Solana keys
  // are, and a 43-character key in one case (LTC1Q3ME…) is a mistyped address, not a key.
  const base58Fallback = base58 && text !== text.toLowerCase() && text !== text.toUpperCase();
  // CashAddr's 40-bit checksum and TON's CRC16 are checked before base58: a valid one is far
  // likelier than a base58 word that happens to be a Solana key of the same shape.
  for (const [candidate, parse] of [
    [isCashAddrCandidate, parseCashAddr],
    [isTonCandidate, parseTon],
  ] as const) {
    if (!candidate(text)) continue;
    const result = parse(text, input);
    if (result.ok || !base58Fallback) return result;
    const other = parseBase58(text, input, on);
    return other.ok ? other : result;
  }
  if (isBech32Candidate(text)) {
    const result = parseBech32(text, input);
    // A Solana key may happen to start like "bc1…"; let it win if it is one.
    if (!result.ok && base58Fallback) {
      const other = parseBase58(text, input);
      if (other.ok) return other;
    }
    return result;
  }
  if (base58) return parseBase58(text, input, on);
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

/**
 * EIP-681 `ethereum:[pay-]0x…[@chainId][/function][?params]`, BIP-21 `bitcoin:addr?…` and its
 * kin (`litecoin:`, `dogecoin:`, `bitcoincash:`), Solana Pay `solana:addr?…`, TON
 * `ton://transfer/addr?…`. The scheme names the chain the address must be on.
 */
function parseUri(scheme: string, rest: string, input: string): Result<ParsedAddress, InvalidAddress> {
  if (scheme === 'ethereum') {
    const target = rest.replace(/^pay-/i, '').split(/[@/?#]/)[0] ?? '';
    if (!/^0x/i.test(target)) {
      return reject(input, 'is an ethereum: link without a 0x address in it', EVM_HINT);
    }
    return parseEvm(target, input);
  }
  const expected = URI_CHAINS[scheme] ?? 'other';
  const hint = CHAIN_HINTS[expected] ?? ANY_HINT;
  const path = scheme === 'ton' ? rest.replace(/^\/\/transfer\//i, '') : rest;
  const target = path.split(/[?#]/)[0] ?? '';
  if (target === '') return reject(input, `is a ${scheme}: link without an address in it`, hint);
  const result = classify(target, input, expected);
  if (result.ok && result.value.chain !== expected) {
    return reject(input, `is a ${scheme}: link, but the address in it is not a ${expected} address`, hint);
  }
  return result;
}
