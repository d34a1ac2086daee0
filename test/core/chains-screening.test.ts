/**
 * Litecoin, Bitcoin Cash, Dogecoin and TON screened like the other chains (issue 17), on real
 * storage: PGlite by default, real Postgres when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainwarden } from '../../src/core/index.js';
import { sanctionedAddress } from '../../src/intel/normalise.js';
import { createStores, rekeyListedStrings } from '../../src/store/index.js';
import { listEntry as entry, batchesOf as once } from '../fixtures/builders.js';
import { createTestContext, type TestContext } from '../support/context.js';

// OFAC's BCH entries (test/fixtures/intel/ofac/sanctioned-addresses): one legacy, six CashAddr
// without the prefix. The other spelling of each is from ofac-bch-cross-format.json.
const BCH_LEGACY = '18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB';
const BCH_LEGACY_AS_CASHADDR = 'bitcoincash:qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay';
const BCH_BARE = 'qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq';
const BCH_BARE_AS_LEGACY = '18Y8VPic2pZsvyLaYVdSLQdCuT2nAJJ3hd';
// OFAC's LTC entries.
const LTC = 'LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb';
// ton-core's test account in its three kinds of spelling.
const TON_BOUNCEABLE = 'EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB';
const TON_SHOWN = 'UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E';
const TON_RAW = '0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  // As an import now stores them: each OFAC string read on the chain of its asset.
  const listed = [
    ['BCH', BCH_LEGACY],
    ['BCH', BCH_BARE],
    ['LTC', LTC],
  ].map(([asset, raw]) => {
    const address = sanctionedAddress(asset ?? '', raw ?? '');
    return entry(address.key, {
      chain: address.chain,
      display: address.display,
      entity: 'TEST ENTITY',
      program: 'TEST',
    });
  });
  await ctx.stores.lists.replaceList(
    { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27' },
    once(listed),
  );
});
afterAll(async () => {
  await ctx?.close();
});

const screen = async (input: string) => {
  const result = await ctx.chainwarden.screenAddress(input);
  if (!result.ok) throw new Error(`${input}: ${result.error.reason}`);
  return result.value;
};

describe('screening the chains people pay with in chat', () => {
  it('screens a Litecoin address for real (it used to say Chainwarden does not check it)', async () => {
    const unknown = await screen('LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9');
    expect([unknown.chain, unknown.level, unknown.reasons.map((r) => r.code)]).toEqual([
      'litecoin',
      'none',
      // The test's OFAC edition is years old, so every summary says so first.
      ['sanctions-data-old', 'no-reports'],
    ]);
    const listed = await screen(LTC);
    expect([listed.chain, listed.level, listed.sanctioned]).toEqual(['litecoin', 'severe', true]);
  });

  it("matches OFAC's Bitcoin Cash entries in either spelling", async () => {
    for (const input of [
      BCH_BARE,
      `bitcoincash:${BCH_BARE}`,
      BCH_BARE.toUpperCase(),
      BCH_LEGACY_AS_CASHADDR,
    ]) {
      const summary = await screen(input);
      expect([summary.chain, summary.level], input).toEqual(['bitcoin-cash', 'severe']);
    }
  });

  it('screens a legacy 1… string as Bitcoin, says it is also a Bitcoin Cash address, and counts that listing', async () => {
    for (const [legacy, cash] of [
      [BCH_LEGACY, BCH_LEGACY_AS_CASHADDR],
      [BCH_BARE_AS_LEGACY, `bitcoincash:${BCH_BARE}`],
    ] as const) {
      const summary = await screen(legacy);
      expect(summary).toMatchObject({ chain: 'bitcoin', address: legacy, level: 'severe', sanctioned: true });
      expect(summary.otherForms).toEqual([{ chain: 'bitcoin-cash', address: cash, form: 'cashaddr' }]);
    }
  });

  it('treats every spelling of a TON account as one address: same reports, same key', async () => {
    const filed = await ctx.chainwarden.submitReport({
      address: TON_BOUNCEABLE,
      category: 'phishing',
      reporter: 'telegram:901',
      source: 'telegram',
    });
    expect(filed.ok).toBe(true);
    for (const input of [TON_BOUNCEABLE, TON_SHOWN, TON_RAW, `ton://transfer/${TON_BOUNCEABLE}?amount=5`]) {
      const summary = await screen(input);
      expect(summary).toMatchObject({ chain: 'ton', address: TON_SHOWN, reports: { total: 1 } });
      expect(summary.lookalikes).toEqual([]);
      expect(summary.otherForms).toEqual([
        { chain: 'ton', address: TON_BOUNCEABLE, form: 'bounceable' },
        { chain: 'ton', address: TON_RAW, form: 'raw' },
      ]);
    }
    const reports = await ctx.chainwarden.listReports(TON_RAW);
    expect(reports.ok && reports.value.length).toBe(1);
  });

  it('finds the new chains in group text and screens each', async () => {
    const summaries = await ctx.chainwarden.screenText(
      `send TON to ${TON_BOUNCEABLE} or BCH to ${BCH_BARE} or doge DEQU7G2Chw4r1gSKZt2GfKBpGbkbQSwp3S`,
    );
    expect(summaries.map((s) => [s.chain, s.address])).toEqual([
      ['ton', TON_SHOWN],
      ['bitcoin-cash', `bitcoincash:${BCH_BARE}`],
      ['dogecoin', 'DEQU7G2Chw4r1gSKZt2GfKBpGbkbQSwp3S'],
    ]);
    expect(summaries.map((s) => s.level)).toEqual([summaries[0]?.level, 'severe', 'none']);
  });
});

describe('upgrading a database whose lists an earlier release stored verbatim', () => {
  it('re-keys the Litecoin and Bitcoin Cash entries at start, once, and leaves the rest verbatim', async () => {
    const dash = 'XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rt';
    const legacyScript = '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy';
    // OFAC's BSV and Verge entries (real ones): a `1…` and a `D…` that parse as Bitcoin Cash and
    // Dogecoin but are neither, so they stay verbatim, as a fresh import keeps them.
    const bsv = '12sjrrhoFEsedNRhtgwvvRqjFTh8fZTDX9';
    const verge = 'DFFJhnQNZf8rf67tYnesPu7MuGUpYtzv7Z';
    // What release 0.1 stored for OFAC's LTC, BCH, DASH, BSV and XVG entries: the string, chain
    // `other`, and the asset in the label.
    await ctx.stores.lists.replaceList(
      { source: 'ofac-old', kind: 'sanctions', listDate: '2024-09-27' },
      once(
        (
          [
            ['LaYUy1DGfVSuSF5KbPhbLrm8kRotqiwUJn', 'LTC'],
            ['qpusmp64rajses77x95g9ah825mtyyv74smwwkxhx3', 'BCH'],
            ['14B56viwSBUpCZCx2CboE1K8Zi45rL9rMr', 'BCH'],
            [dash, 'DASH'],
            [legacyScript, 'LTC'],
            [bsv, 'BSV'],
            [verge, 'XVG'],
          ] as const
        ).map(([raw, asset]) =>
          entry(raw, {
            chain: 'other',
            label: `Digital Currency Address - ${asset}`,
            entity: 'OLD ENTITY',
            program: 'TEST',
          }),
        ),
      ),
    );
    expect(await rekeyListedStrings(ctx.database.db)).toBe(4);
    expect(await rekeyListedStrings(ctx.database.db)).toBe(0);

    // A process started after the upgrade loads the re-keyed lists.
    const upgraded = createChainwarden({ ...createStores(ctx.database), onBackgroundError: () => {} });
    const check = async (input: string) => {
      const result = await upgraded.screenAddress(input);
      return result.ok ? [result.value.chain, result.value.level] : result.error.reason;
    };
    expect(await check('LaYUy1DGfVSuSF5KbPhbLrm8kRotqiwUJn')).toEqual(['litecoin', 'severe']);
    expect(await check('bitcoincash:qpusmp64rajses77x95g9ah825mtyyv74smwwkxhx3')).toEqual([
      'bitcoin-cash',
      'severe',
    ]);
    // The legacy 1… entry (a BCH listing) now matches its CashAddr spelling too.
    expect(await check('bitcoincash:qq3vlashthktqpeppuv7trmw070e3mydgq63zq348v')).toEqual([
      'bitcoin-cash',
      'severe',
    ]);
    expect(await check('14B56viwSBUpCZCx2CboE1K8Zi45rL9rMr')).toEqual(['bitcoin', 'severe']);
    // Still verbatim: a chain the core does not parse, and the BSV and Verge strings.
    expect(await check(dash)).toEqual(['other', 'severe']);
    // Their strings are still found as listed (the verbatim key is the string), as after a fresh import.
    expect(await check(verge)).toEqual(['dogecoin', 'severe']);
    expect(await check(bsv)).toEqual(['bitcoin', 'severe']);
    const stillVerbatim = await ctx.database.queryPrepared<{ address_key: string }>(
      `select address_key from list_entries where source = 'ofac-old' and chain = 'other' order by address_key`,
      [],
    );
    expect(stillVerbatim.map((r) => r.address_key)).toEqual([bsv, verge, dash].sort());
    // A Litecoin `3…` filed under LTC is keyed on its `M…` form, as a fresh import keys it.
    expect(await check(legacyScript)).toEqual(['bitcoin', 'none']);
    await upgraded.settled();
  });
});
