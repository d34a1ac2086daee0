/**
 * The whole service as `npm start` runs it: config parsed from an environment, database migrated,
 * HTTP API served, Telegram and Discord started against local fakes, then stopped gracefully.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type RunningService, startService } from '../src/service.js';
import { createTestDatabase } from './support/context.js';
import { FakeDiscord } from './support/fake-discord.js';
import { createFakeTelegram, type FakeTelegram } from './support/fake-telegram.js';

const TELEGRAM_TOKEN = '7000000002:AAservice-test-token-for-fake-server';
const APP_ID = '1100000000000000009';

let dataDir: string;
let telegram: FakeTelegram;
let discord: FakeDiscord;
let service: RunningService;
const logLines: string[] = [];
let closeDatabase = async () => {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'chainwarden-service-'));
  telegram = await createFakeTelegram();
  telegram.addBot(TELEGRAM_TOKEN, { id: 7000000002, username: 'ServiceTestBot', first_name: 'Chainwarden' });
  discord = await FakeDiscord.start({
    applicationId: APP_ID,
    bot: { id: APP_ID, username: 'chainwarden' },
    guild: {
      id: '1200000000000000009',
      name: 'Service DAO',
      channels: [{ id: '1300000000000000009', name: 'general' }],
    },
  });
  const env: Record<string, string> = {
    CHAINWARDEN_DATA_DIR: dataDir,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DISCORD_TOKEN: 'service-test-token',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_ROOT: discord.apiRoot,
    // No scheduled refresh trying the network (there is none in CI); the bundled lists stay on.
    INTEL_OFAC_URL: 'off',
    INTEL_LISTS: 'off',
  };
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url ?? '';
    // The service opens its own connection; this one only owns the database's lifetime.
    closeDatabase = () => database.close();
  }
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).trim().split('\n'));
      done();
    },
  });
  service = await startService(parseConfig(env), createLogger('info', sink));
});

afterAll(async () => {
  await service?.stop();
  await telegram?.close();
  await discord?.close();
  await closeDatabase();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the service', () => {
  it('says which adapters are on and why others are off', () => {
    const messages = logLines.map((line) => JSON.parse(line).msg as string);
    expect(messages).toContain('Telegram: on (long polling)');
    expect(messages).toContain('Discord: on');
    expect(messages).toContain('EVM on-chain facts: off, set EVM_RPC_URL');
    expect(messages.some((m) => m.startsWith('HTTP API listening'))).toBe(true);
  });

  it('serves the HTTP API on the port it picked', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const response = await fetch(`${service.url}/v1/addresses/0xd9a1c3788d81257612e2581a6ea0ada244853a91`);
    expect(await response.json()).toMatchObject({ level: 'none', chain: 'evm' });
  });

  it('answers /check in Telegram through the same core', async () => {
    const mark = telegram.mark();
    telegram.pushUpdate(TELEGRAM_TOKEN, {
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 4242, type: 'private', first_name: 'Ann' },
        from: { id: 4242, is_bot: false, first_name: 'Ann' },
        text: '/check 0xd9a1c3788d81257612e2581a6ea0ada244853a91',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    });
    const sent = await telegram.waitForCall((c) => c.method === 'sendMessage', {
      since: mark,
      timeoutMs: 10_000,
    });
    expect(String(sent.payload.text)).toContain('NONE');
  });

  it('logs in to Discord with the message-content intent', async () => {
    // The bots connect in the background, after the HTTP API listens.
    await vi.waitFor(() => expect(discord.identifies).toHaveLength(1), { timeout: 10_000 });
    const intents = Number(discord.identifies[0]?.intents);
    expect(intents & (1 << 15)).not.toBe(0); // MessageContent, for auto-moderation
  });

  it('stops gracefully: the API stops answering and the data directory is released', async () => {
    const url = service.url;
    await service.stop();
    await service.stopped;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    // A second stop is harmless.
    await service.stop();
  });
});
