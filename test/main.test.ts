/**
 * The whole service as `npm start` runs it: config parsed from an environment, database migrated,
 * HTTP API served, Telegram and Discord started against local fakes, then stopped gracefully.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningService } from '../src/service.js';
import { FakeDiscord } from './support/fake-discord.js';
import { createFakeTelegram, type FakeTelegram } from './support/fake-telegram.js';
import { type ServiceUnderTest, startServiceUnderTest } from './support/service.js';

const TELEGRAM_TOKEN = '7000000002:AAservice-test-token-for-fake-server';
const APP_ID = '1100000000000000009';

let telegram: FakeTelegram;
let discord: FakeDiscord;
let running: ServiceUnderTest;
let service: RunningService;
let logLines: string[] = [];

beforeAll(async () => {
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
  running = await startServiceUnderTest({
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DISCORD_TOKEN: 'service-test-token',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_ROOT: discord.apiRoot,
  });
  ({ service, logLines } = running);
});

afterAll(async () => {
  await running?.close();
  await telegram?.close();
  await discord?.close();
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
