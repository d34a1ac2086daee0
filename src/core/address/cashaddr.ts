import { CashAddressDecodingError, decodeCashAddress, encodeCashAddress } from '@bitauth/libauth';
import bs58check from 'bs58check';
import type { InvalidAddress, Network, ParsedAddress, Result } from '../types.js';
import { ok } from '../types.js';
import { BITCOIN_CASH_HINT } from './hints.js';
import { reject } from './invalid.js';
import { describeChar } from './text.js';

/**
 * Bitcoin Cash CashAddr (`bitcoincash:q…`, `p…` for scripts; `bchtest:` on testnet), decoded by
 * libauth, which checks the 40-bit checksum and the version byte. This file only finds the reason
 * a person can act on (mixed case, a character CashAddr never uses, a checksum, a type).
 *
 * An address is keyed on what it pays to, the lower-case CashAddr with its prefix, so that the
 * legacy spelling of the same hash (`1…`/`3…`, which OFAC uses for one of its BCH entries) and the
 * prefix-less one (OFAC's other six) meet on one key. Token-aware addresses (`z…`/`r…`, CashTokens,
 * May 2023) pay to the same script as their `q…`/`p…` twins, so they share the key too.
 */

const PREFIXES: Record<string, Network> = { bitcoincash: 'mainnet', bchtest: 'testnet' };
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** A prefix-less CashAddr: type character, then 41 (20-byte hash) or 60 (32-byte) characters. */
const BARE = /^(?:[qpzr][02-9ac-hj-np-z]{41}|[qpzr][02-9ac-hj-np-z]{60})$/;
const BAD_CHECKSUM = 'checksum does not match: a character is wrong, missing or swapped';

/** `bitcoincash:…`, `bchtest:…`, or a single-case string shaped like a prefix-less CashAddr. */
export function isCashAddrCandidate(text: string): boolean {
  if (/^(?:bitcoincash|bchtest|bchreg):/i.test(text)) return true;
  const single = text === text.toLowerCase() || text === text.toUpperCase();
  return single && BARE.test(text.toLowerCase());
}

export function parseCashAddr(candidate: string, input: string): Result<ParsedAddress, InvalidAddress> {
  const lower = candidate.toLowerCase();
  if (candidate !== lower && candidate !== candidate.toUpperCase()) {
    return reject(
      input,
      'mixes upper and lower case; a Bitcoin Cash address is all lower case (or all upper case)',
      BITCOIN_CASH_HINT,
    );
  }
  const colon = lower.indexOf(':');
  const prefix = colon < 0 ? null : lower.slice(0, colon);
  const payload = colon < 0 ? lower : lower.slice(colon + 1);
  if (prefix === 'bchreg') {
    return reject(input, 'is a Bitcoin Cash regtest address, from a private test network', BITCOIN_CASH_HINT);
  }
  const bad = [...payload].find((c) => !CHARSET.includes(c));
  if (bad !== undefined) {
    return reject(
      input,
      `contains ${describeChar(bad)}, which a Bitcoin Cash address never uses after the prefix (no 1, b, i or o)`,
      BITCOIN_CASH_HINT,
    );
  }
  const prefixes = prefix === null ? Object.keys(PREFIXES) : [prefix];
  let reason = BAD_CHECKSUM;
  for (const name of prefixes) {
    const decoded = decodeCashAddress(`${name}:${payload}`);
    if (typeof decoded !== 'string') {
      const network = PREFIXES[name] ?? 'mainnet';
      const kind = decoded.type === 'p2pkh' || decoded.type === 'p2pkhWithTokens' ? 'p2pkh' : 'p2sh';
      return ok(bitcoinCash(decoded.payload, kind, network));
    }
    // A prefix-less address checked against the wrong network fails its checksum; keep the other reason.
    if (decoded !== CashAddressDecodingError.invalidChecksum || prefix !== null) reason = describe(decoded);
  }
  return reject(input, reason, BITCOIN_CASH_HINT);
}

function describe(error: string): string {
  switch (error) {
    case CashAddressDecodingError.invalidChecksum:
      return BAD_CHECKSUM;
    case CashAddressDecodingError.unknownAddressType:
    case CashAddressDecodingError.reservedBit:
      return 'has an unknown address type: after the prefix it must start with q (or p for a script)';
    case CashAddressDecodingError.mismatchedPayloadLength:
    case CashAddressDecodingError.improperPadding:
      return 'has the wrong length: a character is missing or extra';
    default:
      return 'is not a valid Bitcoin Cash address';
  }
}

const LEGACY_VERSION = {
  mainnet: { p2pkh: 0x00, p2sh: 0x05 },
  testnet: { p2pkh: 0x6f, p2sh: 0xc4 },
} as const;

function bitcoinCash(hash: Uint8Array, kind: 'p2pkh' | 'p2sh', network: Network): ParsedAddress {
  const key = cashAddrFromHash(hash, kind, network);
  const parsed: ParsedAddress = { chain: 'bitcoin-cash', key, display: key, network, kind };
  // Only 20-byte hashes have a legacy spelling; P2SH32 (2023) exists in CashAddr alone.
  if (hash.length === 20) {
    const bytes = new Uint8Array(21);
    bytes[0] = LEGACY_VERSION[network][kind];
    bytes.set(hash, 1);
    parsed.otherForms = [{ chain: 'bitcoin-cash', address: bs58check.encode(bytes), key, form: 'legacy' }];
  }
  return parsed;
}

/** The CashAddr (lower case, with its prefix) that pays to this hash. */
export function cashAddrFromHash(hash: Uint8Array, kind: 'p2pkh' | 'p2sh', network: Network): string {
  const prefix = network === 'mainnet' ? 'bitcoincash' : 'bchtest';
  return encodeCashAddress({ prefix, type: kind, payload: hash }).address;
}
