/**
 * Appeals over HTTP, end to end on real storage: an owner asks for a challenge, signs it with the
 * address's own key, files an appeal; a moderator with an admin key upholds it.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tronAddressOf, tronMessageHash } from '../../../src/chain/ownership/account.js';
import { batchesOf, listEntry } from '../../fixtures/builders.js';
import { json, type RunningApi, startApi } from './harness.js';

let api: RunningApi;
let clock = new Date('2026-11-30T12:00:00Z');
let adminKey: string;
let reportKey: string;

const post = (path: string, body: unknown, headers?: Record<string, string>) =>
  fetch(`${api.url}${path}`, json(body, headers));
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

interface Challenge {
  message: string;
  expiresAt: string;
  address: string;
  chain: string;
  howToSign: string;
}

async function challengeFor(address: string): Promise<Challenge> {
  const response = await post(`/v1/addresses/${encodeURIComponent(address)}/appeals/challenge`, {});
  expect(response.status).toBe(201);
  return (await response.json()) as Challenge;
}

async function summaryOf(address: string) {
  const response = await fetch(`${api.url}/v1/addresses/${encodeURIComponent(address)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    level: string;
    reasons: Array<{ code: string; text: string }>;
    reports: { total: number };
  };
}

async function report(address: string, reporter: string, community = 'telegram:-100') {
  const saved = await api.ctx.chainwarden.submitReport({
    address,
    category: 'phishing',
    reporter,
    source: 'telegram',
    community,
  });
  expect(saved.ok).toBe(true);
}

beforeAll(async () => {
  api = await startApi({ context: { now: () => clock } });
  adminKey = (await api.ctx.stores.apiKeys.create({ name: 'moderators', scope: 'admin' })).key;
  reportKey = (await api.ctx.stores.apiKeys.create({ name: 'desk' })).key;
});
afterAll(async () => {
  await api?.close();
});

describe('appeal of an address with only community reports', () => {
  const owner = Wallet.createRandom();
  const stranger = Wallet.createRandom();
  let challenge: Challenge;
  let appealId: number;

  it('gives a one-hour challenge naming Chainwarden, the address, a nonce and the expiry', async () => {
    await report(owner.address, 'telegram:1');
    await report(owner.address, 'telegram:2');
    expect((await summaryOf(owner.address)).level).toBe('medium');

    challenge = await challengeFor(owner.address.toLowerCase());
    expect(challenge.address).toBe(owner.address);
    expect(challenge.expiresAt).toBe('2026-11-30T13:00:00.000Z');
    expect(challenge.message).toMatch(
      new RegExp(
        `^Chainwarden appeal: I control ${owner.address} .*Nonce [0-9a-f]{20}\\. Expires 2026-11-30T13:00:00\\.000Z\\.$`,
      ),
    );
    expect(challenge.howToSign).toMatch(/Sign message/);
  });

  it('refuses a signature by another wallet with 422, and files nothing', async () => {
    const response = await post(`/v1/addresses/${owner.address}/appeals`, {
      message: challenge.message,
      signature: await stranger.signMessage(challenge.message),
      statement: 'These reports are wrong.',
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; detail: string };
    expect(body.code).toBe('signature-mismatch');
    expect(body.detail).toContain(stranger.address);
    expect(await api.ctx.chainwarden.appeals.list()).toEqual([]);
  });

  it('files the appeal signed by the address’s key: 201 pending', async () => {
    const response = await post(`/v1/addresses/${owner.address}/appeals`, {
      message: challenge.message,
      signature: await owner.signMessage(challenge.message),
      statement: 'This is my salary wallet; the "airdrop" was a scammer impersonating me.',
      contact: 'owner@example.org',
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'pending', address: owner.address, method: 'eip191' });
    expect(body).not.toHaveProperty('contact');
    appealId = body.id as number;
  });

  it('refuses to file the same challenge twice', async () => {
    const response = await post(`/v1/addresses/${owner.address}/appeals`, {
      message: challenge.message,
      signature: await owner.signMessage(challenge.message),
      statement: 'Again.',
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      code: 'challenge-used',
      detail: expect.stringContaining('each challenge files one appeal'),
    });
  });

  it('shows the pending appeal in the summary, without changing the level', async () => {
    const summary = await summaryOf(owner.address);
    expect(summary.level).toBe('medium');
    const reason = summary.reasons.find((r) => r.code === 'appeal-pending');
    expect(reason?.text).toMatch(
      /^The owner proved control of this address on \d{4}-\d\d-\d\d and disputes the reports/,
    );
  });

  it('lets only admin-scoped keys decide', async () => {
    const denied = await post(`/v1/appeals/${appealId}/decision`, { outcome: 'upheld' }, bearer(reportKey));
    expect(denied.status).toBe(403);
    const anonymous = await post(`/v1/appeals/${appealId}/decision`, { outcome: 'upheld' });
    expect(anonymous.status).toBe(401);
  });

  it('upheld: the community reports stop counting and the level is none', async () => {
    const response = await post(
      `/v1/appeals/${appealId}/decision`,
      { outcome: 'upheld', note: 'Owner verified; reports were a brigade.' },
      bearer(adminKey),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'upheld', dismissedReports: 2, delist: [] });
    const summary = await summaryOf(owner.address);
    expect(summary.level).toBe('none');
    expect(summary.reports.total).toBe(0);
    expect(summary.reasons.map((r) => r.code)).toContain('appeal-upheld');
    expect(summary.reasons.map((r) => r.code)).not.toContain('appeal-pending');

    const again = await post(`/v1/appeals/${appealId}/decision`, { outcome: 'rejected' }, bearer(adminKey));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'appeal-decided' });
  });

  it('counts a report filed after the decision', async () => {
    await report(owner.address, 'telegram:3');
    expect((await summaryOf(owner.address)).reports.total).toBe(1);
  });
});

describe('appeals in the review queue over HTTP', () => {
  it('GET /v1/reviews lists the appeal with the reports it disputes; POST /v1/reviews/appeal-N upholds it; the history says so', async () => {
    const owner = Wallet.createRandom();
    await report(owner.address, 'telegram:21');
    const challenge = await challengeFor(owner.address);
    const filed = await post(`/v1/addresses/${owner.address}/appeals`, {
      message: challenge.message,
      signature: await owner.signMessage(challenge.message),
      statement: 'Mine.',
    });
    const { id } = (await filed.json()) as { id: number };

    const listed = await fetch(`${api.url}/v1/reviews?community=telegram:-100`, {
      headers: bearer(adminKey),
    });
    expect(listed.status).toBe(200);
    const { reviews } = (await listed.json()) as { reviews: Array<Record<string, unknown>> };
    const item = reviews.find((r) => r.id === `appeal-${id}`);
    expect(item).toMatchObject({
      kind: 'appeal',
      appealId: id,
      address: owner.address,
      statement: 'Mine.',
      method: 'eip191',
      source: 'api',
      disputes: [
        { category: 'phishing', status: 'active', platform: 'telegram', community: 'telegram:-100' },
      ],
    });
    expect(String(item?.verifiedAt)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(item)).not.toContain('telegram:21');

    const decided = await post(
      `/v1/reviews/appeal-${id}`,
      { decision: 'approve', note: 'ok' },
      bearer(adminKey),
    );
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({
      decision: 'approve',
      item: { kind: 'appeal', id: `appeal-${id}` },
      appeal: { dismissedReports: 1, delist: [] },
    });
    expect((await summaryOf(owner.address)).level).toBe('none');
    const again = await post(`/v1/reviews/appeal-${id}`, { decision: 'reject' }, bearer(adminKey));
    expect(again.status).toBe(409);

    const history = await fetch(`${api.url}/v1/addresses/${owner.address}/history`);
    const { events } = (await history.json()) as { events: Array<Record<string, unknown>> };
    expect(events.map((e) => [e.event, e.actorPlatform])).toEqual([
      ['reported', 'telegram'],
      ['appeal-filed', 'api'],
      ['appeal-upheld', 'api'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/telegram:21|api:/);
  });
});

describe('one community’s decision over HTTP', () => {
  it('GET /v1/reviews?community= drops the appeal from the deciding community’s queue only; the summary still says pending', async () => {
    const owner = Wallet.createRandom();
    await report(owner.address, 'telegram:31', 'telegram:-100');
    await report(owner.address, 'telegram:32', 'telegram:-200');
    const challenge = await challengeFor(owner.address);
    const filed = await post(`/v1/addresses/${owner.address}/appeals`, {
      message: challenge.message,
      signature: await owner.signMessage(challenge.message),
      statement: 'Mine.',
    });
    const { id } = (await filed.json()) as { id: number };
    const decided = await api.ctx.chainwarden.review.decideReview({
      id: `appeal-${id}`,
      decision: 'approve',
      reviewer: 'telegram:33',
      community: 'telegram:-100',
    });
    expect(decided.ok).toBe(true);
    const queued = async (community: string) => {
      const listed = await fetch(`${api.url}/v1/reviews?community=${community}`, {
        headers: bearer(adminKey),
      });
      const { reviews } = (await listed.json()) as { reviews: Array<{ id: string }> };
      return reviews.map((r) => r.id).includes(`appeal-${id}`);
    };
    expect(await queued('telegram:-100')).toBe(false);
    expect(await queued('telegram:-200')).toBe(true);
    const summary = await summaryOf(owner.address);
    expect(summary.reports.total).toBe(1);
    expect(summary.reasons.map((r) => r.code)).toContain('appeal-pending');
    expect(summary.reasons.map((r) => r.code)).not.toContain('appeal-upheld');
    const appeal = await fetch(`${api.url}/v1/appeals?status=pending`, { headers: bearer(adminKey) });
    const { appeals } = (await appeal.json()) as { appeals: Array<{ id: number; status: string }> };
    expect(appeals.find((a) => a.id === id)?.status).toBe('pending');
  });
});

describe('appeal of a sanctioned address', () => {
  const owner = Wallet.createRandom();
  const address = tronAddressOf(owner.address);

  it('stays severe after an upheld appeal, and the decision says OFAC must delist it', async () => {
    await api.ctx.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2026-11-01' },
      batchesOf([listEntry(address, { chain: 'tron', display: address, entity: 'TEST ENTITY' })]),
    );
    await report(address, 'telegram:9');
    const challenge = await challengeFor(address);
    const filed = await post(`/v1/addresses/${address}/appeals`, {
      message: challenge.message,
      signature: owner.signingKey.sign(tronMessageHash(challenge.message)).serialized,
      statement: 'Not mine to explain, but I control it.',
    });
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: number };

    const decided = await post(`/v1/appeals/${id}/decision`, { outcome: 'upheld' }, bearer(adminKey));
    expect(decided.status).toBe(200);
    const body = (await decided.json()) as {
      delist: Array<{ source: string; publisher: string; text: string }>;
    };
    expect(body.delist).toEqual([
      expect.objectContaining({ source: 'ofac-sdn', kind: 'sanctions', publisher: 'OFAC (US Treasury)' }),
    ]);
    expect(body.delist[0]?.text).toMatch(/only its publisher can delist the address/);

    const summary = await summaryOf(address);
    expect(summary.level).toBe('severe');
    const upheld = summary.reasons.find((r) => r.code === 'appeal-upheld');
    expect(upheld?.text).toContain('only OFAC (US Treasury) can delist it');
  });
});

describe('challenges', () => {
  it('expire after an hour', async () => {
    const owner = Wallet.createRandom();
    await report(owner.address, 'telegram:4');
    const challenge = await challengeFor(owner.address);
    clock = new Date(clock.getTime() + 61 * 60_000);
    const response = await post(`/v1/addresses/${owner.address}/appeals`, {
      message: challenge.message,
      signature: await owner.signMessage(challenge.message),
      statement: 'Late.',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'challenge-expired' });
  });

  it('belong to one address: a challenge for another address is refused', async () => {
    const owner = Wallet.createRandom();
    const other = Wallet.createRandom();
    const challenge = await challengeFor(other.address);
    const response = await post(`/v1/addresses/${owner.address}/appeals`, {
      message: challenge.message,
      signature: await owner.signMessage(challenge.message),
      statement: 'Trying.',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'challenge-not-found' });
  });

  it('are refused for a chain without wallet signatures, with 400', async () => {
    const response = await post('/v1/addresses/LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9/appeals/challenge', {});
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'unsupported-chain' });
  });

  it('refuse an empty statement with 422', async () => {
    const owner = Wallet.createRandom();
    const challenge = await challengeFor(owner.address);
    const response = await post(`/v1/addresses/${owner.address}/appeals`, {
      message: challenge.message,
      signature: await owner.signMessage(challenge.message),
      statement: '   ',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'invalid-statement' });
  });
});
