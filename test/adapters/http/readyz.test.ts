import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerListSizes } from '../../../src/adapters/http/index.js';
import { type RunningApi, startApi } from './harness.js';

// Its own database: this file closes it under the running API.
let api: RunningApi;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api?.close().catch(() => {});
});

it('answers /readyz with 503 problem+json once the database is gone, while /healthz stays up', async () => {
  expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
  await api.ctx.database.close();

  const response = await fetch(`${api.url}/readyz`);
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    status: 503,
    code: 'not-ready',
    requestId: response.headers.get('x-request-id'),
  });
  expect(
    api.logs.some((line) => line.msg === 'readiness check failed' && line.requestId === body.requestId),
  ).toBe(true);

  expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  // Metrics that read storage keep their last values; the rest still answer.
  registerListSizes(api.registry, api.ctx.stores.lists);
  const metrics = await fetch(`${api.url}/metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('chainwarden_http_request_duration_seconds_bucket');
});
