/**
 * A chat platform that cannot be reached does not hold the service back: the HTTP API answers while
 * the Telegram and Discord bots retry in the background (here both point at a closed port), each
 * failure is logged with when the next try is, and the service still stops at once.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningService, retryDelayMs } from '../src/service.js';
import { type ServiceUnderTest, startServiceUnderTest } from './support/service.js';

let running: ServiceUnderTest;
let service: RunningService;
let logLines: string[] = [];

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await closedPort();
  running = await startServiceUnderTest({
    TELEGRAM_BOT_TOKEN: '7000000003:AAunreachable-test-token-for-nobody',
    TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
    DISCORD_TOKEN: 'unreachable-test-token',
    DISCORD_APPLICATION_ID: '1100000000000000010',
    DISCORD_API_ROOT: `http://127.0.0.1:${port}/api`,
  });
  ({ service, logLines } = running);
}, 120_000);

afterAll(async () => {
  await running?.close();
});

const messages = () => logLines.map((line) => JSON.parse(line) as { msg: string; retryInSeconds?: number });

describe('a chat platform that cannot be reached', () => {
  it('leaves the HTTP API serving: ready, and answering checks', async () => {
    const started = performance.now();
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    const response = await fetch(`${service.url}/v1/addresses/0x098B716B8Aaf21512996dC57EB0615e2383E2f96`);
    expect(await response.json()).toMatchObject({ level: 'severe' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('logs each bot failure with when it retries', async () => {
    // An attempt on Telegram ends after 15 s (auto-retry keeps trying the Bot API until then). The wait
    // ends as soon as both are logged; its limit is wide because a full suite on 2 cores once took
    // past 25 s here.
    await vi.waitFor(
      () => {
        const failures = messages().filter((m) => m.msg.includes('bot could not start'));
        for (const name of ['Telegram', 'Discord']) {
          const first = failures.find((m) => m.msg.startsWith(name));
          expect(first?.msg).toContain('the HTTP API and the other adapters keep running, retrying in 1 s');
          expect(first?.retryInSeconds).toBe(1);
        }
      },
      { timeout: 60_000 },
    );
  }, 75_000);

  it('backs off from 1 s, doubling, to at most 5 minutes', () => {
    expect([1, 2, 3, 4, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 300_000]);
  });

  it('stops at once, retries included', async () => {
    const started = performance.now();
    await service.stop();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(messages().map((m) => m.msg)).toContain('stopped');
  });
});
