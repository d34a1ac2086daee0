import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireApiKey, requireScope } from '../../../src/adapters/http/auth.js';
import { recordImport, registerListSizes } from '../../../src/adapters/http/index.js';
import { parseAddress } from '../../../src/core/index.js';
import { listEntry } from '../../fixtures/builders.js';
import { evmAddress, json, type RunningApi, startApi } from './harness.js';

const TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const EVM = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const PROBLEM = 'application/problem+json';

let api: RunningApi;
const get = (path: string, init?: RequestInit) => fetch(`${api.url}${path}`, init);
const post = (path: string, body: unknown, headers?: Record<string, string>) =>
  fetch(`${api.url}${path}`, json(body, headers));
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain(PROBLEM);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:chainwarden:problem:${code}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  return body as { detail: string; requestId: string; [key: string]: unknown };
}

beforeAll(async () => {
  api = await startApi({
    context: { limits: { perReporter: 3, windowSeconds: 3600 } },
    mount: (app) => {
      // A route the caller mounts, like the Telegram webhook; this one fails the way a bug would.
      app.post('/hooks/broken', () => {
        throw new Error('database password is hunter2');
      });
    },
  });
  // A route needing the admin scope, guarded by the same two middlewares the review routes use;
  // added before the first request, so the router is not built yet.
  api.app.get('/hooks/admin-only', requireApiKey(api.ctx.stores.apiKeys), requireScope('admin'), (c) =>
    c.json({ key: c.get('apiKey').id }),
  );
});

afterAll(async () => {
  await api?.close();
});

