/**
 * The review queue on real storage, as moderators and the operator see it: owners' appeals wait
 * beside held reports, a community's moderators see and decide only appeals against reports filed
 * in their community (and dismiss only those), sanctions lists are never changed by an appeal, an
 * approved report alerts the watches a held one did not, and the address history records it all
 * without a user id.
 */
import { type HDNodeWallet, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppealReviewItem, ReviewItem } from '../../../src/core/index.js';
import { batchesOf, listEntry } from '../../fixtures/builders.js';
import { createTestContext, type TestContext } from '../../support/context.js';

let ctx: TestContext;
const clock = new Date('2026-11-30T12:00:00Z');
const GROUP = 'telegram:-1001';
const SERVER = 'discord:80351110224678912';
const ELSEWHERE = 'telegram:-1009';

beforeAll(async () => {
  ctx = await createTestContext({ now: () => clock });
});
afterAll(async () => {
  await ctx?.close();
});

async function report(address: string, reporter: string, community: string | null, extra = {}) {
  const saved = await ctx.chainwarden.submitReport({
    address,
    category: 'phishing',
    reporter,
    source: reporter.startsWith('discord') ? 'discord' : 'telegram',
    community,
    ...extra,
  });
  if (!saved.ok) throw new Error(saved.error.reason);
  return saved.value.report;
}

/** The owner proves control with their wallet and files an appeal. */
async function appeal(owner: HDNodeWallet, statement = 'My wallet; the reports are a mistake.') {
  const challenge = await ctx.chainwarden.appeals.challenge({ address: owner.address });
  if (!challenge.ok) throw new Error(challenge.error.reason);
  const filed = await ctx.chainwarden.appeals.submit({
    address: owner.address,
    message: challenge.value.message,
    signature: await owner.signMessage(challenge.value.message),
    statement,
    source: 'api',
    submittedBy: 'api:owner-key',
  });
  if (!filed.ok) throw new Error(filed.error.reason);
  return filed.value;
}

const appealsIn = (items: ReviewItem[]) =>
  items.filter((item): item is AppealReviewItem => item.kind === 'appeal');
const statusesOf = async (address: string) => {
  const reports = await ctx.chainwarden.listReports(address, 20);
  if (!reports.ok) throw new Error(reports.error.reason);
  return Object.fromEntries(reports.value.map((r) => [r.reporter, r.status]));
};

