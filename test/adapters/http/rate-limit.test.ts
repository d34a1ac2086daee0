/**
 * Requests a minute per client on /v1/*: per client IP, X-Forwarded-For believed only behind a
 * configured number of proxies, and API keys with their own limit. Served on a real port, so the
 * client address is the real TCP peer (127.0.0.1).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpApi,
  type HttpListener,
  type HttpRateLimitOptions,
  listenHttp,
} from '../../../src/adapters/http/index.js';
import { addressKey } from '../../../src/adapters/http/rate-limit.js';
import { createLogger } from '../../../src/logger.js';
import { createTestContext, type TestContext } from '../../support/context.js';

const logger = createLogger('silent');
let ctx: TestContext;
let listener: HttpListener | undefined;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});
afterAll(async () => {
  await ctx?.close();
});

/** The API over the shared test storage; `rateLimit` absent: the API's defaults. */
async function serve(rateLimit?: HttpRateLimitOptions): Promise<string> {
  const app = createHttpApi({
    chainwarden: ctx.chainwarden,
    apiKeys: ctx.stores.apiKeys,
    lists: ctx.stores.lists,
    database: ctx.database,
    logger,
    ...(rateLimit ? { rateLimit } : {}),
  });
  listener = await listenHttp(app, { port: 0, host: '127.0.0.1', logger });
  return listener.url;
}