describe('GET /v1/addresses/{address}', () => {
  it('answers the risk summary exactly as the core computes it', async () => {
    const response = await get(`/v1/addresses/${EVM}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const expected = await api.ctx.chainwarden.screenAddress(EVM);
    expect(expected.ok).toBe(true);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(expected.ok && expected.value)));
  });

  it('refuses a bad address with 400 problem+json whose detail is the core reason and hint', async () => {
    const response = await get('/v1/addresses/0x123');
    const body = await expectProblem(response, 400, 'invalid-address');
    const parsed = parseAddress('0x123');
    if (parsed.ok) throw new Error('0x123 must not parse');
    expect(body.detail).toContain(parsed.error.reason);
    expect(body.detail).toContain(parsed.error.hint);
    expect(body).toMatchObject({
      reason: parsed.error.reason,
      hint: parsed.error.hint,
      instance: '/v1/addresses/0x123',
    });
  });
});

describe('X-Request-Id', () => {
  it('echoes a sane incoming id', async () => {
    const response = await get('/healthz', { headers: { 'x-request-id': 'trace-42.abc:1' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42.abc:1');
  });

  it('generates one when absent, and replaces one that is not a plain token', async () => {
    const absent = await get('/healthz');
    expect(absent.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await get('/healthz', { headers: { 'x-request-id': `<script>${'x'.repeat(200)}` } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the incoming id into an error body', async () => {
    const response = await get('/v1/addresses/nope', { headers: { 'x-request-id': 'support-ticket-7' } });
    const body = await expectProblem(response, 400, 'invalid-address');
    expect(body.requestId).toBe('support-ticket-7');
  });
});

describe('POST /v1/screen', () => {
  it('screens a batch in input order, invalid entries carrying their error', async () => {
    const response = await post('/v1/screen', { addresses: [TRON, '0x123', EVM, 'hello'] });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: Array<Record<string, unknown>> };
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ input: TRON, address: TRON, chain: 'tron', level: 'none' });
    expect(results[1]).toEqual({
      input: '0x123',
      error: { code: 'invalid-address', reason: expect.stringContaining('40'), hint: expect.any(String) },
    });
    expect(results[2]).toMatchObject({ address: EVM, chain: 'evm' });
    expect(results[3]).toMatchObject({ input: 'hello', error: { code: 'invalid-address' } });
  });

  it('screens every address found in free text, in order of appearance', async () => {
    const response = await post('/v1/screen', { text: `pay ${EVM} or, better, ${TRON} today` });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: Array<{ address: string }> };
    expect(results.map((r) => r.address)).toEqual([EVM, TRON]);
  });

  it('explains a mistyped address when it is all the text holds, as the bots and the CLI do', async () => {
    const response = await post('/v1/screen', { text: `send it to ${EVM.slice(0, -1)} please` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      results: [
        {
          input: EVM.slice(0, -1),
          error: {
            code: 'invalid-address',
            reason: 'has 39 hex characters after 0x, an EVM address has 40',
            hint: expect.stringContaining('0x'),
          },
        },
      ],
    });
  });

  it('says how many addresses of a long text were not screened', async () => {
    const many = Array.from({ length: 25 }, (_, i) => evmAddress(9000 + i)).join(' ');
    const response = await post('/v1/screen', { text: `pay one of ${many}` });
    const body = (await response.json()) as { results: unknown[]; notScreened?: number };
    expect([body.results.length, body.notScreened]).toEqual([20, 5]);
  });

  it('answers an empty list of results for text without addresses', async () => {
    const response = await post('/v1/screen', { text: 'nothing to see here' });
    expect(await response.json()).toEqual({ results: [] });
  });

  it('refuses both text and addresses, neither, or more than 100 addresses', async () => {
    const both = await expectProblem(
      await post('/v1/screen', { text: 'x', addresses: [EVM] }),
      400,
      'invalid-request',
    );
    expect(both.detail).toContain('exactly one of');
    await expectProblem(await post('/v1/screen', {}), 400, 'invalid-request');
    const many = Array.from({ length: 101 }, (_, i) => evmAddress(i + 1));
    await expectProblem(await post('/v1/screen', { addresses: many }), 400, 'invalid-request');
  });

  it('refuses unknown fields', async () => {
    const body = await expectProblem(
      await post('/v1/screen', { text: 'x', verbose: true }),
      400,
      'invalid-request',
    );
    expect(body.detail).toContain('verbose');
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await get('/v1/screen', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": ',
    });
    await expectProblem(response, 400, 'malformed-json');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await get('/v1/screen', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    await expectProblem(response, 415, 'unsupported-media-type');
  });

  it('refuses a 1 MiB body with 413 without reading it', async () => {
    const response = await post('/v1/screen', { text: 'a'.repeat(1024 * 1024) });
    await expectProblem(response, 413, 'body-too-large');
  });
});

describe('API key scopes', () => {
  it('lets an admin key through an admin route and refuses a report key with 403 forbidden-scope', async () => {
    const admin = await api.ctx.stores.apiKeys.create({ name: 'moderators', scope: 'admin' });
    const reporter = await api.ctx.stores.apiKeys.create({ name: 'wallet app' });
    expect(reporter.scope).toBe('report');
    const allowed = await get('/hooks/admin-only', { headers: bearer(admin.key) });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ key: admin.id });
    const refused = await get('/hooks/admin-only', { headers: bearer(reporter.key) });
    const body = await expectProblem(refused, 403, 'forbidden-scope');
    expect(body.detail).toContain(`key ${reporter.id} has the report scope`);
    expect(body.detail).toContain('--scope admin');
    await expectProblem(await get('/hooks/admin-only'), 401, 'unauthorized');
  });
});

describe('GET /v1/reviews and POST /v1/reviews/{id}', () => {
  it('lists reports waiting for review to an admin key, refuses a report key with 403, and decides once', async () => {
    const admin = await api.ctx.stores.apiKeys.create({ name: 'moderators', scope: 'admin' });
    const reporter = await api.ctx.stores.apiKeys.create({ name: 'wallet app' });
    const address = evmAddress(0xbeef01);
    const held = await api.ctx.chainwarden.submitReport({
      address,
      category: 'phishing',
      note: 'fake <b>support</b>',
      reporter: 'discord:1400000000000000009',
      source: 'discord',
      community: 'discord:80351110224678912',
      reporterFacts: { accountCreatedAt: new Date() },
    });
    expect(held.ok && held.value.heldFor).toBe('new-account');

    await expectProblem(await get('/v1/reviews', { headers: bearer(reporter.key) }), 403, 'forbidden-scope');
    await expectProblem(await get('/v1/reviews'), 401, 'unauthorized');
    const listed = await get('/v1/reviews?community=discord:80351110224678912', {
      headers: bearer(admin.key),
    });
    expect(listed.status).toBe(200);
    const { reviews } = (await listed.json()) as { reviews: Array<Record<string, unknown>> };
    const item = reviews.find((r) => String(r.address).toLowerCase() === address);
    expect(item).toMatchObject({
      kind: 'report',
      category: 'phishing',
      platform: 'discord',
      heldFor: 'new-account',
      weight: 'new',
    });
    expect(JSON.stringify(reviews)).not.toContain('1400000000000000009');

    const refused = await post(`/v1/reviews/${item?.id}`, { decision: 'approve' }, bearer(reporter.key));
    await expectProblem(refused, 403, 'forbidden-scope');
    const approved = await post(
      `/v1/reviews/${item?.id}`,
      { decision: 'approve', note: 'seen it' },
      bearer(admin.key),
    );
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({
      decision: 'approve',
      reviewedBy: `api:${admin.id}`,
      note: 'seen it',
    });
    const again = await post(`/v1/reviews/${item?.id}`, { decision: 'reject' }, bearer(admin.key));
    await expectProblem(again, 409, 'already-decided');
    await expectProblem(
      await post('/v1/reviews/report-999999', { decision: 'reject' }, bearer(admin.key)),
      404,
      'review-not-found',
    );
    await expectProblem(
      await post('/v1/reviews/nope', { decision: 'reject' }, bearer(admin.key)),
      400,
      'invalid-review-id',
    );
    await expectProblem(
      await post(`/v1/reviews/${item?.id}`, { decision: 'maybe' }, bearer(admin.key)),
      400,
      'invalid-request',
    );
    // Approved in that server: verified there, so the address is high in a screen of that server.
    const screened = await api.ctx.chainwarden.screenAddress(address, {
      community: 'discord:80351110224678912',
    });
    expect(screened.ok && screened.value.level).toBe('high');
    const openapi = (await (await get('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/reviews', '/v1/reviews/{id}']));
  });
});

describe('POST /v1/reports', () => {
  it('refuses a request without a key, or with an unknown one, with 401', async () => {
    const missing = await post('/v1/reports', { address: TRON, category: 'phishing' });
    await expectProblem(missing, 401, 'unauthorized');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const unknown = await post(
      '/v1/reports',
      { address: TRON, category: 'phishing' },
      bearer('cw_00000000_nope'),
    );
    await expectProblem(unknown, 401, 'unauthorized');
    const notBearer = await post(
      '/v1/reports',
      { address: TRON, category: 'phishing' },
      { authorization: 'Basic abc' },
    );
    await expectProblem(notBearer, 401, 'unauthorized');
  });

  it('saves a report as api:<key id> (201), and a second one on the same address updates it (200)', async () => {
    const key = await api.ctx.stores.apiKeys.create('exchange support desk');
    const address = evmAddress(0xabc001);
    const first = await post(
      '/v1/reports',
      { address, category: 'phishing', note: 'fake support DM' },
      bearer(key.key),
    );
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/v1/addresses/${address}/reports`);
    const saved = (await first.json()) as Record<string, unknown>;
    expect(saved).toMatchObject({
      address,
      chain: 'evm',
      category: 'phishing',
      note: 'fake support DM',
      reporter: `api:${key.id}`,
      source: 'api',
      status: 'active',
      verified: false,
    });
    expect(typeof saved.id).toBe('number');

    const second = await post('/v1/reports', { address, category: 'drainer' }, bearer(key.key));
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ id: saved.id, category: 'fake-airdrop', note: null });

    const list = await get(`/v1/addresses/${address}/reports`);
    expect(list.status).toBe(200);
    const { reports } = (await list.json()) as { reports: Array<Record<string, unknown>> };
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ id: saved.id, category: 'fake-airdrop', source: 'api' });
    // Reporter ids are not published.
    expect(reports[0]).not.toHaveProperty('reporter');

    const summary = await get(`/v1/addresses/${address}`);
    expect(await summary.json()).toMatchObject({ reports: { total: 1, categories: { 'fake-airdrop': 1 } } });
  });

  it('stops accepting a key the moment it is revoked', async () => {
    const key = await api.ctx.stores.apiKeys.create('revoked mid-run');
    const before = await post(
      '/v1/reports',
      { address: evmAddress(0xabc002), category: 'ponzi' },
      bearer(key.key),
    );
    expect(before.status).toBe(201);
    await api.ctx.stores.apiKeys.revoke(key.id);
    const after = await post(
      '/v1/reports',
      { address: evmAddress(0xabc003), category: 'ponzi' },
      bearer(key.key),
    );
    const body = await expectProblem(after, 401, 'unauthorized');
    expect(body.detail).toContain('revoked');
  });

  it('maps the core rules to 400 and 422 with the core reason', async () => {
    const key = await api.ctx.stores.apiKeys.create('bad input');
    const send = (body: unknown) => post('/v1/reports', body, bearer(key.key));

    const badAddress = await expectProblem(
      await send({ address: '0x123', category: 'phishing' }),
      400,
      'invalid-address',
    );
    expect(badAddress.detail).toContain('0x123');
    const badCategory = await expectProblem(
      await send({ address: TRON, category: 'bad vibes' }),
      422,
      'invalid-category',
    );
    expect(badCategory.detail).toContain('is not a report category');
    expect(badCategory.hint).toContain('phishing');
    const longNote = await expectProblem(
      await send({ address: TRON, category: 'phishing', note: 'n'.repeat(501) }),
      422,
      'note-too-long',
    );
    expect(longNote.detail).toContain('501 characters');
    await expectProblem(
      await send({ address: TRON, category: 'phishing', evidence: 'trust me' }),
      422,
      'invalid-evidence',
    );
    const unknownField = await expectProblem(
      await send({ address: TRON, category: 'phishing', reporter: 'telegram:1' }),
      400,
      'invalid-request',
    );
    expect(unknownField.detail).toContain('reporter');
    await expectProblem(await send({ address: TRON }), 400, 'invalid-request');
  });

  it('answers 429 with Retry-After once a key reaches the reporter limit', async () => {
    const key = await api.ctx.stores.apiKeys.create('busy');
    for (let i = 0; i < 3; i++) {
      const response = await post(
        '/v1/reports',
        { address: evmAddress(0xbeef00 + i), category: 'rug' },
        bearer(key.key),
      );
      expect(response.status).toBe(201);
    }
    const limited = await post(
      '/v1/reports',
      { address: evmAddress(0xbeef09), category: 'rug' },
      bearer(key.key),
    );
    const body = await expectProblem(limited, 429, 'rate-limited');
    // Until the oldest report of the hour leaves the window: just under an hour here.
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(body.retryAfterSeconds).toBe(retryAfter);
  });
});

