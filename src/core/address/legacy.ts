import { isAddress as isSolanaAddress } from '@solana/addresses';
import bs58 from 'bs58';
import bs58check from 'bs58check';
import type { AddressForm, Chain, InvalidAddress, Network, ParsedAddress, Result } from '../types.js';
import { ok } from '../types.js';
import { cashAddrFromHash } from './cashaddr.js';
import {
  ANY_HINT,
  BITCOIN_HINT,
  DOGECOIN_HINT,
  LITECOIN_HINT,
  NOT_AN_ADDRESS,
  SOLANA_HINT,
  TON_HINT,
  TRON_HINT,
} from './hints.js';
import { reject } from './invalid.js';

/**
 * Base58 strings: Bitcoin, Litecoin and Dogecoin P2PKH/P2SH, Tron, Solana, and other coins'
 * base58check addresses.
 *
 * Solana keys are bare base58 (no checksum), so almost any base58 word could be one. The decoded
 * byte count settles it: base58check addresses carry 25 bytes (version, 20-byte hash, 4-byte
 * checksum), Solana keys exactly 32. Base58 decoding is one-to-one, so no string is both; a
 * Bitcoin or Tron address with a typo still decodes to 25 bytes and gets a checksum reason rather
 * than being mistaken for a Solana key.
 *
 * The version byte names the chain, except where chains share one. Bitcoin's four (1…, 3…, m/n…,
 * 2…) are also Bitcoin Cash's legacy form, Litecoin's old script form (3…, 2… on testnet, replaced
 * by M… and Q… in 2018) and its testnet P2PKH (m/n…), and Dogecoin's testnet scripts (2…). Such a
 * string is read as Bitcoin, the chain nearly everyone means by it, and carries its Bitcoin Cash
 * reading as another form (the reply says so, and a listing of that Bitcoin Cash address counts).
 * It is read as Litecoin, Bitcoin Cash or Dogecoin only when something says so: a payment link
 * (`litecoin:3…`, `bitcoincash:1…`) or the asset an OFAC entry is filed under (`parseAddressOn`).
 */

const TRON_VERSION = 0x41;
const BASE58CHECK_BYTES = 25;
const SOLANA_BYTES = 32;
const BAD_CHECKSUM = 'checksum does not match: a character is wrong, missing or swapped';

interface VersionKind {
  chain: Chain;
  kind: 'p2pkh' | 'p2sh';
  network: Network;
}

/** Version bytes of the base58check chains we screen (each chain's chainparams.cpp). */
const VERSIONS = new Map<number, VersionKind>([
  [0x00, { chain: 'bitcoin', kind: 'p2pkh', network: 'mainnet' }],
  [0x05, { chain: 'bitcoin', kind: 'p2sh', network: 'mainnet' }],
  [0x6f, { chain: 'bitcoin', kind: 'p2pkh', network: 'testnet' }],
  [0xc4, { chain: 'bitcoin', kind: 'p2sh', network: 'testnet' }],
  [0x30, { chain: 'litecoin', kind: 'p2pkh', network: 'mainnet' }],
  [0x32, { chain: 'litecoin', kind: 'p2sh', network: 'mainnet' }],
  [0x3a, { chain: 'litecoin', kind: 'p2sh', network: 'testnet' }],
  [0x1e, { chain: 'dogecoin', kind: 'p2pkh', network: 'mainnet' }],
  [0x16, { chain: 'dogecoin', kind: 'p2sh', network: 'mainnet' }],
  [0x71, { chain: 'dogecoin', kind: 'p2pkh', network: 'testnet' }],
]);

/** Litecoin's old script versions (Bitcoin's) and the ones that replaced them: one address, two spellings. */
const LITECOIN_SCRIPT_VERSION: Record<number, number> = { 5: 0x32, 196: 0x3a };

