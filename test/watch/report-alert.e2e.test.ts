/**
 * A report of a watched address is alerted at once, on the running service: its alert reaches the
 * webhook seconds after the report, though the poller's next step is five minutes away
 * (WATCH_POLL_SECONDS=300), and each report is delivered exactly once.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningService, startService } from '../../src/service.js';
import { openDatabase, runExclusively } from '../../src/store/index.js';
import { createTestDatabase } from '../support/context.js';

const TREASURY = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const POLL_SECONDS = 300;

const deliveries: Array<{ headers: IncomingHttpHeaders; body: { event: string }; at: number }> = [];
const receiver = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  deliveries.push({
    headers: req.headers,
    body: JSON.parse(Buffer.concat(chunks).toString()),
    at: Date.now(),
  });
  res.writeHead(204).end();
});
let service: RunningService;
let dataDir: string;
let dropDatabase = async () => {};
let databaseUrl = '';
const keys: string[] = [];

const api = (path: string, key: string, body: unknown) =>
  fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  dataDir = mkdtempSync(join(tmpdir(), 'chainwarden-report-alert-'));
  const env: Record<string, string> = {
    CHAINWARDEN_DATA_DIR: dataDir,
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    INTEL_OFAC_URL: 'off',
    INTEL_LISTS: 'off',
    // The test's webhook receiver listens on 127.0.0.1.
    WEBHOOK_PRIVATE_NETWORKS: 'on',
    WATCH_POLL_SECONDS: String(POLL_SECONDS),
  };
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url ?? '';
    databaseUrl = env.DATABASE_URL;
    dropDatabase = () => database.close();
  }
  const app = await openApp(parseConfig(env), { withChain: false });
  for (const name of ['treasury desk', 'community moderator', 'another community'])
    keys.push((await app.stores.apiKeys.create({ name })).key);
  await app.close();
  service = await startService(parseConfig(env), createLogger('error'));
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
  receiver.closeAllConnections();
  receiver.close();
});

describe('a report of a watched address', () => {
  it('reaches the webhook seconds after the report, not at the next poll, once each', async () => {
    const [desk, moderator] = keys as [string, string];
    const watched = await api('/v1/watches', desk, {
      address: TREASURY,
      label: 'treasury',
      webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    });
    expect(watched.status).toBe(201);

    // Two reports by two reporters, the second after the first alert arrived: by then the poller's
    // first step (at start) is over, so only the report itself can have sent the second alert.
    for (const [n, key] of [desk, moderator].entries()) {
      const reportedAt = Date.now();
      const report = await api('/v1/reports', key, { address: TREASURY, category: 'phishing' });
      expect(report.status).toBe(201);
      await vi.waitFor(() => expect(deliveries).toHaveLength(n + 1), { timeout: 20_000, interval: 50 });
      expect(deliveries[n]?.body.event).toBe('reported');
      expect((deliveries[n]?.at ?? Infinity) - reportedAt).toBeLessThan((POLL_SECONDS * 1000) / 10);
    }
    // Nothing twice: a moment later still one delivery per report.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(deliveries).toHaveLength(2);
    expect(new Set(deliveries.map((d) => d.headers['x-chainwarden-delivery'])).size).toBe(2);
  });
});

describe('while another replica holds the poller lock', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'the report alert still arrives seconds after the report (Postgres only: PGlite is one process, no other replica can hold the lock)',
    async () => {
      const reporter = keys[2] ?? '';
      // The other replica: its own connection to the database, holding the poller's lock meanwhile.
      const other = await openDatabase({ url: databaseUrl });
      let letGo = () => {};
      const held = new Promise<void>((resolve) => {
        letGo = resolve;
      });
      let holding = () => {};
      const taken = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const lock = runExclusively(other, 'watch-poll', async () => {
        holding();
        await held;
      });
      try {
        await taken;
        const before = deliveries.length;
        const reportedAt = Date.now();
        const report = await api('/v1/reports', reporter, { address: TREASURY, category: 'fake-airdrop' });
        expect(report.status).toBe(201);
        await vi.waitFor(() => expect(deliveries).toHaveLength(before + 1), {
          timeout: 20_000,
          interval: 50,
        });
        expect((deliveries[before]?.at ?? Infinity) - reportedAt).toBeLessThan((POLL_SECONDS * 1000) / 10);
      } finally {
        letGo();
        expect(await lock).toMatchObject({ ran: true });
        await other.close();
      }
    },
  );
});
