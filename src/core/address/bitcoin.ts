import { bech32, bech32m } from 'bech32';
import { address, networks } from 'bitcoinjs-lib';
import { type InvalidAddress, type Network, ok, type ParsedAddress, type Result } from '../types.js';
import { BITCOIN_HINT } from './hints.js';
import { reject } from './invalid.js';
import { describeChar } from './text.js';

/**
 * Bitcoin addresses: bech32/bech32m (segwit) here, base58check (P2PKH, P2SH) via
 * `bitcoinBase58Kind`. The `bech32` package decodes both checksum variants and bitcoinjs-lib the
 * base58check ones; most of this file names the real reason a string is not an address (checksum,
 * variant for the witness version, network, length), so a person can act on it.
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

const NETWORK_BY_HRP: Record<string, Network> = {
  [networks.bitcoin.bech32]: 'mainnet',
  [networks.testnet.bech32]: 'testnet',
};

/** bech32 prefixes people paste by mistake, named so the reason says what the address is. */
const OTHER_HRPS: Record<string, string> = {
  bcrt: 'a Bitcoin regtest address (bcrt1…), from a private test network',
  ltc: 'a Litecoin address (ltc1…)',
  tltc: 'a Litecoin testnet address (tltc1…)',
  tex: 'a Zcash TEX address (tex1…)',
  bnb: 'a BNB Beacon Chain address (bnb1…)',
  cosmos: 'a Cosmos address (cosmos1…)',
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
  if (candidate !== lower && candidate !== candidate.toUpperCase()) {
    return reject(
      input,
      'mixes upper and lower case; a bech32 address is all lower case (or all upper case)',
      BITCOIN_HINT,
    );
  }
  const sep = lower.lastIndexOf('1');
  const hrp = lower.slice(0, sep);
  const network = NETWORK_BY_HRP[hrp];
  if (!network) {
    const other = OTHER_HRPS[hrp];
    const reason = other
      ? `is ${other}, which Chainwarden does not check`
      : `starts with "${hrp}1", which is not a Bitcoin prefix (bc1, or tb1 on testnet)`;
    return reject(input, reason, BITCOIN_HINT);
  }
  const data = lower.slice(sep + 1);
  const badChar = [...data].find((c) => !isCharset(c));
  if (badChar !== undefined) {
    return reject(
      input,
      `contains ${describeChar(badChar)}, which bech32 never uses after the "1" (no 1, b, i or o)`,
      BITCOIN_HINT,
    );
  }
  if (lower.length > MAX_LENGTH) {
    return reject(input, `is ${lower.length} characters long, a bech32 address has at most 90`, BITCOIN_HINT);
  }
  if (data.length <= CHECKSUM_LENGTH) {
    return reject(input, 'is too short: it has no witness program after the prefix', BITCOIN_HINT);
  }

  // BIP-350: version 0 takes the bech32 checksum, versions 1-16 bech32m. Both are tried, so a
  // string whose checksum is intact but of the other variant is told apart from a mistyped one.
  const asBech32 = bech32.decodeUnsafe(lower, MAX_LENGTH);
  const decoded = asBech32 ?? bech32m.decodeUnsafe(lower, MAX_LENGTH);
  if (!decoded) {
    return reject(input, 'checksum does not match: a character is wrong, missing or swapped', BITCOIN_HINT);
  }
  const [version = 0, ...words] = decoded.words;
  if (version > 16) {
    return reject(input, `has witness version ${version}; versions go from 0 to 16`, BITCOIN_HINT);
  }
  // 5 bits a character; leftover bits are padding.
  const programBytes = Math.floor((words.length * 5) / 8);
  const variant = wrongVariant(version, asBech32 !== undefined, programBytes);
  if (variant) return reject(input, variant, BITCOIN_HINT);
  const program = bech32.fromWordsUnsafe(words);
  if (!program) {
    return reject(input, 'has invalid padding in its data: a character is wrong or missing', BITCOIN_HINT);
  }
  const kind = segwitKind(version, program.length);
  if (!kind) {
    const reason =
      version === 0
        ? `has a ${program.length}-byte version-0 program; it must be 20 bytes (bc1q… 42 characters) or 32 bytes (62 characters)`
        : `has a ${program.length}-byte witness program; it must be 2 to 40 bytes`;
    return reject(input, reason, BITCOIN_HINT);
  }
  return ok({ chain: 'bitcoin', key: lower, display: lower, network, kind });
}

/** Why the checksum variant does not fit the witness version, or null when it does. */
function wrongVariant(version: number, isBech32: boolean, programBytes: number): string | null {
  if (version === 0) {
    return isBech32
      ? null
      : 'uses a bech32m checksum, but a version-0 address (bc1q…) must use bech32 (BIP-173)';
  }
  if (!isBech32) return null;
  // A program of impossible length is the more useful reason: the variant would not save it.
  if (programBytes < 2 || programBytes > 40) {
    return `has a ${programBytes}-byte witness program; it must be 2 to 40 bytes`;
  }
  return `uses a bech32 checksum, but a witness version ${version} address (e.g. bc1p… taproot) must use bech32m (BIP-350)`;
}

/** The kind and network of a decoded base58check version byte, or null if it is not Bitcoin's. */
export function bitcoinBase58Kind(version: number): { kind: string; network: Network } | null {
  switch (version) {
    case networks.bitcoin.pubKeyHash:
      return { kind: 'p2pkh', network: 'mainnet' };
    case networks.bitcoin.scriptHash:
      return { kind: 'p2sh', network: 'mainnet' };
    case networks.testnet.pubKeyHash:
      return { kind: 'p2pkh', network: 'testnet' };
    case networks.testnet.scriptHash:
      return { kind: 'p2sh', network: 'testnet' };
    default:
      return null;
  }
}

/** base58check through bitcoinjs-lib: `null` when the checksum or length is wrong. */
export function decodeBitcoinBase58(candidate: string): { version: number } | null {
  try {
    return address.fromBase58Check(candidate);
  } catch {
    return null;
  }
}