/** A cheap /v1 request (a bad address: answered 400 without the database). */
const hit = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/addresses/not-an-address`, { headers });

async function hitMany(url: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const statuses: number[] = [];
  // In batches: enough in flight to be quick, few enough to stay polite to a 2-core machine.
  for (let done = 0; done < count; done += 50) {
    const batch = Array.from({ length: Math.min(50, count - done) }, () => hit(url, headers));
    for (const response of await Promise.all(batch)) {
      statuses.push(response.status);
      await response.body?.cancel();
    }
  }
  return statuses;
}

async function expectTooMany(response: Response) {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    status: 429,
    code: 'too-many-requests',
    type: 'urn:chainwarden:problem:too-many-requests',
    title: 'Too many requests',
    retryAfterSeconds: retryAfter,
    requestId: response.headers.get('x-request-id'),
  });
  return body as { detail: string };
}

describe('the per-client limit on /v1/*', () => {
  it('answers the 601st request in a minute from one address with 429 and Retry-After', async () => {
    const url = await serve();
    const statuses = await hitMany(url, 600);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    const body = await expectTooMany(await hit(url));
    expect(body.detail).toContain('600 a minute');
    // Per client, not per route: every /v1 route is refused to it now.
    expect((await fetch(`${url}/v1/lists`)).status).toBe(429);
    // Probes and scrapers are not limited.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });

  it('tells the client its allowance on every counted answer', async () => {
    const url = await serve({ perMinute: 5 });
    const response = await hit(url);
    expect(response.headers.get('ratelimit-limit')).toBe('5');
    expect(response.headers.get('ratelimit-remaining')).toBe('4');
  });

  it('limits nobody when the limit is 0', async () => {
    const url = await serve({ perMinute: 0 });
    expect((await hitMany(url, 20)).every((s) => s === 400)).toBe(true);
  });
});

describe('X-Forwarded-For', () => {
  it('is ignored without TRUST_PROXY: a client cannot escape its limit by inventing addresses', async () => {
    const url = await serve({ perMinute: 5 });
    for (let i = 1; i <= 5; i++) {
      expect((await hit(url, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(400);
    }
    await expectTooMany(await hit(url, { 'x-forwarded-for': '198.51.100.99' }));
  });

  it('with TRUST_PROXY=1, counts the address the proxy appended, whatever the client wrote before it', async () => {
    const url = await serve({ perMinute: 3, trustProxyHops: 1 });
    // What a proxy forwards: the client's own header, then the client's address appended.
    for (let i = 1; i <= 3; i++) {
      const spoofed = { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` };
      expect((await hit(url, spoofed)).status).toBe(400);
    }
    await expectTooMany(await hit(url, { 'x-forwarded-for': '10.9.9.9, 203.0.113.7' }));
    // Another client behind the same proxy (the same TCP peer) has its own allowance.
    expect((await hit(url, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(400);
  });

  it('with TRUST_PROXY=2, counts the entry the outer of the two proxies appended', async () => {
    const url = await serve({ perMinute: 1, trustProxyHops: 2 });
    expect((await hit(url, { 'x-forwarded-for': '1.1.1.1, 203.0.113.20, 10.0.0.2' })).status).toBe(400);
    await expectTooMany(await hit(url, { 'x-forwarded-for': '2.2.2.2, 203.0.113.20, 10.0.0.2' }));
  });

  it('with TRUST_PROXY=2, a request carrying fewer entries is counted by its TCP peer, not by what it wrote', async () => {
    const url = await serve({ perMinute: 1, trustProxyHops: 2 });
    expect((await hit(url, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(400);
    // Another invented address does not buy a new allowance: the peer (this test) is counted.
    await expectTooMany(await hit(url, { 'x-forwarded-for': '198.51.100.2' }));
  });
});

describe('API keys with their own limit', () => {
  it('count requests against the key, at the key’s limit, apart from the address', async () => {
    const url = await serve({ perMinute: 5 });
    const own = await ctx.stores.apiKeys.create({ name: 'partner', rateLimitPerMinute: 8 });
    const withKey = { authorization: `Bearer ${own.key}` };
    const statuses = await hitMany(url, 8, withKey);
    expect(statuses.every((s) => s === 400)).toBe(true);
    const body = await expectTooMany(await hit(url, withKey));
    expect(body.detail).toContain('this API key may make 8 a minute');
    // The address's own allowance was not used by the key's requests.
    expect((await hitMany(url, 5)).every((s) => s === 400)).toBe(true);
    await expectTooMany(await hit(url));
  });

  it('a key without its own limit, or an unknown key, counts against the address', async () => {
    const url = await serve({ perMinute: 3 });
    const plain = await ctx.stores.apiKeys.create('plain');
    expect((await hit(url, { authorization: `Bearer ${plain.key}` })).status).toBe(400);
    expect((await hit(url, { authorization: 'Bearer cw_nope_nope' })).status).toBe(400);
    expect((await hit(url)).status).toBe(400);
    await expectTooMany(await hit(url, { authorization: `Bearer ${plain.key}` }));
  });

  it('an address past its limit is refused before any key it sends is looked up, even a key with its own limit', async () => {
    const url = await serve({ perMinute: 2 });
    const own = await ctx.stores.apiKeys.create({
      name: 'partner-behind-spent-address',
      rateLimitPerMinute: 50,
    });
    expect(await hitMany(url, 2)).toEqual([400, 400]);
    const body = await expectTooMany(await hit(url, { authorization: `Bearer ${own.key}` }));
    expect(body.detail).toContain('your address may make 2 a minute');
  });

  it('a key with limit 0 is not limited', async () => {
    const url = await serve({ perMinute: 2 });
    const internal = await ctx.stores.apiKeys.create({ name: 'internal', rateLimitPerMinute: 0 });
    const statuses = await hitMany(url, 10, { authorization: `Bearer ${internal.key}` });
    expect(statuses.every((s) => s === 400)).toBe(true);
  });

  it('a revoked key stops counting as the key: its requests fall back to the address', async () => {
    const url = await serve({ perMinute: 1 });
    const key = await ctx.stores.apiKeys.create({ name: 'revoked', rateLimitPerMinute: 100 });
    await ctx.stores.apiKeys.revoke(key.id);
    expect((await hit(url, { authorization: `Bearer ${key.key}` })).status).toBe(400);
    await expectTooMany(await hit(url, { authorization: `Bearer ${key.key}` }));
  });
});

describe('memory', () => {
  it('holds at most maxClients counters, forgetting the least recently seen', async () => {
    const url = await serve({ perMinute: 1, trustProxyHops: 1, maxClients: 2 });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    expect((await hit(url, from('203.0.113.1'))).status).toBe(400);
    await expectTooMany(await hit(url, from('203.0.113.1')));
    expect((await hit(url, from('203.0.113.2'))).status).toBe(400);
    expect((await hit(url, from('203.0.113.3'))).status).toBe(400);
    // 203.0.113.1 was pushed out by two newer clients: its count starts again.
    expect((await hit(url, from('203.0.113.1'))).status).toBe(400);
  });
});

describe('addressKey', () => {
  it('counts an IPv6 client per /64, and an IPv4-mapped address as IPv4', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
  });
});
