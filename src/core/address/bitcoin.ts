import { bech32, bech32m } from 'bech32';
import {
  type Chain,
  type InvalidAddress,
  type Network,
  ok,
  type ParsedAddress,
  type Result,
} from '../types.js';
import { BITCOIN_HINT, DOGECOIN_HINT, LITECOIN_HINT } from './hints.js';
import { reject } from './invalid.js';
import { describeChar } from './text.js';

/**
 * Segwit addresses, bech32/bech32m: Bitcoin's (bc1…, tb1…) and Litecoin's (ltc1…, tltc1…), which
 * follow the same BIP-173/350 rules under another prefix; base58check ones are in legacy.ts. The
 * `bech32` package decodes both checksum variants; most of this file names the real reason a string
 * is not an address (checksum, variant for the witness version, network, length), so a person can
 * act on it.
 *
 * Witness versions 2-16 are valid bech32m addresses under BIP-350 but have no standard script
 * today (coins sent there are spendable by anyone until a soft fork gives the version meaning).
 * They are accepted with kind `witness-v2` ... `witness-v16`, and so is a version 1 program that
 * is not 32 bytes (`witness-v1`): the address is real, may appear in scam posts and must be
 * screenable; the kind tells a renderer it is unusual.
 *
 * Taproot (v1, 32 bytes) output keys are not checked against the curve, like Bitcoin Core's
 * `validateaddress`: an off-curve key is an unspendable but valid address. So no ECC library
 * (`initEccLib`) is needed: nothing here builds or verifies a payment.
 */

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** bech32 checksum is 6 characters; the limit is BIP-173's 90 characters overall. */
const CHECKSUM_LENGTH = 6;
const MAX_LENGTH = 90;

interface SegwitChain {
  chain: Chain;
  network: Network;
  hint: string;
}

/** Human-readable parts of BIP-173 (Bitcoin) and Litecoin's segwit addresses. */
const NETWORK_BY_HRP: Record<string, SegwitChain> = {
  bc: { chain: 'bitcoin', network: 'mainnet', hint: BITCOIN_HINT },
  tb: { chain: 'bitcoin', network: 'testnet', hint: BITCOIN_HINT },
  ltc: { chain: 'litecoin', network: 'mainnet', hint: LITECOIN_HINT },
  tltc: { chain: 'litecoin', network: 'testnet', hint: LITECOIN_HINT },
};

/** bech32 prefixes people paste by mistake: the whole reason, and the hint of the chain it belongs to. */
const OTHER_HRPS: Record<string, { reason: string; hint?: string }> = {
  bcrt: { reason: 'is a Bitcoin regtest address (bcrt1…), from a private test network' },
  rltc: {
    reason: 'is a Litecoin regtest address (rltc1…), from a private test network',
    hint: LITECOIN_HINT,
  },
  ltcmweb: {
    reason: 'is a Litecoin MWEB address (ltcmweb1…), whose payments are private: Chainwarden cannot check it',
    hint: LITECOIN_HINT,
  },
  tmweb: {
    reason: 'is a Litecoin testnet MWEB address (tmweb1…), which Chainwarden does not check',
    hint: LITECOIN_HINT,
  },
  dg: {
    reason:
      'is a Dogecoin segwit address (dg1…) from an unreleased version; released Dogecoin cannot pay to it',
    hint: DOGECOIN_HINT,
  },
  td: {
    reason: 'is a Dogecoin testnet segwit address (td1…) from an unreleased version',
    hint: DOGECOIN_HINT,
  },
  dcrt: {
    reason: 'is a Dogecoin regtest address (dcrt1…), from a private test network',
    hint: DOGECOIN_HINT,
  },
  tex: { reason: 'is a Zcash TEX address (tex1…), which Chainwarden does not check' },
  bnb: { reason: 'is a BNB Beacon Chain address (bnb1…), which Chainwarden does not check' },
  cosmos: { reason: 'is a Cosmos address (cosmos1…), which Chainwarden does not check' },
};

/** Does this look like a bech32 string with a prefix we have something to say about? */
export function isBech32Candidate(candidate: string): boolean {
  const sep = candidate.lastIndexOf('1');
  if (sep < 1) return false;
  const hrp = candidate.slice(0, sep).toLowerCase();
  if (hrp in NETWORK_BY_HRP || hrp in OTHER_HRPS) return true;
  // An unknown prefix counts only when the whole string is single-case bech32, so that base58
  // strings (mixed case, contain `1`) are not taken for it.
  const single = candidate === candidate.toLowerCase() || candidate === candidate.toUpperCase();
  return single && /^[a-z]{1,20}$/.test(hrp) && [...candidate.slice(sep + 1).toLowerCase()].every(isCharset);
}

