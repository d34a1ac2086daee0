/**
 * The AppealStore on real storage (PGlite here, Postgres with TEST_DATABASE_URL): a challenge files
 * one appeal even when two submissions race, one appeal per address waits at a time, and upholding
 * dismisses exactly the address's reports filed until then.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppealChallenge, NewAppeal } from '../../src/core/index.js';
import { createTestContext, type TestContext } from '../support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

let counter = 0;
function challenge(addressKey: string, requestedBy: string | null = null): AppealChallenge {
  counter += 1;
  const now = new Date();
  return {
    nonce: `nonce${String(counter).padStart(16, '0')}`,
    addressKey,
    address: addressKey,
    chain: 'evm',
    message: `challenge ${counter}`,
    requestedBy,
    createdAt: new Date(now.getTime() + counter),
    expiresAt: new Date(now.getTime() + 3_600_000),
    usedAt: null,
  };
}

const appealOf = (c: AppealChallenge): NewAppeal => ({
  addressKey: c.addressKey,
  address: c.address,
  chain: c.chain,
  nonce: c.nonce,
  message: c.message,
  signature: '0x00',
  method: 'eip191',
  statement: 'mine',
  contact: null,
  source: 'api',
  submittedBy: null,
});

describe('AppealStore', () => {
  it('files one appeal per challenge even when two submissions race', async () => {
    const key = Wallet.createRandom().address.toLowerCase();
    const c = challenge(key);
    await ctx.stores.appeals.saveChallenge(c);
    const [a, b] = await Promise.all([
      ctx.stores.appeals.fileAppeal(appealOf(c)),
      ctx.stores.appeals.fileAppeal(appealOf(c)),
    ]);
    expect([a.filed, b.filed].filter(Boolean)).toHaveLength(1);
    const loser = a.filed ? b : a;
    expect(loser).toMatchObject({ filed: false });
    expect((await ctx.stores.appeals.findChallenge(c.nonce))?.usedAt).toBeInstanceOf(Date);
  });

  it('keeps one pending appeal per address, and leaves the second challenge unused', async () => {
    const key = Wallet.createRandom().address.toLowerCase();
    const first = challenge(key);
    const second = challenge(key);
    await ctx.stores.appeals.saveChallenge(first);
    await ctx.stores.appeals.saveChallenge(second);
    const filed = await ctx.stores.appeals.fileAppeal(appealOf(first));
    if (!filed.filed) throw new Error('first appeal not filed');
    expect(await ctx.stores.appeals.fileAppeal(appealOf(second))).toEqual({
      filed: false,
      because: 'appeal-pending',
      appealId: filed.appeal.id,
    });
    expect((await ctx.stores.appeals.findChallenge(second.nonce))?.usedAt).toBeNull();
  });

  it('finds the newest challenge an asker requested for an address', async () => {
    const key = Wallet.createRandom().address.toLowerCase();
    await ctx.stores.appeals.saveChallenge(challenge(key, 'telegram:7'));
    const newer = challenge(key, 'telegram:7');
    await ctx.stores.appeals.saveChallenge(newer);
    await ctx.stores.appeals.saveChallenge(challenge(key, 'telegram:8'));
    expect((await ctx.stores.appeals.latestChallenge(key, 'telegram:7'))?.nonce).toBe(newer.nonce);
    expect(await ctx.stores.appeals.latestChallenge(key, 'discord:7')).toBeNull();
  });

  it('upholding dismisses the address’s reports and no other address’s; a decision is final', async () => {
    const owner = Wallet.createRandom().address;
    const bystander = Wallet.createRandom().address;
    for (const [address, reporter] of [
      [owner, 'api:1'],
      [owner, 'api:2'],
      [bystander, 'api:1'],
    ] as const) {
      const saved = await ctx.chainwarden.submitReport({
        address,
        category: 'phishing',
        reporter,
        source: 'api',
      });
      expect(saved.ok).toBe(true);
    }
    const c = challenge(owner.toLowerCase());
    await ctx.stores.appeals.saveChallenge(c);
    const filed = await ctx.stores.appeals.fileAppeal(appealOf(c));
    if (!filed.filed) throw new Error('not filed');
    const decided = await ctx.stores.appeals.decide(filed.appeal.id, {
      outcome: 'upheld',
      note: null,
      decidedBy: 'cli:op',
      community: null,
    });
    expect(decided).toMatchObject({ decided: true, appeal: { status: 'upheld', dismissedReports: 2 } });
    const owners = await ctx.stores.reports.listReports(owner.toLowerCase(), 10);
    expect(owners.map((r) => r.status)).toEqual(['dismissed', 'dismissed']);
    const others = await ctx.stores.reports.listReports(bystander.toLowerCase(), 10);
    expect(others.map((r) => r.status)).toEqual(['active']);
    expect(
      await ctx.stores.appeals.decide(filed.appeal.id, {
        outcome: 'rejected',
        note: null,
        decidedBy: 'cli:op',
        community: null,
      }),
    ).toMatchObject({ decided: false, current: { status: 'upheld' } });
    expect(
      await ctx.stores.appeals.decide(999_999, {
        outcome: 'rejected',
        note: null,
        decidedBy: 'x',
        community: null,
      }),
    ).toEqual({
      decided: false,
      current: null,
      earlier: null,
    });
  });
  it('settles the appeal once when the last two communities decide at the same moment', async () => {
    const owner = Wallet.createRandom().address;
    for (const [reporter, community] of [
      ['telegram:1', 'telegram:-501'],
      ['discord:2', 'discord:502'],
    ] as const) {
      const saved = await ctx.chainwarden.submitReport({
        address: owner,
        category: 'phishing',
        reporter,
        source: reporter.startsWith('discord') ? 'discord' : 'telegram',
        community,
      });
      expect(saved.ok).toBe(true);
    }
    const c = challenge(owner.toLowerCase());
    await ctx.stores.appeals.saveChallenge(c);
    const filed = await ctx.stores.appeals.fileAppeal(appealOf(c));
    if (!filed.filed) throw new Error('not filed');
    const [group, server] = await Promise.all(
      (['telegram:-501', 'discord:502'] as const).map((community) =>
        ctx.stores.appeals.decide(filed.appeal.id, {
          outcome: 'upheld',
          note: null,
          decidedBy: `${community.split(':')[0]}:9`,
          community,
        }),
      ),
    );
    expect([group?.decided, server?.decided]).toEqual([true, true]);
    expect([group, server].map((d) => (d?.decided ? d.appeal.status : null)).sort()).toEqual([
      'pending',
      'upheld',
    ]);
    expect(await ctx.stores.appeals.getAppeal(filed.appeal.id)).toMatchObject({
      status: 'upheld',
      dismissedReports: 2,
    });
    expect(
      await ctx.stores.appeals.decide(filed.appeal.id, {
        outcome: 'rejected',
        note: null,
        decidedBy: 'telegram:9',
        community: 'telegram:-501',
      }),
    ).toMatchObject({ decided: false, current: { status: 'upheld' } });
  });
});