describe('appeals in the review queue', () => {
  const owner = Wallet.createRandom();
  let appealId: number;

  it('lists an appeal in the queue of each community whose reports it disputes, with those reports only', async () => {
    await report(owner.address, 'telegram:1', GROUP);
    await report(owner.address, 'telegram:2', GROUP);
    await report(owner.address, 'discord:3', SERVER);
    const filed = await appeal(owner);
    appealId = filed.id;

    const [group] = appealsIn(await ctx.chainwarden.review.listReviews({ community: GROUP }));
    expect(group).toMatchObject({
      kind: 'appeal',
      id: `appeal-${appealId}`,
      address: owner.address,
      statement: 'My wallet; the reports are a mistake.',
      method: 'eip191',
      verifiedAt: filed.createdAt,
    });
    expect(group?.disputes.map((d) => [d.platform, d.community, d.status])).toEqual([
      ['telegram', GROUP, 'active'],
      ['telegram', GROUP, 'active'],
    ]);
    expect(JSON.stringify(group)).not.toMatch(/telegram:1|telegram:2|owner-key/);

    const all = appealsIn(await ctx.chainwarden.review.listReviews({ community: null }));
    expect(all.find((item) => item.appealId === appealId)?.disputes).toHaveLength(3);
    expect(appealsIn(await ctx.chainwarden.review.listReviews({ community: ELSEWHERE }))).toEqual([]);
  });

  it('lets no other community’s moderator decide it', async () => {
    const result = await ctx.chainwarden.review.decideReview({
      id: `appeal-${appealId}`,
      decision: 'approve',
      reviewer: 'telegram:666',
      community: ELSEWHERE,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'review-not-found' } });
    expect((await ctx.chainwarden.appeals.get(appealId))?.status).toBe('pending');
  });

  it('upheld by a group’s admin: that group’s reports are dismissed, the server’s still count, and the appeal still waits for the server', async () => {
    const result = await ctx.chainwarden.review.decideReview({
      id: `appeal-${appealId}`,
      decision: 'approve',
      note: 'the owner explained it',
      reviewer: 'telegram:42',
      community: GROUP,
    });
    expect(result).toMatchObject({
      ok: true,
      value: { decision: 'approve', appeal: { dismissedReports: 2, delist: [] } },
    });
    expect(await statusesOf(owner.address)).toEqual({
      'telegram:1': 'dismissed',
      'telegram:2': 'dismissed',
      'discord:3': 'active',
    });
    // One community's decision is not the appeal's: it waits for the server's moderators.
    expect(await ctx.chainwarden.appeals.get(appealId)).toMatchObject({ status: 'pending', decidedBy: null });
    for (const community of [GROUP, SERVER, null]) {
      const summary = await ctx.chainwarden.screenAddress(owner.address, { community });
      if (!summary.ok) throw new Error('screen failed');
      const codes = summary.value.reasons.map((r) => r.code);
      expect(codes).toContain('appeal-pending');
      expect(codes).not.toContain('appeal-upheld');
      expect(summary.value.reasons.find((r) => r.code === 'appeal-pending')?.text).toContain(
        '1 community decided for the reports filed there, waiting for the others',
      );
      expect(summary.value.reports.total).toBe(1);
    }
    expect(appealsIn(await ctx.chainwarden.review.listReviews({ community: GROUP }))).toEqual([]);
    const [server] = appealsIn(await ctx.chainwarden.review.listReviews({ community: SERVER }));
    expect(server?.disputes.map((d) => [d.platform, d.status])).toEqual([['discord', 'active']]);
    const again = await ctx.chainwarden.review.decideReview({
      id: `appeal-${appealId}`,
      decision: 'reject',
      reviewer: 'telegram:43',
      community: GROUP,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'already-decided', status: 'upheld' } });
    expect((await statusesOf(owner.address))['telegram:1']).toBe('dismissed');
  });

  it('rejected by the server’s admin, the last community to decide: the appeal is rejected and no summary says upheld', async () => {
    const result = await ctx.chainwarden.review.decideReview({
      id: `appeal-${appealId}`,
      decision: 'reject',
      reviewer: 'discord:7',
      community: SERVER,
    });
    expect(result).toMatchObject({
      ok: true,
      value: { decision: 'reject', appeal: { dismissedReports: 0 } },
    });
    expect(await ctx.chainwarden.appeals.get(appealId)).toMatchObject({
      status: 'rejected',
      dismissedReports: 2,
    });
    expect((await statusesOf(owner.address))['discord:3']).toBe('active');
    const summary = await ctx.chainwarden.screenAddress(owner.address, { community: SERVER });
    if (!summary.ok) throw new Error('screen failed');
    const codes = summary.value.reasons.map((r) => r.code);
    expect(codes).not.toContain('appeal-upheld');
    expect(codes).not.toContain('appeal-pending');
    expect(summary.value.reports.total).toBe(1);
    const again = await ctx.chainwarden.review.decideReview({
      id: `appeal-${appealId}`,
      decision: 'approve',
      reviewer: 'cli:op',
      community: null,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'already-decided', status: 'rejected' } });
    expect(appealsIn(await ctx.chainwarden.review.listReviews({ community: null }))).toEqual([]);
  });

  it('upheld by the operator after one community’s decision: every community’s reports are dismissed and every summary says upheld', async () => {
    const other = Wallet.createRandom();
    await report(other.address, 'telegram:11', GROUP);
    await report(other.address, 'discord:12', SERVER);
    const filed = await appeal(other);
    const rejected = await ctx.chainwarden.review.decideReview({
      id: `appeal-${filed.id}`,
      decision: 'reject',
      reviewer: 'telegram:42',
      community: GROUP,
    });
    expect(rejected.ok).toBe(true);
    expect((await ctx.chainwarden.appeals.get(filed.id))?.status).toBe('pending');
    const upheld = await ctx.chainwarden.appeals.decide({
      id: filed.id,
      outcome: 'uphold',
      decidedBy: 'cli:op',
    });
    expect(upheld).toMatchObject({ ok: true, value: { appeal: { status: 'upheld', dismissedReports: 2 } } });
    expect(Object.values(await statusesOf(other.address))).toEqual(['dismissed', 'dismissed']);
    const summary = await ctx.chainwarden.screenAddress(other.address, { community: GROUP });
    expect(summary.ok && summary.value.reasons.map((r) => r.code)).toContain('appeal-upheld');
    expect(summary.ok && summary.value.reports.total).toBe(0);
  });

  it('records the filing and the decision in the history by platform, never by user id', async () => {
    const history = await ctx.chainwarden.addressHistory(owner.address);
    if (!history.ok) throw new Error(history.error.reason);
    expect(history.value.map((e) => [e.event, e.actorPlatform])).toEqual([
      ['reported', 'telegram'],
      ['reported', 'telegram'],
      ['reported', 'discord'],
      ['appeal-filed', 'api'],
      ['appeal-upheld', 'telegram'],
      ['appeal-rejected', 'discord'],
    ]);
    expect(history.value.at(-2)?.note).toBe('the owner explained it');
    expect(JSON.stringify(history.value)).not.toMatch(/telegram:42|owner-key|telegram:1\b/);
  });

  it('keeps a dismissed report dismissed when its reporter reports the address again', async () => {
    const again = await report(owner.address, 'telegram:1', GROUP, { note: 'still a scam' });
    expect(again.status).toBe('dismissed');
    expect((await statusesOf(owner.address))['telegram:1']).toBe('dismissed');
    const summary = await ctx.chainwarden.screenAddress(owner.address, { community: GROUP });
    expect(summary.ok && summary.value.reports.total).toBe(1);
  });

  it('rejected from the operator’s queue: every report stands', async () => {
    const other = Wallet.createRandom();
    await report(other.address, 'telegram:5', GROUP);
    const filed = await appeal(other);
    const result = await ctx.chainwarden.review.decideReview({
      id: `appeal-${filed.id}`,
      decision: 'reject',
      reviewer: 'cli:op',
      community: null,
    });
    expect(result).toMatchObject({ ok: true, value: { appeal: { dismissedReports: 0 } } });
    expect(await statusesOf(other.address)).toEqual({ 'telegram:5': 'active' });
    const history = await ctx.chainwarden.addressHistory(other.address);
    expect(history.ok && history.value.map((e) => e.event)).toEqual([
      'reported',
      'appeal-filed',
      'appeal-rejected',
    ]);
  });

  it('never changes a sanctions list: the decision names its publisher and the address stays severe', async () => {
    const sanctioned = Wallet.createRandom();
    await ctx.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2026-11-30' },
      batchesOf([listEntry(sanctioned.address.toLowerCase(), { entity: 'SOME MIXER', program: 'CYBER2' })]),
    );
    await report(sanctioned.address, 'telegram:6', GROUP);
    const filed = await appeal(sanctioned);
    const result = await ctx.chainwarden.review.decideReview({
      id: `appeal-${filed.id}`,
      decision: 'approve',
      reviewer: 'cli:op',
      community: null,
    });
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.value.appeal?.delist.map((d) => [d.source, d.publisher])).toEqual([
      ['ofac-sdn', 'OFAC (US Treasury)'],
    ]);
    const summary = await ctx.chainwarden.screenAddress(sanctioned.address);
    expect(summary.ok && summary.value.level).toBe('severe');
    expect(summary.ok && summary.value.reasons.map((r) => r.code)).toContain('appeal-upheld');
  });

  it('refuses an id that is neither a report nor an appeal, saying what one looks like', async () => {
    const result = await ctx.chainwarden.review.decideReview({
      id: 'appeal-x',
      decision: 'approve',
      reviewer: 'cli:op',
      community: null,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-review-id', hint: 'a review id as listed, e.g. report-42 or appeal-7' },
    });
  });
});

