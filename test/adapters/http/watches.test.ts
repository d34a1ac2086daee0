import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evmAddress, json, type RunningApi, startApi } from './harness.js';

const EVM = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const BTC = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const HOOK = 'https://example.org/chainwarden-hook';

let api: RunningApi;
let key: string;
let otherKey: string;
const call = (path: string, init: RequestInit = {}, withKey = key) =>
  fetch(`${api.url}${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${withKey}` },
  });
const create = (body: unknown, withKey = key) => call('/v1/watches', json(body), withKey);

beforeAll(async () => {
  api = await startApi({
    context: {
      watchOptions: {
        maxPerOwner: 3,
        transferChains: ['evm'],
        selfUrls: () => [api.url, 'https://cw.example.org/telegram/webhook'],
      },
    },
  });
  key = (await api.ctx.stores.apiKeys.create({ name: 'treasury desk' })).key;
  otherKey = (await api.ctx.stores.apiKeys.create({ name: 'someone else' })).key;
});

afterAll(async () => {
  await api?.close();
});

describe('POST /v1/watches', () => {
  it('answers 201 with the watch and its webhook secret, shown once', async () => {
    const response = await create({ address: EVM.toLowerCase(), label: 'treasury', webhookUrl: HOOK });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      address: EVM,
      label: 'treasury',
      webhookUrl: HOOK,
      chain: 'evm',
      transfersUnavailable: null,
    });
    expect(body.id).toMatch(/^w_[0-9a-f]{16}$/);
    expect(body.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(response.headers.get('location')).toBe(`/v1/watches/${body.id}`);
    const list = (await (await call('/v1/watches')).json()) as { watches: Array<Record<string, unknown>> };
    expect(list.watches.map((w) => w.id)).toContain(body.id);
    expect(list.watches.every((w) => !('secret' in w))).toBe(true);
  });

  it('says a Bitcoin watch alerts on reports and lists only when no Bitcoin node is configured', async () => {
    const response = await create({ address: BTC, webhookUrl: HOOK });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { transfersUnavailable: string }).transfersUnavailable).toBe(
      'I will alert on reports and lists only: no node is configured for Bitcoin',
    );
  });

  it('refuses the same address twice for one key with 409 duplicate-watch', async () => {
    const response = await create({ address: EVM, webhookUrl: HOOK });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { code: string; detail: string };
    expect(body.code).toBe('duplicate-watch');
    expect(body.detail).toContain('is already watched here as “treasury”');
  });

  it('lets another key watch the same address, and shows neither key the other one’s watches', async () => {
    const response = await create({ address: EVM, webhookUrl: HOOK }, otherKey);
    expect(response.status).toBe(201);
    const mine = (await (await call('/v1/watches', {}, otherKey)).json()) as { watches: unknown[] };
    expect(mine.watches).toHaveLength(1);
  });

  it.each([
    ['ftp://example.org/hook', 'uses ftp:, not http or https'],
    ['not a url', 'is not a URL'],
    ['https://user:pw@example.org/hook', 'carries a user name or password'],
    ['https://cw.example.org/anything', 'points at this service itself'],
  ])('refuses the webhook %s with 422 saying why', async (webhookUrl, reason) => {
    const response = await create({ address: evmAddress(0x1001), webhookUrl });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; detail: string };
    expect(body.code).toBe('invalid-webhook');
    expect(body.detail).toContain(reason);
  });

  it('refuses a webhook on the service’s own address, even spelled localhost', async () => {
    const port = new URL(api.url).port;
    const response = await create({
      address: evmAddress(0x1002),
      webhookUrl: `http://localhost:${port}/v1/reports`,
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: string }).detail).toContain('points at this service itself');
  });

  it('refuses a bad address with 400 and what a valid one looks like', async () => {
    const response = await create({ address: '0x1234', webhookUrl: HOOK });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; hint: string };
    expect(body.code).toBe('invalid-address');
    expect(body.hint).toContain('0x followed by 40 hex characters');
  });

  it('refuses a watch past the per-key limit with 409 watch-limit', async () => {
    expect((await create({ address: evmAddress(0x2001), webhookUrl: HOOK })).status).toBe(201);
    const response = await create({ address: evmAddress(0x2002), webhookUrl: HOOK });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { code: string; detail: string };
    expect(body.code).toBe('watch-limit');
    expect(body.detail).toContain('3 addresses are watched here already');
  });

  it('needs an API key', async () => {
    const response = await fetch(`${api.url}/v1/watches`, json({ address: EVM, webhookUrl: HOOK }));
    expect(response.status).toBe(401);
  });
});

describe('DELETE /v1/watches/{id} and deliveries', () => {
  it('shows a report against the watched address as a pending delivery, then removes the watch', async () => {
    const created = (await (
      await create({ address: evmAddress(0x3001), webhookUrl: HOOK }, otherKey)
    ).json()) as {
      id: string;
    };
    const report = await call('/v1/reports', json({ address: evmAddress(0x3001), category: 'phishing' }));
    expect(report.status).toBe(201);
    await api.ctx.chainwarden.settled();
    const deliveries = (await (await call(`/v1/watches/${created.id}/deliveries`, {}, otherKey)).json()) as {
      deliveries: Array<Record<string, unknown>>;
    };
    expect(deliveries.deliveries).toHaveLength(1);
    expect(deliveries.deliveries[0]).toMatchObject({
      event: 'reported',
      status: 'pending',
      attempts: 0,
      body: { event: 'reported', data: { category: 'phishing', via: 'api', verified: false } },
    });

    // Another key cannot see or remove it.
    expect((await call(`/v1/watches/${created.id}/deliveries`)).status).toBe(404);
    expect((await call(`/v1/watches/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    const removed = await call(`/v1/watches/${created.id}`, { method: 'DELETE' }, otherKey);
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { address: string }).address).toBe(evmAddress(0x3001));
    expect((await call(`/v1/watches/${created.id}`, { method: 'DELETE' }, otherKey)).status).toBe(404);
  });
});
