/**
 * Webhook mode: startTelegram registers the webhook with its secret token and hands back a
 * fetch-style handler that refuses updates without the right X-Telegram-Bot-Api-Secret-Token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegram, type TelegramHandle, webhookTarget } from '../../../src/adapters/telegram/index.js';
import { createLogger } from '../../../src/logger.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { createFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';

const TOKEN = '7000000002:AAwebhook-token-for-the-fake_server';
const BOT = { id: 7000000002, username: 'ChainwardenHookBot', first_name: 'Chainwarden' };
const SECRET = 'hook-secret_0123456789';

let context: TestContext;
let fake: FakeTelegram;
let telegram: TelegramHandle;

beforeAll(async () => {
  context = await createTestContext();
  fake = await createFakeTelegram();
  fake.addBot(TOKEN, BOT);
  telegram = await startTelegram({
    chainwarden: context.chainwarden,
    token: TOKEN,
    apiRoot: fake.apiRoot,
    logger: createLogger('silent'),
    webhook: { url: 'https://bot.example.org/telegram/webhook', secret: SECRET },
  });
});

afterAll(async () => {
  await telegram?.stop();
  await fake?.close();
  await context?.close();
});

const update = (updateId: number, userId: number) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    from: { id: userId, is_bot: false, first_name: 'Alice' },
    chat: { id: userId, type: 'private', first_name: 'Alice' },
    date: Math.floor(Date.now() / 1000),
    text: '/help',
    entities: [{ type: 'bot_command', offset: 0, length: 5 }],
  },
});

function post(body: unknown, secret: string | null): Request {
  return new Request(`https://bot.example.org${telegram.webhookPath}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }),
    },
    body: JSON.stringify(body),
  });
}

describe('webhook mode', () => {
  it('registers the webhook with its secret token and never long-polls', () => {
    const set = fake.calls.filter((c) => c.method === 'setWebhook');
    expect(set).toHaveLength(1);
    expect(set[0]?.payload).toMatchObject({
      url: 'https://bot.example.org/telegram/webhook',
      secret_token: SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });
    expect(telegram.webhookPath).toBe('/telegram/webhook');
    expect(fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);
  });

  it('refuses an update with a wrong or missing secret token and does not act on it', async () => {
    const mark = fake.mark();
    const wrong = await telegram.handleWebhook?.(post(update(1, 501), 'not-the-secret'));
    const missing = await telegram.handleWebhook?.(post(update(2, 502), null));
    expect(wrong?.status).toBe(401);
    expect(missing?.status).toBe(401);
    expect(fake.callsSince(mark, 'sendMessage')).toHaveLength(0);
  });

  it('handles an update with the right secret token', async () => {
    const mark = fake.mark();
    const response = await telegram.handleWebhook?.(post(update(3, 503), SECRET));
    expect(response?.status).toBe(200);
    const sent = fake.callsSince(mark, 'sendMessage');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.payload).toMatchObject({ chat_id: 503, parse_mode: 'HTML' });
    expect(sent[0]?.payload.text).toContain('<b>Commands</b>');
  });
});

describe('webhookTarget', () => {
  it('mounts at the configured URL’s path, or at /telegram/webhook when it has none', () => {
    expect(webhookTarget('https://bot.example.org/hooks/tg')).toEqual({
      url: 'https://bot.example.org/hooks/tg',
      path: '/hooks/tg',
    });
    expect(webhookTarget('https://bot.example.org')).toEqual({
      url: 'https://bot.example.org/telegram/webhook',
      path: '/telegram/webhook',
    });
  });
});