function isCharset(char: string): boolean {
  return CHARSET.includes(char);
}

function segwitKind(version: number, length: number): string | null {
  if (version === 0) return length === 20 ? 'p2wpkh' : length === 32 ? 'p2wsh' : null;
  if (length < 2 || length > 40) return null;
  return version === 1 && length === 32 ? 'p2tr' : `witness-v${version}`;
}

export function parseBech32(candidate: string, input: string): Result<ParsedAddress, InvalidAddress> {
  const lower = candidate.toLowerCase();
  const sep = lower.lastIndexOf('1');
  const hrp = lower.slice(0, sep);
  const segwit = NETWORK_BY_HRP[hrp];
  const hint = segwit?.hint ?? OTHER_HRPS[hrp]?.hint ?? BITCOIN_HINT;
  if (candidate !== lower && candidate !== candidate.toUpperCase()) {
    return reject(
      input,
      'mixes upper and lower case; a bech32 address is all lower case (or all upper case)',
      hint,
    );
  }
  if (!segwit) {
    const reason =
      OTHER_HRPS[hrp]?.reason ??
      `starts with "${hrp}1", which is not a Bitcoin prefix (bc1, or tb1 on testnet) nor a Litecoin one (ltc1, tltc1)`;
    return reject(input, reason, hint);
  }
  const data = lower.slice(sep + 1);
  const badChar = [...data].find((c) => !isCharset(c));
  if (badChar !== undefined) {
    return reject(
      input,
      `contains ${describeChar(badChar)}, which bech32 never uses after the "1" (no 1, b, i or o)`,
      hint,
    );
  }
  if (lower.length > MAX_LENGTH) {
    return reject(input, `is ${lower.length} characters long, a bech32 address has at most 90`, hint);
  }
  if (data.length <= CHECKSUM_LENGTH) {
    return reject(input, 'is too short: it has no witness program after the prefix', hint);
  }

  // BIP-350: version 0 takes the bech32 checksum, versions 1-16 bech32m. Both are tried, so a
  // string whose checksum is intact but of the other variant is told apart from a mistyped one.
  const asBech32 = bech32.decodeUnsafe(lower, MAX_LENGTH);
  const decoded = asBech32 ?? bech32m.decodeUnsafe(lower, MAX_LENGTH);
  if (!decoded) {
    return reject(input, 'checksum does not match: a character is wrong, missing or swapped', hint);
  }
  const [version = 0, ...words] = decoded.words;
  if (version > 16) {
    return reject(input, `has witness version ${version}; versions go from 0 to 16`, hint);
  }
  // 5 bits a character; leftover bits are padding.
  const programBytes = Math.floor((words.length * 5) / 8);
  const variant = wrongVariant(hrp, version, asBech32 !== undefined, programBytes);
  if (variant) return reject(input, variant, hint);
  const program = bech32.fromWordsUnsafe(words);
  if (!program) {
    return reject(input, 'has invalid padding in its data: a character is wrong or missing', hint);
  }
  const kind = segwitKind(version, program.length);
  if (!kind) {
    // A version-0 address is the prefix, "1", "q", then 32 (20 bytes) or 52 (32 bytes) characters plus 6 of checksum.
    const reason =
      version === 0
        ? `has a ${program.length}-byte version-0 program; it must be 20 bytes (${hrp}1q… ${hrp.length + 40} characters) or 32 bytes (${hrp.length + 60} characters)`
        : `has a ${program.length}-byte witness program; it must be 2 to 40 bytes`;
    return reject(input, reason, hint);
  }
  return ok({ chain: segwit.chain, key: lower, display: lower, network: segwit.network, kind });
}

/** Why the checksum variant does not fit the witness version, or null when it does. */
function wrongVariant(hrp: string, version: number, isBech32: boolean, programBytes: number): string | null {
  if (version === 0) {
    return isBech32
      ? null
      : `uses a bech32m checksum, but a version-0 address (${hrp}1q…) must use bech32 (BIP-173)`;
  }
  if (!isBech32) return null;
  // A program of impossible length is the more useful reason: the variant would not save it.
  if (programBytes < 2 || programBytes > 40) {
    return `has a ${programBytes}-byte witness program; it must be 2 to 40 bytes`;
  }
  return `uses a bech32 checksum, but a witness version ${version} address (e.g. ${hrp}1p… taproot) must use bech32m (BIP-350)`;
}
