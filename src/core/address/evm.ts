import { createKeccak } from 'hash-wasm';
import { type InvalidAddress, ok, type ParsedAddress, type Result } from '../types.js';
import { EVM_HINT } from './hints.js';
import { reject } from './invalid.js';
import { describeChar } from './text.js';

const NON_HEX = /[^0-9a-fA-F]/;
const HAS_UPPER = /[A-F]/;
const HAS_LOWER = /[a-f]/;

/**
 * `candidate` starts with 0x (either case). All-lowercase and all-uppercase hex carry no checksum
 * and are accepted; mixed case is an EIP-55 checksum and must be right, because a wrong one is
 * how a mistyped or doctored address shows itself.
 */
export function parseEvm(candidate: string, input: string): Result<ParsedAddress, InvalidAddress> {
  const hex = candidate.slice(2);
  const bad = NON_HEX.exec(hex);
  if (bad) {
    return reject(
      input,
      `contains ${describeChar(bad[0])}, which is not a hex character (0-9, a-f)`,
      EVM_HINT,
    );
  }
  if (hex.length !== 40) {
    const txHash = hex.length === 64 ? ' (64 hex characters is a transaction hash, not an address)' : '';
    return reject(
      input,
      `has ${hex.length} hex characters after 0x, an EVM address has 40${txHash}`,
      EVM_HINT,
    );
  }
  const lower = hex.toLowerCase();
  const key = `0x${lower}`;
  const display = checksumAddress(lower);
  if (HAS_UPPER.test(hex) && HAS_LOWER.test(hex) && `0x${hex}` !== display) {
    return reject(input, `checksum mismatch, did you mean ${display}?`, EVM_HINT);
  }
  return ok({ chain: 'evm', key, display, network: 'mainnet', kind: 'account' });
}

/** 40 hex characters without 0x: ethers would accept it, we ask for the prefix so hashes are not taken for addresses. */
export function looksLikeUnprefixedEvm(candidate: string): boolean {
  return candidate.length === 40 && !NON_HEX.test(candidate);
}

/**
 * keccak-256 compiled to WebAssembly once at start-up. Every screen parses an address and EIP-55
 * needs one keccak: here it costs 0.8 µs, against 10 µs for noble's pure-JS keccak (the one
 * ethers uses) and 15 µs for ethers' getAddress, measured on this project's 2-core machine.
 */
const keccak = await createKeccak(256);
/** The hex as ASCII bytes, and the answer's bytes: reused, since a list import checksums a million. */
const hexBytes = new Uint8Array(40);
const spelled = new Uint8Array(42);
spelled[0] = 0x30; // 0
spelled[1] = 0x78; // x

/**
 * EIP-55 spelling of 40 lowercase hex characters: a letter is upper case where the matching nibble
 * of keccak-256(the lowercase hex, as ASCII) is 8 or more. Bytes in, bytes out: hashing a string
 * makes hash-wasm encode it into a new Buffer, and building the answer a character at a time
 * allocated 40 strings; together they cost more than the hash itself.
 */
export function checksumAddress(lowerHex: string): string {
  for (let i = 0; i < 40; i += 1) hexBytes[i] = lowerHex.charCodeAt(i);
  keccak.init();
  keccak.update(hexBytes);
  const hash = keccak.digest('binary');
  for (let i = 0; i < 40; i += 1) {
    const code = hexBytes[i]!;
    const nibble = (i & 1) === 0 ? hash[i >> 1]! >> 4 : hash[i >> 1]! & 0x0f;
    // a-f (0x61-0x66) to A-F where the nibble says so; digits have no case.
    spelled[i + 2] = code >= 0x61 && nibble >= 8 ? code - 0x20 : code;
  }
  return String.fromCharCode.apply(null, spelled as unknown as number[]);
}
