import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REPORTER_RULES, weighReporter } from '../../../src/core/index.js';
import { createTestContext, type TestContext } from '../../support/context.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const weigh = (over: Partial<Parameters<typeof weighReporter>[0]> = {}) =>
  weighReporter({
    facts: {},
    memberSince: null,
    record: { approved: 0, rejected: 0 },
    moderator: false,
    rules: DEFAULT_REPORTER_RULES,
    now: NOW,
    ...over,
  });

describe('weighReporter', () => {
  it('holds an account younger than 7 days, and a member of less than 24 hours', () => {
    expect(weigh({ facts: { accountCreatedAt: daysAgo(3) } })).toEqual({
      weight: 'new',
      heldFor: 'new-account',
    });
    const joined = daysAgo(0.5);
    expect(
      weigh({ facts: { accountCreatedAt: daysAgo(900), memberSince: joined }, memberSince: joined }),
    ).toEqual({ weight: 'new', heldFor: 'new-member' });
    const longAgo = daysAgo(800);
    expect(
      weigh({ facts: { accountCreatedAt: daysAgo(900), memberSince: longAgo }, memberSince: longAgo }),
    ).toEqual({ weight: 'ordinary', heldFor: null });
  });

  it('counts a Telegram member the bot never saw as seen just now (tenure 0)', () => {
    expect(weigh({ facts: { firstSeenIn: 'telegram:-1001' }, memberSince: null }).heldFor).toBe('new-member');
    expect(weigh({ facts: { firstSeenIn: 'telegram:-1001' }, memberSince: daysAgo(2) }).weight).toBe(
      'ordinary',
    );
  });

  it('trusts moderators, vouched reporters and approved ones, and doubts a reporter rejected more than approved', () => {
    const fresh = { accountCreatedAt: daysAgo(1) };
    expect(weigh({ facts: fresh, moderator: true }).weight).toBe('trusted');
    expect(weigh({ facts: { ...fresh, vouched: true } }).weight).toBe('trusted');
    expect(weigh({ facts: fresh, record: { approved: 1, rejected: 0 } })).toEqual({
      weight: 'trusted',
      heldFor: null,
    });
    expect(
      weigh({ facts: { accountCreatedAt: daysAgo(900) }, record: { approved: 1, rejected: 2 } }),
    ).toEqual({
      weight: 'doubted',
      heldFor: 'doubted',
    });
    // Equal approvals and rejections: back to the age and tenure rules.
    expect(weigh({ facts: fresh, record: { approved: 1, rejected: 1 } }).heldFor).toBe('new-account');
  });

  it('follows the operator’s thresholds (0 holds nobody for being new)', () => {
    const rules = { minAccountDays: 0, minTenureHours: 0 };
    expect(weigh({ facts: { accountCreatedAt: NOW, firstSeenIn: 'telegram:1' }, rules }).weight).toBe(
      'ordinary',
    );
  });
});

describe('submitReport with reporter weight', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ now: () => NOW });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('holds reports from new accounts for review and the summary says how many wait', async () => {
    const address = '0x00000000000000000000000000000000000bad01';
    for (const i of [1, 2, 3]) {
      const receipt = await ctx.chainwarden.submitReport({
        address,
        category: 'phishing',
        reporter: `discord:${i}`,
        source: 'discord',
        community: 'discord:42',
        reporterFacts: { accountCreatedAt: daysAgo(2), memberSince: daysAgo(1) },
      });
      expect(receipt.ok && receipt.value.heldFor).toBe('new-account');
    }
    const summary = await ctx.chainwarden.screenAddress(address, { community: 'discord:42' });
    if (!summary.ok) throw new Error('not screened');
    expect(summary.value.level).toBe('none');
    expect(summary.value.reasons.map((r) => r.text)).toContain(
      '3 reports waiting for review (new accounts, or reporters whose reports moderators rejected): they do not change the level until a moderator approves them.',
    );
  });

  it('times a Telegram member from the bot’s first sighting in that chat', async () => {
    const address = '0x00000000000000000000000000000000000bad02';
    const report = () =>
      ctx.chainwarden.submitReport({
        address,
        category: 'phishing',
        reporter: 'telegram:77',
        source: 'telegram',
        community: 'telegram:-1002',
        reporterFacts: { firstSeenIn: 'telegram:-1002' },
      });
    const first = await report();
    expect(first.ok && first.value.heldFor).toBe('new-member');
    await ctx.chainwarden.noteMemberSeen('telegram:-1002', 'telegram:77');
    expect(await ctx.stores.sightings.firstSeen('telegram:-1002', 'telegram:77')).toBeInstanceOf(Date);
    expect(await ctx.stores.sightings.firstSeen('telegram:-1003', 'telegram:77')).toBeNull();
  });
});
