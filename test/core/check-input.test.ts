/**
 * checkInput, the one ladder for "what did the person type", rung by rung, on real storage:
 * every adapter (Telegram, Discord, CLI) renders exactly these outcomes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../src/core/index.js';
import { listEntry as entry, batchesOf as once } from '../fixtures/builders.js';
import { createTestContext, type TestContext } from '../support/context.js';

// Tornado Cash router, OFAC SDN (CYBER2), from shared/data/ofac-sanctioned-addresses.
const TORNADO = '0xd90e2f925da726b50c4ed8d0fb90ad053324f31b';
// BIP-173's example P2WPKH address.
const BECH32 = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
// A Dash address (constructed, version 0x4c): a chain the core does not parse, matched verbatim.
// (Until issue 17 this was an OFAC Litecoin address; Litecoin is parsed now.)
const LTC_LISTED = 'XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rt';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.stores.lists.replaceList(
    { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27' },
    once([
      entry(TORNADO, { entity: 'TORNADO CASH', program: 'CYBER2' }),
      entry(LTC_LISTED, { chain: 'other', entity: 'TEST ENTITY', program: 'TEST' }),
    ]),
  );
});
afterAll(async () => {
  await ctx?.close();
});

const check = (text: string) => ctx.chainwarden.checkInput(text);
const addressesOf = (outcome: CheckOutcome) => {
  const summaries =
    outcome.kind === 'text' ? outcome.summaries : outcome.kind === 'address' ? [outcome.summary] : null;
  return summaries ? summaries.map((s) => [s.address.toLowerCase(), s.level]) : outcome.kind;
};

describe('checkInput', () => {
  it('says nothing was typed, with what an address looks like, for an empty or blank input', async () => {
    for (const blank of ['', '   ', '\n\t']) {
      const outcome = await check(blank);
      expect(outcome.kind).toBe('empty');
      expect(outcome.kind === 'empty' && outcome.hint).toContain('0x');
    }
  });

  it('screens one address typed alone as that address', async () => {
    const outcome = await check(` ${TORNADO} `);
    expect(outcome.kind).toBe('address');
    if (outcome.kind !== 'address') return;
    expect([outcome.summary.address.toLowerCase(), outcome.summary.level]).toEqual([TORNADO, 'severe']);
  });

  it('screens a listed string of a chain the core does not parse, typed alone, verbatim', async () => {
    const outcome = await check(LTC_LISTED);
    expect(outcome.kind === 'address' && [outcome.summary.chain, outcome.summary.level]).toEqual([
      'other',
      'severe',
    ]);
  });

  it('gives the precise reason for one mistyped address', async () => {
    const outcome = await check(TORNADO.slice(0, -1));
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    expect(outcome.error.reason).toBe('has 39 hex characters after 0x, an EVM address has 40');
    expect(outcome.error.hint).toContain('0x followed by 40 hex characters');
  });

  it('screens the addresses inside one word that is not one address (a list, a link)', async () => {
    expect(addressesOf(await check(`${TORNADO},${BECH32}`))).toEqual([
      [TORNADO, 'severe'],
      [BECH32, 'none'],
    ]);
    const link = await check(`https://etherscan.io/address/${TORNADO}`);
    // A link to one address is answered as that address, not as a list of one.
    expect(link.kind).toBe('address');
    expect(addressesOf(link)).toEqual([[TORNADO, 'severe']]);
  });

  it('screens every address in free text, in order, and listed strings verbatim', async () => {
    expect(addressesOf(await check(`send to ${BECH32} or ${TORNADO}, again ${BECH32}`))).toEqual([
      [BECH32, 'none'],
      [TORNADO, 'severe'],
    ]);
    expect(addressesOf(await check(`pls send DASH to ${LTC_LISTED} asap`))).toEqual([
      [LTC_LISTED.toLowerCase(), 'severe'],
    ]);
  });

  it('explains the first address-shaped word that is not valid when text holds no address', async () => {
    const miss = await check('pay 0xD9a1b0b1e1ae382dbdc898ea68012ffcb2853a91 now');
    expect(miss.kind === 'invalid' && miss.error.reason).toContain('checksum mismatch');
    // A mistyped Litecoin address gets its checksum reason and a Litecoin example (not just "no address found").
    const ltc = await check('send LTC to LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfc pls');
    expect(ltc.kind === 'invalid' && ltc.error.reason).toContain('checksum does not match');
    expect(ltc.kind === 'invalid' && ltc.error.hint).toContain('A Litecoin address looks like');
  });

  it('says no address was found, with what a valid one looks like, for text without one', async () => {
    const outcome = await check('gm, wen airdrop?');
    expect(outcome).toEqual({
      kind: 'no-address',
      reason: 'no address found in the text',
      hint: expect.stringContaining('bc1…/1…/3… (Bitcoin)'),
    });
  });
});

describe('reportTarget', () => {
  it('takes a word as the address, and the first address of a message', () => {
    expect(ctx.chainwarden.reportTarget(TORNADO)).toMatchObject({ ok: true, value: { key: TORNADO } });
    expect(ctx.chainwarden.reportTarget(`it is ${BECH32} thanks`)).toMatchObject({
      ok: true,
      value: { key: BECH32 },
    });
  });

  it('finds the address inside one word that is not one: an explorer link, a comma list', () => {
    expect(ctx.chainwarden.reportTarget(`https://etherscan.io/address/${TORNADO}`)).toMatchObject({
      ok: true,
      value: { key: TORNADO },
    });
    expect(ctx.chainwarden.reportTarget(`${BECH32},${TORNADO}`)).toMatchObject({
      ok: true,
      value: { key: BECH32 },
    });
  });

  it('explains a mistyped address, and says when a message has none', () => {
    const typo = ctx.chainwarden.reportTarget('0x1234');
    expect(!typo.ok && typo.error.reason).toBe('has 4 hex characters after 0x, an EVM address has 40');
    const none = ctx.chainwarden.reportTarget('I do not know it');
    expect(!none.ok && [none.error.input, none.error.reason]).toEqual([
      'I do not know it',
      'has no address in it',
    ]);
  });
});
