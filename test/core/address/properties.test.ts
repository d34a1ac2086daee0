import { getAddressDecoder } from '@solana/addresses';
import { address as btcAddress } from 'bitcoinjs-lib';
import bs58check from 'bs58check';
import { getAddress } from 'ethers/address';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedAddress } from '../../../src/core/index.js';
import { extractAddresses, parseAddress } from '../../../src/core/index.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Valid addresses of every chain and kind, built from random bytes with the chains' own encoders. */
const evm = fc
  .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.boolean())
  .map(([bytes, upper]) => `0x${upper ? hex(bytes).toUpperCase() : hex(bytes)}`);

const segwit = fc
  .oneof(
    fc.record({ version: fc.constant(0), data: fc.uint8Array({ minLength: 20, maxLength: 20 }) }),
    fc.record({ version: fc.constant(0), data: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
    fc.record({ version: fc.constant(1), data: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
    fc.record({
      version: fc.integer({ min: 1, max: 16 }),
      data: fc.uint8Array({ minLength: 2, maxLength: 40 }),
    }),
  )
  .chain(({ version, data }) =>
    fc.constantFrom('bc', 'tb').map((hrp) => btcAddress.toBech32(data, version, hrp)),
  );

const base58check = fc
  .tuple(fc.constantFrom(0x00, 0x05, 0x6f, 0xc4, 0x41), fc.uint8Array({ minLength: 20, maxLength: 20 }))
  .map(([version, hash]) => bs58check.encode(Uint8Array.from([version, ...hash])));

const solanaDecoder = getAddressDecoder();
const solana = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => solanaDecoder.decode(bytes));

const validAddress = fc.oneof(evm, segwit, base58check, solana);

/** Strings made of address-ish pieces, so the fuzzing reaches the deeper parsing paths. */
const addressish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '0x',
        '0X',
        'bc1',
        'tb1',
        'BC1',
        'T',
        '1',
        '3',
        'ethereum:',
        'bitcoin:',
        'solana:',
        'pay-',
        '@1',
        '?amount=1',
      ),
      fc.constantFrom('\u200B', '\uFEFF', ' ', '`', '"', '<', '>', '.', '/', '\u0000', '\uD800', '💸'),
      fc.string({
        unit: fc.constantFrom(...'0123456789abcdefABCDEFqpzry9x8gf2tvdw0s3jn54khce6mua7lOIl'.split('')),
      }),
      validAddress,
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  addressish,
);

describe('address properties', () => {
  it('parseAddress never throws and always answers ok or an invalid-address with reason and hint', () => {
    fc.assert(
      fc.property(anyString, (input) => {
        const result = parseAddress(input);
        if (!result.ok) {
          expect(result.error.code).toBe('invalid-address');
          expect(result.error.reason.length).toBeGreaterThan(0);
          expect(result.error.hint.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('extractAddresses never throws and returns only addresses that parse to themselves', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          fc.array(anyString, { maxLength: 20 }).map((a) => a.join(' ')),
        ),
        (text) => {
          const found = extractAddresses(text);
          expect(new Set(found.map((a) => a.key)).size).toBe(found.length);
          for (const address of found)
            expect(parseAddress(address.display)).toEqual({ ok: true, value: address });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('survives long inputs of any kind', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 70_000, maxLength: 80_000 }), (text) => {
        expect(parseAddress(text).ok).toBe(false);
        expect(Array.isArray(extractAddresses(text))).toBe(true);
      }),
      { numRuns: 5 },
    );
  });

  it('spells every EVM address exactly as ethers does (EIP-55)', () => {
    fc.assert(
      fc.property(evm, (input) => {
        const result = parseAddress(input);
        expect(result.ok && result.value.display).toBe(getAddress(input.toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every valid address: parse(display).key === key', () => {
    fc.assert(
      fc.property(validAddress, (input) => {
        const first = parseAddress(input);
        expect(first.ok, input).toBe(true);
        if (!first.ok) return;
        const again = parseAddress(first.value.display);
        expect(again).toEqual({ ok: true, value: first.value });
        expect(first.value.key).toBe(
          input.startsWith('0x') || /^(bc|tb)1/.test(input) ? input.toLowerCase() : input,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a valid address wrapped in arbitrary punctuation and prose', () => {
    const punctuation = fc.string({
      unit: fc.constantFrom(...' .,;:!?()[]{}<>"\'`*_~/\n\u200B'.split('')),
      maxLength: 4,
    });
    fc.assert(
      fc.property(punctuation, validAddress, punctuation, (before, input, after) => {
        const expected = parseAddress(input);
        if (!expected.ok) throw new Error(expected.error.reason);
        const found: ParsedAddress[] = extractAddresses(`send to ${before}${input}${after} now`);
        expect(found.map((a) => a.key)).toContain(expected.value.key);
      }),
      { numRuns: 500 },
    );
  });
});