describe('GET /v1/addresses/{address}/reports', () => {
  it('lists nothing for an address nobody reported', async () => {
    const response = await get(`/v1/addresses/${EVM}/reports`);
    expect(await response.json()).toEqual({ address: EVM, reports: [] });
  });

  it('withholds evidence that links into a community, which would name who flagged it', async () => {
    const flagged = evmAddress(7001);
    for (const [reporter, evidence] of [
      [
        'discord:1',
        'https://discord.com/channels/1100000000000000001/1200000000000000002/1300000000000000003',
      ],
      ['telegram:2', 'https://t.me/c/1234567890/55'],
      ['api:3', 'https://etherscan.io/tx/0xabc'],
    ] as const) {
      const saved = await api.ctx.chainwarden.submitReport({
        address: flagged,
        category: 'phishing',
        evidence,
        reporter,
        source: 'api',
      });
      expect(saved.ok).toBe(true);
    }
    const { reports } = (await (await get(`/v1/addresses/${flagged}/reports`)).json()) as {
      reports: Array<{ evidence: string | null }>;
    };
    expect(reports.map((r) => r.evidence).sort()).toEqual(['https://etherscan.io/tx/0xabc', null, null]);
  });

  it('refuses a bad address and a bad limit with 400', async () => {
    await expectProblem(await get('/v1/addresses/0x123/reports'), 400, 'invalid-address');
    await expectProblem(await get(`/v1/addresses/${EVM}/reports?limit=0`), 400, 'invalid-request');
  });
});