/** Which chains may claim a Bitcoin-version string when the context names them. */
const SHARED_VERSIONS: Partial<Record<Chain, number[]>> = {
  'bitcoin-cash': [0x00, 0x05, 0x6f, 0xc4],
  litecoin: [0x05, 0x6f, 0xc4],
  dogecoin: [0xc4],
};

/** base58check version bytes of coins people mix up with the ones we screen, named in the reason. */
const OTHER_COINS = new Map<number, string>([
  [0x4c, 'a Dash address (X…)'],
  [0x10, 'a Dash script address (7…)'],
  [0x1c, 'a BitPay-format Bitcoin Cash address (C…), a format retired in 2018'],
  [0x28, 'a BitPay-format Bitcoin Cash script address (H…), a format retired in 2018'],
]);

const HINTS: Partial<Record<Chain, string>> = {
  bitcoin: BITCOIN_HINT,
  litecoin: LITECOIN_HINT,
  dogecoin: DOGECOIN_HINT,
};

/** `candidate` consists of base58 characters only and is at most 64 long (decoding is quadratic). */
export function parseBase58(
  candidate: string,
  input: string,
  on?: Chain,
): Result<ParsedAddress, InvalidAddress> {
  const bytes = bs58.decodeUnsafe(candidate);
  const looksLike = guessChain(candidate);
  if (!bytes) return reject(input, 'is not base58', hintFor(looksLike));

  if (bytes.length === BASE58CHECK_BYTES) {
    const version = bytes[0] ?? -1;
    if (version === TRON_VERSION) return parseTron(candidate, input);
    const known = VERSIONS.get(version);
    const payload = bs58check.decodeUnsafe(candidate);
    if (known) {
      if (!payload) return reject(input, BAD_CHECKSUM, HINTS[known.chain] ?? ANY_HINT);
      return ok(readVersioned(candidate, payload, known, on));
    }
    if (payload) {
      const other = OTHER_COINS.get(version);
      const name = other ?? `a base58 address with version byte 0x${version.toString(16).padStart(2, '0')}`;
      return reject(input, `is ${name}, which Chainwarden does not check`, ANY_HINT);
    }
    // A bad checksum with another coin's version byte: say which coin it resembles.
    const resembles = OTHER_COINS.get(version);
    if (resembles) return reject(input, `looks like ${resembles}, but its ${BAD_CHECKSUM}`, ANY_HINT);
    // A bad checksum and a version byte of no chain: usually a Tron or Bitcoin address with a
    // character missing at the end, which shifts every byte. Fall through to the shape reasons.
  }

  if (bytes.length === SOLANA_BYTES && isSolanaAddress(candidate)) {
    return ok({ chain: 'solana', key: candidate, display: candidate, network: 'mainnet', kind: 'account' });
  }

  switch (looksLike) {
    case 'tron':
      return candidate.length === 34
        ? reject(input, BAD_CHECKSUM, TRON_HINT)
        : reject(input, `is ${candidate.length} characters long, a Tron address has 34`, TRON_HINT);
    case 'bitcoin':
    case 'litecoin':
    case 'dogecoin': {
      const hint = hintFor(looksLike);
      if (bytes.length === BASE58CHECK_BYTES) return reject(input, BAD_CHECKSUM, hint);
      const name = looksLike.charAt(0).toUpperCase() + looksLike.slice(1);
      return reject(
        input,
        `decodes to ${bytes.length} bytes, a ${name} address to 25: a character is missing or extra`,
        hint,
      );
    }
    case 'solana':
      return reject(input, `decodes to ${bytes.length} bytes, a Solana address to 32`, SOLANA_HINT);
    default:
      return reject(input, NOT_AN_ADDRESS, ANY_HINT);
  }
}

