/**
 * Properties of the chains issue 17 added: no parser throws on any input of any size, every
 * spelling of a TON account is one key, and an address is never its own look-alike.
 */
import { encodeCashAddress } from '@bitauth/libauth';
import { Address } from '@ton/core';
import { bech32, bech32m } from 'bech32';
import bs58check from 'bs58check';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHAINS,
  extractAddresses,
  isLookalike,
  lookalikeProbe,
  parseAddress,
  parseAddressOn,
  selectLookalikes,
} from '../../../src/core/index.js';

const hash = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });

const base58 = (versions: number[]) =>
  fc
    .tuple(fc.constantFrom(...versions), hash(20))
    .map(([version, bytes]) => bs58check.encode(Uint8Array.from([version, ...bytes])));

const litecoinSegwit = fc
  .tuple(fc.constantFrom('ltc', 'tltc'), fc.oneof(hash(20), hash(32)), fc.boolean())
  .map(([hrp, program, taproot]) =>
    taproot && program.length === 32
      ? bech32m.encode(hrp, [1, ...bech32m.toWords(program)])
      : bech32.encode(hrp, [0, ...bech32.toWords(program)]),
  );

const cashAddr = fc
  .record({
    prefix: fc.constantFrom('bitcoincash' as const, 'bchtest' as const),
    type: fc.constantFrom('p2pkh' as const, 'p2sh' as const),
    payload: hash(20),
    bare: fc.boolean(),
    upper: fc.boolean(),
  })
  .map(({ prefix, type, payload, bare, upper }) => {
    const full = encodeCashAddress({ prefix, type, payload }).address;
    const text = bare && prefix === 'bitcoincash' ? full.slice(full.indexOf(':') + 1) : full;
    return upper ? text.toUpperCase() : text;
  });

const tonAccount = fc
  .tuple(fc.constantFrom(0, -1), hash(32))
  .map(([workchain, bytes]) => new Address(workchain, Buffer.from(bytes)));

/** Every spelling of one TON account: 8 user-friendly ones and the raw one. */
function tonSpellings(address: Address): string[] {
  const forms = [address.toRawString()];
  for (const urlSafe of [true, false])
    for (const bounceable of [true, false])
      for (const testOnly of [true, false]) forms.push(address.toString({ urlSafe, bounceable, testOnly }));
  return forms;
}

const ton = tonAccount.chain((address) => fc.constantFrom(...tonSpellings(address)));

const validAddress = fc.oneof(
  base58([0x30, 0x32, 0x3a]), // Litecoin
  litecoinSegwit,
  base58([0x1e, 0x16, 0x71]), // Dogecoin
  cashAddr,
  ton,
);

const addressish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'bitcoincash:',
        'BITCOINCASH:',
        'bchtest:',
        'bchreg:',
        'litecoin:',
        'dogecoin:',
        'ton://transfer/',
        'ton:',
        'ltc1',
        'LTC1',
        'tltc1',
        'rltc1',
        'ltcmweb1',
        'dg1',
        'EQ',
        'UQ',
        'kQ',
        '0Q',
        'Ef',
        '0:',
        '-1:',
        '-',
        '_',
        '+',
        '/',
        'q',
        'p',
        'z',
        '?amount=1',
      ),
      fc.constantFrom('\u200B', ' ', '`', '<', '>', '\u0000', '\uD800', '💸', '='),
      fc.string({
        unit: fc.constantFrom(...'0123456789abcdefABCDEFqpzry9x8gf2tvdw0s3jn54khce6mua7lLMDQ'.split('')),
      }),
      validAddress,
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), addressish);

describe('properties of Litecoin, Bitcoin Cash, Dogecoin and TON', () => {
  it('no parser throws, whatever the input and the chain it is read on', () => {
    fc.assert(
      fc.property(anyString, fc.constantFrom(...CHAINS), (input, chain) => {
        for (const result of [parseAddress(input), parseAddressOn(input, chain)]) {
          if (!result.ok) {
            expect(result.error.reason.length).toBeGreaterThan(0);
            expect(result.error.hint.length).toBeGreaterThan(0);
          }
        }
        expect(Array.isArray(extractAddresses(input))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('no parser throws on inputs of any size', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 1_000, maxLength: 80_000 }),
          fc.array(addressish, { minLength: 50, maxLength: 400 }).map((parts) => parts.join(' ')),
        ),
        (text) => {
          expect(typeof parseAddress(text).ok).toBe('boolean');
          expect(typeof parseAddressOn(text, 'bitcoin-cash').ok).toBe('boolean');
          expect(Array.isArray(extractAddresses(text))).toBe(true);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('reads every spelling of a TON account to one key, the raw form', () => {
    fc.assert(
      fc.property(tonAccount, (address) => {
        const keys = new Set(
          tonSpellings(address).map((spelling) => {
            const result = parseAddress(spelling);
            if (!result.ok) throw new Error(`${spelling}: ${result.error.reason}`);
            return result.value.key;
          }),
        );
        expect([...keys]).toEqual([address.toRawString()]);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips: the shown form parses to the same key', () => {
    fc.assert(
      fc.property(validAddress, (input) => {
        const first = parseAddress(input);
        if (!first.ok) throw new Error(`${input}: ${first.error.reason}`);
        const again = parseAddress(first.value.display);
        expect(again.ok && again.value.key).toBe(first.value.key);
      }),
      { numRuns: 1000 },
    );
  });

  it('never makes an address its own look-alike, in any of its spellings', () => {
    fc.assert(
      fc.property(validAddress, validAddress, (input, otherInput) => {
        const first = parseAddress(input);
        if (!first.ok) throw new Error(first.error.reason);
        const address = first.value;
        const spellings = [address.display, ...(address.otherForms ?? []).map((f) => f.address)];
        for (const spelling of spellings) {
          const twin = parseAddressOn(spelling, address.chain);
          if (!twin.ok || twin.value.chain !== address.chain) continue;
          expect(isLookalike(address, twin.value)).toBe(false);
          const candidate = {
            ...twin.value,
            address: twin.value.display,
            label: null,
            origin: 'scam' as const,
            source: 'test',
          };
          expect(selectLookalikes(address, [candidate])).toEqual([]);
        }
        // A different address may be one, but then it shares the indexed ends.
        const other = parseAddress(otherInput);
        if (other.ok && isLookalike(address, other.value)) {
          expect(lookalikeProbe(other.value)).toEqual(lookalikeProbe(address));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a valid address of these chains wrapped in punctuation and prose', () => {
    const punctuation = fc.string({
      unit: fc.constantFrom(...' .,;:!?()[]{}<>"\'`*~\n\u200B'.split('')),
      maxLength: 4,
    });
    fc.assert(
      fc.property(punctuation, validAddress, punctuation, (before, input, after) => {
        const expected = parseAddress(input);
        if (!expected.ok) throw new Error(expected.error.reason);
        const found = extractAddresses(`send to ${before}${input}${after} now`);
        expect(found.map((a) => a.key)).toContain(expected.value.key);
      }),
      { numRuns: 500 },
    );
  });
});
