import { isAddress as isSolanaAddress } from '@solana/addresses';
import bs58 from 'bs58';
import bs58check from 'bs58check';
import { type InvalidAddress, ok, type ParsedAddress, type Result } from '../types.js';
import { bitcoinBase58Kind, decodeBitcoinBase58 } from './bitcoin.js';
import { ANY_HINT, BITCOIN_HINT, NOT_AN_ADDRESS, SOLANA_HINT, TRON_HINT } from './hints.js';
import { reject } from './invalid.js';

/**
 * Base58 strings: Bitcoin P2PKH/P2SH, Tron, Solana, and other coins' base58check addresses.
 *
 * Solana keys are bare base58 (no checksum), so almost any base58 word could be one. The decoded
 * byte count settles it: base58check addresses carry 25 bytes (version, 20-byte hash, 4-byte
 * checksum), Solana keys exactly 32. Base58 decoding is one-to-one, so no string is both; a
 * Bitcoin or Tron address with a typo still decodes to 25 bytes and gets a checksum reason rather
 * than being mistaken for a Solana key.
 */

const TRON_VERSION = 0x41;
const BASE58CHECK_BYTES = 25;
const SOLANA_BYTES = 32;
const BAD_CHECKSUM = 'checksum does not match: a character is wrong, missing or swapped';

/** base58check version bytes of coins people mix up with Bitcoin, named in the reason. */
const OTHER_COINS = new Map<number, string>([
  [0x30, 'a Litecoin address (L…)'],
  [0x32, 'a Litecoin address (M…)'],
  [0x1e, 'a Dogecoin address (D…)'],
  [0x16, 'a Dogecoin script address (9… or A…)'],
  [0x4c, 'a Dash address (X…)'],
  [0x10, 'a Dash script address (7…)'],
]);

/** `candidate` consists of base58 characters only and is at most 64 long (decoding is quadratic). */
export function parseBase58(candidate: string, input: string): Result<ParsedAddress, InvalidAddress> {
  const bytes = bs58.decodeUnsafe(candidate);
  const looksLike = guessChain(candidate);
  if (!bytes) return reject(input, 'is not base58', hintFor(looksLike));

  if (bytes.length === BASE58CHECK_BYTES) {
    const version = bytes[0] ?? -1;
    if (version === TRON_VERSION) return parseTron(candidate, input);
    const bitcoin = bitcoinBase58Kind(version);
    if (bitcoin) {
      if (!decodeBitcoinBase58(candidate)) return reject(input, BAD_CHECKSUM, BITCOIN_HINT);
      return ok({
        chain: 'bitcoin',
        key: candidate,
        display: candidate,
        network: bitcoin.network,
        kind: bitcoin.kind,
      });
    }
    if (bs58check.decodeUnsafe(candidate)) {
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
      return bytes.length === BASE58CHECK_BYTES
        ? reject(input, BAD_CHECKSUM, BITCOIN_HINT)
        : reject(
            input,
            `decodes to ${bytes.length} bytes, a Bitcoin address to 25: a character is missing or extra`,
            BITCOIN_HINT,
          );
    case 'solana':
      return reject(input, `decodes to ${bytes.length} bytes, a Solana address to 32`, SOLANA_HINT);
    default:
      return reject(input, NOT_AN_ADDRESS, ANY_HINT);
  }
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

type Guess = 'bitcoin' | 'tron' | 'solana' | null;

/** For a string that is not a valid address: which chain's example helps most. */
export function guessChain(candidate: string): Guess {
  const n = candidate.length;
  if (candidate.startsWith('T') && n >= 30 && n <= 38) return 'tron';
  if (/^[13mn2]/.test(candidate) && n >= 25 && n <= 35) return 'bitcoin';
  if (n >= 32 && n <= 44) return 'solana';
  return null;
}

export function hintFor(guess: Guess): string {
  switch (guess) {
    case 'bitcoin':
      return BITCOIN_HINT;
    case 'tron':
      return TRON_HINT;
    case 'solana':
      return SOLANA_HINT;
    default:
      return ANY_HINT;
  }
}