/** A checksum-valid base58check address of a known version, read on `on` when that chain shares the version. */
function readVersioned(
  candidate: string,
  payload: Uint8Array,
  known: VersionKind,
  on: Chain | undefined,
): ParsedAddress {
  const version = payload[0] ?? -1;
  const hash = payload.subarray(1);
  const { kind, network } = known;
  const claimed = on !== undefined && on !== known.chain && SHARED_VERSIONS[on]?.includes(version);
  if (claimed && on === 'bitcoin-cash') {
    const cash = cashAddrFromHash(hash, kind, network);
    return {
      chain: 'bitcoin-cash',
      key: cash,
      display: cash,
      network,
      kind,
      otherForms: [{ chain: 'bitcoin-cash', address: candidate, key: cash, form: 'legacy' }],
    };
  }
  if (claimed && on === 'litecoin') {
    const modern = LITECOIN_SCRIPT_VERSION[version];
    if (modern === undefined) return { chain: 'litecoin', key: candidate, display: candidate, network, kind };
    const key = encodeVersion(modern, hash);
    const otherForms: AddressForm[] = [{ chain: 'litecoin', address: candidate, key, form: 'legacy' }];
    return { chain: 'litecoin', key, display: key, network, kind, otherForms };
  }
  if (claimed) return { chain: on, key: candidate, display: candidate, network, kind };
  const parsed: ParsedAddress = { chain: known.chain, key: candidate, display: candidate, network, kind };
  if (known.chain === 'litecoin' && kind === 'p2sh') {
    // M… and Q… are the new spellings of Litecoin's 3… and 2… scripts: name the old one.
    const legacy = Object.entries(LITECOIN_SCRIPT_VERSION).find(([, v]) => v === version)?.[0];
    if (legacy !== undefined) {
      parsed.otherForms = [
        { chain: 'litecoin', address: encodeVersion(Number(legacy), hash), key: candidate, form: 'legacy' },
      ];
    }
  }
  if (known.chain === 'bitcoin') {
    const cash = cashAddrFromHash(hash, kind, network);
    parsed.otherForms = [{ chain: 'bitcoin-cash', address: cash, key: cash, form: 'cashaddr' }];
  }
  return parsed;
}

function encodeVersion(version: number, hash: Uint8Array): string {
  const bytes = new Uint8Array(hash.length + 1);
  bytes[0] = version;
  bytes.set(hash, 1);
  return bs58check.encode(bytes);
}

function parseTron(candidate: string, input: string): Result<ParsedAddress, InvalidAddress> {
  // bs58check verifies the double-SHA256 checksum; the version byte was read from the raw bytes.
  if (!bs58check.decodeUnsafe(candidate)) {
    return candidate.length === 34
      ? reject(input, BAD_CHECKSUM, TRON_HINT)
      : reject(input, `is ${candidate.length} characters long, a Tron address has 34`, TRON_HINT);
  }
  return ok({ chain: 'tron', key: candidate, display: candidate, network: 'mainnet', kind: 'account' });
}

type Guess = 'bitcoin' | 'litecoin' | 'dogecoin' | 'tron' | 'solana' | 'ton' | null;

/** For a string that is not a valid address: which chain's example helps most. */
export function guessChain(candidate: string): Guess {
  const n = candidate.length;
  if (candidate.startsWith('T') && n >= 30 && n <= 38) return 'tron';
  if (/^[13mn2]/.test(candidate) && n >= 25 && n <= 35) return 'bitcoin';
  if (/^[LMQ]/.test(candidate) && n >= 30 && n <= 36) return 'litecoin';
  if (/^[D9A]/.test(candidate) && n >= 30 && n <= 36) return 'dogecoin';
  if (n >= 32 && n <= 44) return 'solana';
  if (/^[EUk0][Qf]/.test(candidate) && n >= 44 && n <= 52) return 'ton';
  return null;
}

export function hintFor(guess: Guess): string {
  switch (guess) {
    case 'bitcoin':
      return BITCOIN_HINT;
    case 'litecoin':
      return LITECOIN_HINT;
    case 'dogecoin':
      return DOGECOIN_HINT;
    case 'tron':
      return TRON_HINT;
    case 'solana':
      return SOLANA_HINT;
    case 'ton':
      return TON_HINT;
    default:
      return ANY_HINT;
  }
}