describe('held reports and watches', () => {
  const address = '0x00000000000000000000000000000000000a11e7';

  it('a held report alerts no watch; its approval does, once', async () => {
    const watched = await ctx.chainwarden.watching.addWatch({
      address,
      owner: 'api:watcher',
      destination: { kind: 'webhook', url: 'https://example.org/hook' },
      createdBy: 'api:watcher',
      community: null,
    });
    if (!watched.ok) throw new Error(watched.error.reason);
    const events = async () => {
      await ctx.chainwarden.settled();
      const deliveries = await ctx.chainwarden.watching.deliveries('api:watcher', watched.value.watch.id);
      if (!deliveries.ok) throw new Error(deliveries.error.reason);
      return deliveries.value.map((d) => d.event);
    };
    const held = await report(address, 'discord:7', SERVER, {
      reporterFacts: { accountCreatedAt: new Date('2026-11-29T00:00:00Z') },
    });
    expect(held).toMatchObject({ status: 'review', heldFor: 'new-account' });
    expect(await events()).toEqual([]);

    const approved = await ctx.chainwarden.review.decideReview({
      id: `report-${held.id}`,
      decision: 'approve',
      reviewer: 'discord:99',
      community: SERVER,
    });
    expect(approved.ok).toBe(true);
    expect(await events()).toEqual([
      { kind: 'reported', category: 'phishing', via: 'discord', verified: true },
    ]);
  });

  it('a rejected report stays rejected when its reporter reports the address again', async () => {
    const held = await report(address, 'discord:8', SERVER, {
      reporterFacts: { accountCreatedAt: new Date('2026-11-29T00:00:00Z') },
    });
    const rejected = await ctx.chainwarden.review.decideReview({
      id: `report-${held.id}`,
      decision: 'reject',
      reviewer: 'discord:99',
      community: SERVER,
    });
    expect(rejected.ok).toBe(true);
    const again = await report(address, 'discord:8', SERVER, { note: 'really, it is a scam' });
    expect(again).toMatchObject({ id: held.id, status: 'rejected' });
    expect((await statusesOf(address))['discord:8']).toBe('rejected');
  });
});

describe('address history', () => {
  it('reads the newest events when there are more than asked for, oldest of them first', async () => {
    const address = '0x0000000000000000000000000000000000051515';
    for (let n = 1; n <= 5; n++)
      await report(address, `telegram:${600 + n}`, GROUP, { category: n === 5 ? 'rug-pull' : 'phishing' });
    const held = await report(address, 'discord:606', SERVER, {
      reporterFacts: { accountCreatedAt: new Date('2026-11-29T00:00:00Z') },
    });
    await ctx.chainwarden.review.decideReview({
      id: `report-${held.id}`,
      decision: 'reject',
      reviewer: 'discord:99',
      community: SERVER,
    });
    const history = await ctx.chainwarden.addressHistory(address, 3);
    if (!history.ok) throw new Error(history.error.reason);
    expect(history.value.map((e) => [e.event, e.actorPlatform, e.category])).toEqual([
      ['reported', 'telegram', 'rug-pull'],
      ['reported', 'discord', 'phishing'],
      ['rejected', 'discord', 'phishing'],
    ]);
  });
});
