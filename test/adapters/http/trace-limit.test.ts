/**
 * Traces have a per-client limit of their own on the HTTP API (on top of the requests a minute):
 * HTTP_TRACES_PER_MINUTE started a minute and a few running at once, per API key when the request
 * carries a valid one, else per client address. Served on a real port (the client is 127.0.0.1);
 * Tron traces read a local TronGrid-shaped server that answers at once, Bitcoin traces an Esplora
 * address that never answers (a trace then runs until its per-call timeouts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRateLimitOptions } from '../../../src/adapters/http/index.js';
import { createChainHistory } from '../../../src/chain/index.js';
import {
  type FakeJsonApi,
  type HangingServer,
  startFakeJsonApi,
  startHangingServer,
} from '../../chain/servers.js';
import { type RunningApi, startApi } from './harness.js';

const TRON = 'TLCuBEirVzB6V4menLZKw1jfBTFMZbuKq7';
const BITCOIN = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';

let trongrid: FakeJsonApi;
let esplora: HangingServer;
let api: RunningApi | undefined;

beforeAll(async () => {
  trongrid = await startFakeJsonApi((method, path) => {
    if (method === 'POST' && path === '/wallet/getnowblock') {
      return { blockID: '00', block_header: { raw_data: { number: 60_000_100, timestamp: 0 } } };
    }
    if (/^\/v1\/accounts\/[^/]+\/transactions(\/trc20)?$/.test(path)) {
      return { data: [], success: true, meta: { at: 1_700_000_000_000, page_size: 0 } };
    }
    return null;
  });
  esplora = await startHangingServer();
});
afterEach(async () => {
  await api?.close();
  api = undefined;
});
afterAll(async () => {
  await trongrid?.close();
  await esplora?.close();
});

async function serve(rateLimit: HttpRateLimitOptions): Promise<string> {
  const history = createChainHistory({
    evmRpcUrls: {},
    esploraUrl: `${esplora.url}/api/`,
    trongridUrl: trongrid.url,
    timeoutMs: 700,
  });
  api = await startApi({ context: { history }, rateLimit });
  return api.url;
}

const trace = (url: string, address: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/addresses/${address}/exposure?hops=1`, { headers });

async function status(response: Promise<Response>): Promise<number> {
  const answered = await response;
  await answered.body?.cancel();
  return answered.status;
}

async function expectTooManyTraces(response: Response, maxRetryAfter: number) {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  const body = (await response.json()) as { detail: string };
  expect(body).toMatchObject({
    status: 429,
    code: 'too-many-traces',
    type: 'urn:chainwarden:problem:too-many-traces',
    title: 'Too many traces',
    retryAfterSeconds: retryAfter,
  });
  return body;
}

describe('trace limit on GET /v1/addresses/{address}/exposure', () => {
  it('refuses an address’s third trace in a minute with 429 and Retry-After; checks and bad input are not counted', async () => {
    const url = await serve({ perMinute: 600, tracesPerMinute: 2, tracesAtOnce: 0 });
    // A malformed request is answered 400 and costs nothing of the allowance.
    expect(await status(trace(url, 'not-an-address'))).toBe(400);
    expect(await status(trace(url, TRON))).toBe(200);
    expect(await status(trace(url, TRON))).toBe(200);
    const body = await expectTooManyTraces(await trace(url, TRON), 60);
    expect(body.detail).toContain('your address may start 2 a minute');
    // The ordinary check is not a trace: still answered.
    expect(await status(fetch(`${url}/v1/addresses/${TRON}`))).toBe(200);
  });

  it('counts an API key’s traces against the key, not the address it calls from', async () => {
    const url = await serve({ perMinute: 600, tracesPerMinute: 1, tracesAtOnce: 0 });
    const key = await api!.ctx.stores.apiKeys.create('trace-partner');
    const withKey = { authorization: `Bearer ${key.key}` };
    expect(await status(trace(url, TRON))).toBe(200);
    await expectTooManyTraces(await trace(url, TRON), 60);
    expect(await status(trace(url, TRON, withKey))).toBe(200);
    const body = await expectTooManyTraces(await trace(url, TRON, withKey), 60);
    expect(body.detail).toContain('this API key may start 1 a minute');
  });

  it('refuses a trace while the client’s others are still running, and accepts one once they answered', async () => {
    const url = await serve({ perMinute: 600, tracesPerMinute: 0, tracesAtOnce: 1 });
    const running = fetch(`${url}/v1/addresses/${BITCOIN}/exposure?hops=1`);
    // Until the first trace has reached the (never answering) Esplora server, it is not surely running.
    const until = Date.now() + 5000;
    while (esplora.connections() === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const body = await expectTooManyTraces(await trace(url, TRON), 5);
    expect(body.detail).toContain('your address may have 1 running at once');
    const first = await running;
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ complete: false, incomplete: ['node-unavailable'] });
    expect(await status(trace(url, TRON))).toBe(200);
  });
});

describe('trace limit on the web page’s trace', () => {
  it('shares the allowance with the API: the page says why and when to try again, with 429 and Retry-After', async () => {
    const url = await serve({ perMinute: 600, tracesPerMinute: 2, tracesAtOnce: 0 });
    expect(await status(trace(url, TRON))).toBe(200);
    const page = await fetch(`${url}/a/${TRON}/trace?hops=1`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(TRON);
    const refused = await fetch(`${url}/a/${TRON}/trace?hops=1`, { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const html = await refused.text();
    expect(html).toContain('Too many traces');
    expect(html).toContain('your address may start 2 a minute');
    // The API's allowance is the same one: spent by the page.
    await expectTooManyTraces(await trace(url, TRON), 60);
  });
});
