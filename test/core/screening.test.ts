/**
 * The core behind its ports, on real storage: PGlite by default, real Postgres when
 * TEST_DATABASE_URL is set (.ci/run runs both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackgroundTask, createChainwarden, type ScreeningStore } from '../../src/core/index.js';
import { listEntry as entry, batchesOf as once } from '../fixtures/builders.js';
import { createTestContext, type TestContext } from '../support/context.js';

// The real May 2024 address-poisoning case: intended and poisoned addresses share 0xd9a1…853a91.
const INTENDED = '0xd9a1b0b1e1ae382dbdc898ea68012ffcb2853a91';
const POISONED = '0xd9a1c3788d81257612e2581a6ea0ada244853a91';
// Tornado Cash router, OFAC SDN (CYBER2), from shared/data/ofac-sanctioned-addresses.
const TORNADO = '0xd90e2f925da726b50c4ed8d0fb90ad053324f31b';

let ctx: TestContext;
const clock = new Date('2026-11-25T12:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext({ now: () => clock, limits: { perReporter: 3, windowSeconds: 3600 } });
});
afterAll(async () => {
  await ctx?.close();
});

describe('screenAddress', () => {
  it('rejects a mixed-case EVM address with a bad checksum, suggesting the right one', async () => {
    const result = await ctx.chainwarden.screenAddress('0xD9a1b0b1e1ae382dbdc898ea68012ffcb2853a91');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.reason).toContain('checksum mismatch');
    expect(result.error.reason).toContain('0xd9A1b0B1e1aE382DbDc898Ea68012FfcB2853a91');
  });

  it('says nothing is known, and that this is not proof of safety, for an unknown address', async () => {
    const result = await ctx.chainwarden.screenAddress('0x0000000000000000000000000000000000000001');
    expect(result.ok && result.value.level).toBe('none');
    expect(result.ok && result.value.reasons.map((r) => r.code)).toEqual(['no-reports']);
    expect(result.ok && result.value.onchain).toBeNull();
  });

  it('is severe for an OFAC-listed address, naming the entity, program and list date', async () => {
    await ctx.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27' },
      once([entry(TORNADO, { entity: 'TORNADO CASH', program: 'CYBER2', listedAt: '2022-08-08' })]),
    );
    const result = await ctx.chainwarden.screenAddress(TORNADO.toUpperCase().replace('0X', '0x'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ level: 'severe', score: 100, sanctioned: true, chain: 'evm' });
    expect(result.value.reasons[0]).toEqual({
      code: 'sanctions',
      text: 'Sanctioned: TORNADO CASH (CYBER2), listed 2022-08-08. Paying it may be illegal.',
      source: 'ofac-sdn, list of 2024-09-27',
    });
  });

  it('matches a listed address of a chain the core does not parse, verbatim', async () => {
    // A Dash address (constructed: version 0x4c, a made-up hash): Dash is not parsed, so it is
    // matched verbatim. (Litecoin was the example here until the core parsed it, issue 17.)
    const dash = 'XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rt';
    await ctx.stores.lists.replaceList(
      { source: 'ofac-sdn-dash', kind: 'sanctions', listDate: '2024-09-27' },
      once([entry(dash, { chain: 'other', entity: 'TEST ENTITY', program: 'TEST' })]),
    );
    const result = await ctx.chainwarden.screenAddress(dash);
    expect(result.ok && [result.value.chain, result.value.level]).toEqual(['other', 'severe']);
    const unlisted = await ctx.chainwarden.screenAddress('XdogDs5nTXP7rtgPMTE8jtXtRSMLD7zjgL');
    expect(unlisted.ok).toBe(false);
  });

  it('flags the poisoned copy of an allowlisted address as a look-alike, at least medium', async () => {
    await ctx.stores.lists.replaceList(
      { source: 'otc-desks', kind: 'allow', listDate: '2024-05-01' },
      once([entry(INTENDED, { label: 'OTC desk', display: '0xd9A1b0B1e1aE382DbDc898Ea68012FfcB2853a91' })]),
    );
    const result = await ctx.chainwarden.screenAddress(POISONED);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.level).toBe('medium');
    expect(result.value.lookalikes).toEqual([
      { address: '0xd9A1b0B1e1aE382DbDc898Ea68012FfcB2853a91', label: 'OTC desk', source: 'otc-desks' },
    ]);
    // The intended address itself is not its own look-alike.
    const intended = await ctx.chainwarden.screenAddress(INTENDED);
    expect(intended.ok && intended.value.lookalikes).toEqual([]);
    expect(intended.ok && intended.value.reasons.map((r) => r.code)).toContain('allowlisted');
  });

  it('finds look-alikes of addresses used in the same community only', async () => {
    const treasury = '0x1111aaaabbbbccccddddeeeeffff000011112222';
    const copy = '0x1111ffffffffffffffffffffffffffffffff2222';
    await ctx.chainwarden.screenAddress(treasury, { community: 'telegram:-1001' });
    await ctx.chainwarden.settled();
    const inCommunity = await ctx.chainwarden.screenAddress(copy, { community: 'telegram:-1001' });
    expect(inCommunity.ok && inCommunity.value.lookalikes[0]?.source).toBe('community telegram:-1001');
    expect(inCommunity.ok && inCommunity.value.level).toBe('medium');
    const elsewhere = await ctx.chainwarden.screenAddress(copy, { community: 'discord:42' });
    expect(elsewhere.ok && elsewhere.value.lookalikes).toEqual([]);
  });

  it('does not let a newer vanity copy make the community’s original address look risky', async () => {
    const treasury = '0x4444aaaabbbbccccddddeeeeffff000011115555';
    const copy = '0x4444ffffffffffffffffffffffffffffffff5555';
    await ctx.chainwarden.screenAddress(treasury, { community: 'telegram:-1002' });
    await ctx.chainwarden.settled();
    await ctx.chainwarden.screenAddress(copy, { community: 'telegram:-1002' });
    await ctx.chainwarden.settled();
    const again = await ctx.chainwarden.screenAddress(treasury, { community: 'telegram:-1002' });
    expect(again.ok && again.value.level).toBe('low');
    expect(again.ok && again.value.reasons.find((r) => r.code === 'look-alike')?.text).toContain(
      'seen in this community after this address',
    );
    // The copy, checked again, is still the newcomer: medium.
    const copyAgain = await ctx.chainwarden.screenAddress(copy, { community: 'telegram:-1002' });
    expect(copyAgain.ok && copyAgain.value.level).toBe('medium');
  });
});

describe('submitReport', () => {
  const address = '0x2222222222222222222222222222222222222222';

  it('saves one report per reporter per address: a second one updates the first', async () => {
    const first = await ctx.chainwarden.submitReport({
      address,
      category: 'phishing',
      note: 'fake support DM',
      reporter: 'telegram:1',
      source: 'telegram',
    });
    expect(first.ok && first.value.created).toBe(true);
    const second = await ctx.chainwarden.submitReport({
      address,
      category: 'drainer',
      reporter: 'telegram:1',
      source: 'telegram',
    });
    expect(second.ok && second.value.created).toBe(false);
    expect(second.ok && second.value.category).toBe('fake-airdrop');
    const listed = await ctx.chainwarden.listReports(address);
    expect(listed.ok && listed.value.map((r) => [r.reporter, r.category])).toEqual([
      ['telegram:1', 'fake-airdrop'],
    ]);
  });

  it('raises the level with distinct reporters and moderator verification', async () => {
    await ctx.chainwarden.submitReport({
      address,
      category: 'phishing',
      reporter: 'discord:2',
      source: 'discord',
    });
    const two = await ctx.chainwarden.screenAddress(address);
    expect(two.ok && two.value.level).toBe('medium');
    expect(two.ok && two.value.reports).toEqual({
      total: 2,
      verified: 0,
      categories: { phishing: 1, 'fake-airdrop': 1 },
    });
    await ctx.chainwarden.submitReport({
      address,
      category: 'phishing',
      reporter: 'discord:3',
      source: 'discord',
      verifiedBy: 'discord:3',
      community: 'discord:80351110224678912',
    });
    const verified = await ctx.chainwarden.screenAddress(address, { community: 'discord:80351110224678912' });
    expect(verified.ok && verified.value.level).toBe('high');
    // The OFAC fixture imported above is of 2024-09-27: the summary also says sanctions data is old.
    expect(verified.ok && verified.value.reasons.map((r) => r.code)).toEqual([
      'community-reports',
      'verified-report',
      'sanctions-data-old',
    ]);
  });

  it('sends reports against an allowlisted address to review instead of raising its level', async () => {
    const result = await ctx.chainwarden.submitReport({
      address: INTENDED,
      category: 'impersonation',
      reporter: 'telegram:9',
      source: 'telegram',
    });
    expect(result.ok && result.value.status).toBe('review');
    const screened = await ctx.chainwarden.screenAddress(INTENDED);
    expect(screened.ok && screened.value.level).toBe('none');
    expect(screened.ok && screened.value.reasons.map((r) => r.code)).toEqual([
      'allowlisted',
      'under-review',
      'sanctions-data-old',
    ]);
  });

  it.each([
    ['an unknown category', { category: 'spam' }, 'invalid-category', 'phishing, impersonation'],
    ['an over-long note', { note: 'x'.repeat(501) }, 'note-too-long', '500'],
    [
      'evidence that is no hash or link',
      { evidence: 'my friend told me' },
      'invalid-evidence',
      'transaction hash',
    ],
    ['a reporter without platform', { reporter: 'alice' }, 'invalid-reporter', 'telegram:12345'],
    [
      'a bech32 address with a bad checksum',
      { address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5' },
      'invalid-address',
      'checksum',
    ],
  ])('refuses %s with a specific reason and hint', async (_name, patch, code, hintPart) => {
    const result = await ctx.chainwarden.submitReport({
      address,
      category: 'phishing',
      reporter: 'cli:tester',
      source: 'cli',
      ...patch,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(`${result.error.reason} ${result.error.hint}`).toContain(hintPart);
  });

  it('echoes a long category with emoji whole, never half a character', async () => {
    const result = await ctx.chainwarden.submitReport({
      address,
      category: `a${'😀'.repeat(60)}`,
      reporter: 'cli:tester',
      source: 'cli',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // A lone surrogate would make the reply invalid UTF-8, which Telegram refuses.
    expect(result.error.reason).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(result.error.reason).toContain('😀…');
  });

  it('rate-limits one reporter, but not a moderator flagging many addresses', async () => {
    const addresses = [
      '0x3333333333333333333333333333333333333331',
      '0x3333333333333333333333333333333333333332',
      '0x3333333333333333333333333333333333333333',
      '0x3333333333333333333333333333333333333334',
    ];
    const results = [];
    for (const a of addresses) {
      results.push(
        await ctx.chainwarden.submitReport({
          address: a,
          category: 'other',
          reporter: 'api:k1',
          source: 'api',
        }),
      );
    }
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    const limited = results[3];
    expect(limited && !limited.ok && limited.error.code).toBe('rate-limited');
    const moderator = await ctx.chainwarden.submitReport({
      address: addresses[3]!,
      category: 'other',
      reporter: 'api:k1',
      source: 'api',
      verifiedBy: 'api:k1',
      community: 'discord:80351110224678912',
    });
    expect(moderator.ok).toBe(true);
  });

  it('holds the limit when one reporter sends many reports at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ctx.chainwarden.submitReport({
          address: `0x55555555555555555555555555555555555555${i.toString(16).padStart(2, '0')}`,
          category: 'other',
          reporter: 'api:parallel',
          source: 'api',
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const limited = results.find((r) => !r.ok);
    expect(limited && !limited.ok && limited.error.code).toBe('rate-limited');
    expect(limited && !limited.ok && limited.error.hint).toMatch(/^try again in \d+ minutes/);
  });

  it('does not count a moderator’s flags against their own reports', async () => {
    for (const i of [1, 2, 3]) {
      const flagged = await ctx.chainwarden.submitReport({
        address: `0x66666666666666666666666666666666666666${i.toString(16).padStart(2, '0')}`,
        category: 'phishing',
        reporter: 'telegram:77',
        verifiedBy: 'telegram:77',
        source: 'telegram',
      });
      expect(flagged.ok).toBe(true);
    }
    const own = await ctx.chainwarden.submitReport({
      address: '0x6666666666666666666666666666666666666699',
      category: 'phishing',
      reporter: 'telegram:77',
      source: 'telegram',
    });
    expect(own.ok).toBe(true);
  });
});

describe('moderator verification is scoped to its community (issue 13)', () => {
  // A fresh Telegram group anyone could create, and an exchange's hot wallet (Binance 14) its
  // creator flags: the attack the rule stops.
  const FRESH_GROUP = 'telegram:-1009990001';
  const OTHER_GROUP = 'discord:80351110224678912';
  const EXCHANGE = '0x28C6c06298d514Db089934071355E5743bf21d60';
  const creator = 'telegram:5550001';

  const screen = async (context: { community?: string } = {}) => {
    const result = await ctx.chainwarden.screenAddress(EXCHANGE, context);
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  };
  const reportCodes = (summary: { reasons: Array<{ code: string }> }) =>
    summary.reasons.map((r) => r.code).filter((c) => c !== 'sanctions-data-old');

  it('counts as verified in its own community, and as one ordinary report everywhere else', async () => {
    const flagged = await ctx.chainwarden.flagPost({
      post: `send to ${EXCHANGE}`,
      moderator: creator,
      community: FRESH_GROUP,
      source: 'telegram',
      category: 'phishing',
      target: 'message:1',
    });
    expect(flagged.ok && flagged.value.addresses.map((a) => a.outcome)).toEqual(['saved']);

    const here = await screen({ community: FRESH_GROUP });
    expect([here.level, here.score, here.reports.verified]).toEqual(['high', 85, 1]);
    expect(reportCodes(here)).toEqual(['community-reports', 'verified-report']);
    expect(here.reasons[0]?.text).toContain('1 verified by moderators of this community');

    for (const elsewhere of [await screen(), await screen({ community: OTHER_GROUP })]) {
      expect([elsewhere.level, elsewhere.score]).toEqual(['low', 25]);
      expect(elsewhere.reports).toEqual({
        total: 1,
        verified: 0,
        verifiedElsewhere: 1,
        categories: { phishing: 1 },
      });
      expect(reportCodes(elsewhere)).toEqual(['community-reports']);
      expect(elsewhere.reasons[0]?.text).toContain(
        '1 by a moderator of another community (counts as one report)',
      );
    }
  });

  it('counts everywhere once the operator trusts the community, and no longer once untrusted', async () => {
    const trusted = await ctx.chainwarden.communities.trust(` ${FRESH_GROUP} `);
    expect(trusted).toEqual({
      ok: true,
      value: { community: FRESH_GROUP, trusted: true, unchanged: false, unknown: false },
    });
    for (const summary of [await screen(), await screen({ community: OTHER_GROUP })]) {
      expect([summary.level, summary.reports.verified]).toEqual(['high', 1]);
      expect(summary.reasons[1]?.text).toBe(
        'Moderators of a community the operator trusts confirmed this address in 1 report.',
      );
    }
    const listed = await ctx.chainwarden.communities.list();
    expect(listed.find((c) => c.community === FRESH_GROUP)).toMatchObject({
      trusted: true,
      verifications: 1,
    });

    expect((await ctx.chainwarden.communities.untrust(FRESH_GROUP)).ok).toBe(true);
    expect((await screen()).level).toBe('low');
  });

  it('keeps a verification in its community when its moderator later reports the address from a trusted one', async () => {
    const TRUSTED = 'discord:80351110224678999';
    await ctx.chainwarden.communities.trust(TRUSTED);
    const address = '0x2222222222222222222222222222222222229999';
    await ctx.chainwarden.submitReport({
      address,
      category: 'phishing',
      reporter: 'telegram:5550002',
      verifiedBy: 'telegram:5550002',
      community: FRESH_GROUP,
      source: 'telegram',
    });
    // The same person, as an ordinary member of the trusted server: their report is updated in place.
    await ctx.chainwarden.submitReport({
      address,
      category: 'phishing',
      reporter: 'telegram:5550002',
      community: TRUSTED,
      source: 'discord',
    });
    const summary = await ctx.chainwarden.screenAddress(address);
    expect(summary.ok && [summary.value.level, summary.value.reports.verified]).toEqual(['low', 0]);
  });

  it.each([
    ['telegram:123', 'names a private chat: Telegram group ids are negative'],
    ['telegram:', 'has no Telegram group id after telegram:'],
    ['discord:abc', 'has no Discord server id (17 to 20 digits) after discord:'],
    ['slack:T123', 'names no platform Chainwarden knows (slack)'],
    ['-1001234', 'is not platform:id'],
  ])('refuses to trust %s, saying what a community id looks like', async (input, reason) => {
    const result = await ctx.chainwarden.communities.trust(input);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-community',
        input,
        reason,
        hint: 'a community is telegram:<group id> (negative, e.g. telegram:-1001234567890) or discord:<server id> (e.g. discord:80351110224678912)',
      },
    });
  });
});

describe('screenText', () => {
  it('screens every distinct address in a chat message, in order', async () => {
    const summaries = await ctx.chainwarden.screenText(
      `Send to **${TORNADO}** or \`${POISONED}\`, again ${TORNADO}.`,
    );
    expect(summaries.map((s) => [s.address.toLowerCase(), s.level])).toEqual([
      [TORNADO, 'severe'],
      [POISONED, 'medium'],
    ]);
  });

  it('finds a listed address of a chain the core does not parse in free text, verbatim', async () => {
    const summaries = await ctx.chainwarden.screenText(
      'pls send DASH to XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rt asap',
    );
    expect(summaries.map((s) => [s.address, s.chain, s.level])).toEqual([
      ['XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rt', 'other', 'severe'],
    ]);
  });

  it('returns nothing for text without addresses', async () => {
    expect(await ctx.chainwarden.screenText('gm, wen airdrop?')).toEqual([]);
  });
});

describe('community notes', () => {
  const community = 'telegram:-1003';
  const treasury = '0x7777aaaabbbbccccddddeeeeffff000011118888';
  const copy = '0x7777ffffffffffffffffffffffffffffffff8888';

  // The real store behind a gate (or a failure) on the one write under test: the only way to show,
  // without sleeping, that an answer does not wait for it.
  const storeWith = (noteCommunityAddress: ScreeningStore['noteCommunityAddress']): ScreeningStore => ({
    ...ctx.stores.screening,
    noteCommunityAddress,
  });

  it('answers a screen in a community without waiting for the address to be noted', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const chainwarden = createChainwarden({
      ...ctx.stores,
      screening: storeWith(async (...note) => {
        await gate;
        await ctx.stores.screening.noteCommunityAddress(...note);
      }),
    });
    const first = await chainwarden.screenAddress(treasury, { community });
    expect(first.ok && first.value.level).toBe('none');
    // Not written yet, so the copy has no community twin so far.
    const early = await chainwarden.screenAddress(copy, { community });
    expect(early.ok && early.value.lookalikes).toEqual([]);

    open();
    await chainwarden.settled();
    const later = await chainwarden.screenAddress(copy, { community });
    expect(later.ok && later.value.lookalikes.map((l) => l.source)).toEqual([`community ${community}`]);
  });

  it('hands a failed note to onBackgroundError; the screen still answers', async () => {
    const failures: Array<{ error: unknown; task: BackgroundTask }> = [];
    const chainwarden = createChainwarden({
      ...ctx.stores,
      screening: storeWith(async () => {
        throw new Error('database went away');
      }),
      onBackgroundError: (error, task) => failures.push({ error, task }),
    });
    const result = await chainwarden.screenAddress(treasury, { community: 'discord:9' });
    expect(result.ok && result.value.level).toBe('none');
    await chainwarden.settled();
    expect(failures).toEqual([
      {
        error: new Error('database went away'),
        task: { task: 'note-community-address', community: 'discord:9' },
      },
    ]);
  });
});
