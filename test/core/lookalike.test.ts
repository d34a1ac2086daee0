import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntry, ParsedAddress } from '../../src/core/index.js';
import { isLookalike, lookalikeBody, lookalikeProbe, parseAddress } from '../../src/core/index.js';
import { batchesOf, listEntry } from '../fixtures/builders.js';
import { createTestContext, type TestContext } from '../support/context.js';

const parsed = (input: string): ParsedAddress => {
  const result = parseAddress(input);
  if (!result.ok) throw new Error(`fixture ${input} does not parse: ${result.error.reason}`);
  return result.value;
};

// Real addresses from OFAC's published lists (test/fixtures/address-vectors/ofac).
const TRON = 'TFdTr9C3BqQrzKBXqSxJfAZFTh8UwBAfSg';
const BTC = 'bc1q202ajnhxgg9d9jjczmg0g4usp6haqldyy2eakl';

describe('isLookalike', () => {
  it('matches the real May 2024 poisoning case, case-insensitively for EVM', () => {
    expect(
      isLookalike(
        parsed('0xd9a1c3788d81257612e2581a6ea0ada244853a91'),
        parsed('0xD9A1B0B1E1AE382DBDC898EA68012FFCB2853A91'),
      ),
    ).toBe(true);
  });

  it('compares Tron after the T every address shares, and Bitcoin after bc1q', () => {
    expect(isLookalike(parsed(TRON), { chain: 'tron', key: 'TFdTrZZZZZZZZZZZZZZZZZZZZZZZZZBAfSg' })).toBe(
      true,
    );
    expect(isLookalike(parsed(TRON), { chain: 'tron', key: 'TFdTxZZZZZZZZZZZZZZZZZZZZZZZZZBAfSg' })).toBe(
      false,
    );
    expect(
      isLookalike(parsed(BTC), { chain: 'bitcoin', key: 'bc1q202azzzzzzzzzzzzzzzzzzzzzzzzzzzzzzeakl' }),
    ).toBe(true);
    // Sharing only the bc1q lead and a suffix is not enough.
    expect(
      isLookalike(parsed(BTC), { chain: 'bitcoin', key: 'bc1qzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzeakl' }),
    ).toBe(false);
  });

  it('honours longer configured lengths', () => {
    const a = parsed('0xd9a1c3788d81257612e2581a6ea0ada244853a91');
    const b = { chain: 'evm' as const, key: '0xd9a1b0b1e1ae382dbdc898ea68012ffcb2853a91' };
    expect(isLookalike(a, b, { prefixLength: 5, suffixLength: 4 })).toBe(false);
    expect(isLookalike(a, b, { prefixLength: 4, suffixLength: 6 })).toBe(true);
  });

  it('never calls an address its own look-alike, whatever its spelling', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.boolean(), (bytes, upper) => {
        const hex = Buffer.from(bytes).toString('hex');
        const address = parsed(`0x${hex}`);
        const other = parsed(upper ? `0x${hex.toUpperCase()}` : address.display);
        expect(isLookalike(address, other)).toBe(false);
      }),
    );
  });

  it('compares the new chains on what the attacker chose: no shared lead, TON in its shown form', () => {
    const bodies = [
      'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9',
      'ltc1qhdhvrwe6rgqns8fz28tee0hphr5x7ulw5exv4w',
      'DEQU7G2Chw4r1gSKZt2GfKBpGbkbQSwp3S',
      'bitcoincash:qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay',
      'EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB',
    ].map((input) => lookalikeBody(parsed(input)));
    expect(bodies).toEqual([
      'Vg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9',
      'hdhvrwe6rgqns8fz28tee0hphr5x7ulw5exv4w',
      'EQU7G2Chw4r1gSKZt2GfKBpGbkbQSwp3S',
      'pgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay',
      'As9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E',
    ]);
  });

  it('has no probe for chains it cannot compare', () => {
    expect(lookalikeProbe({ chain: 'other', key: 'LNwgtMxcKUQ51dw7bQL1yPQjBVZh6QEqsd' })).toBeNull();
  });
});

describe('look-alikes in a screen', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const entry = (key: string, chain: ListEntry['chain'], label: string) => listEntry(key, { chain, label });

  it('names a Tron and a Bitcoin look-alike known from a list', async () => {
    await ctx.stores.lists.replaceList(
      { source: 'exchange-wallets', kind: 'allow', listDate: '2026-11-01' },
      batchesOf([
        entry('TFdTrZZZZZZZZZZZZZZZZZZZZZZZZZBAfSg', 'tron', 'Exchange hot wallet'),
        entry('bc1q202azzzzzzzzzzzzzzzzzzzzzzzzzzzzzzeakl', 'bitcoin', 'Donation address'),
      ]),
    );
    const tron = await ctx.chainwarden.screenAddress(TRON);
    expect(tron.ok && tron.value.lookalikes).toEqual([
      {
        address: 'TFdTrZZZZZZZZZZZZZZZZZZZZZZZZZBAfSg',
        label: 'Exchange hot wallet',
        source: 'exchange-wallets',
      },
    ]);
    expect(tron.ok && tron.value.level).toBe('medium');
    const btc = await ctx.chainwarden.screenAddress(BTC);
    expect(btc.ok && btc.value.reasons.find((r) => r.code === 'look-alike')?.text).toBe(
      'Looks like bc1q202azzzzzzzzzzzzzzzzzzzzzzzzzzzzzzeakl (Donation address, known from allowlist exchange-wallets): compare every character before you pay.',
    );
  });
});