describe('operations', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: api.ctx.database.kind });
  });

  it('publishes an OpenAPI 3.1 document with every path, generated from the request schemas', async () => {
    const response = await get('/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { additionalProperties?: unknown; required?: string[] }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/healthz',
        '/metrics',
        '/readyz',
        '/v1/addresses/{address}',
        '/v1/addresses/{address}/appeals',
        '/v1/addresses/{address}/appeals/challenge',
        '/v1/addresses/{address}/reports',
        '/v1/appeals',
        '/v1/appeals/{id}/decision',
        '/v1/lists',
        '/v1/ownership/verify',
        '/v1/reports',
        '/v1/reviews',
        '/v1/reviews/{id}',
        '/v1/screen',
      ].sort(),
    );
    expect(doc.paths['/v1/reports']).toHaveProperty('post');
    expect(doc.components.schemas.ReportRequest).toMatchObject({
      additionalProperties: false,
      required: ['address', 'category'],
    });
    expect(doc.components.schemas).toHaveProperty('RiskSummary');
    expect(doc.components.schemas).toHaveProperty('Problem');
    expect(doc.components.schemas.ListStatus?.required).toEqual(
      expect.arrayContaining(['source', 'origin', 'listDate', 'ageDays']),
    );
  });

  it('exposes the latency histogram by route pattern, screenings by level, reports saved and import sizes', async () => {
    await get(`/v1/addresses/${TRON}`);
    await get('/no/such/route');
    recordImport(api.registry, 'ofac-sdn', 1234);
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /chainwarden_http_request_duration_seconds_bucket\{le="[0-9.]+",method="GET",route="\/v1\/addresses\/:address",status="200"\}/,
    );
    expect(text).toContain('route="unmatched"');
    expect(text).not.toContain(`route="/v1/addresses/${TRON}"`);
    expect(text).toMatch(/chainwarden_screenings_total\{level="none"\} \d+/);
    expect(text).toMatch(/chainwarden_reports_saved_total\{outcome="created"\} \d+/);
    expect(text).toContain('chainwarden_import_entries{source="ofac-sdn"} 1234');
  });

  it('shows the size of every imported list, read from storage at scrape time', async () => {
    registerListSizes(api.registry, api.ctx.stores.lists);
    async function* batch() {
      yield [listEntry(evmAddress(77)), listEntry(evmAddress(78))];
    }
    await api.ctx.stores.lists.replaceList(
      { source: 'cli-imported', kind: 'scam', listDate: '2026-11-25' },
      batch(),
    );
    const text = await (await get('/metrics')).text();
    expect(text).toContain('chainwarden_list_entries{source="cli-imported",kind="scam"} 2');
  });

  it('answers an unknown route with a 404 problem', async () => {
    await expectProblem(await get('/v2/everything'), 404, 'not-found');
  });

  it('turns an unexpected error into a 500 problem with the request id, logged once, message withheld', async () => {
    const response = await get('/hooks/broken', { method: 'POST', headers: { 'x-request-id': 'boom-1' } });
    const body = await expectProblem(response, 500, 'internal');
    expect(body.requestId).toBe('boom-1');
    expect(body.detail).toContain('boom-1');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    const logged = api.logs.filter((line) => line.requestId === 'boom-1');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, method: 'POST', path: '/hooks/broken' });
  });
});
