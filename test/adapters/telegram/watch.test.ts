/**
 * /watch, /unwatch and /watches end to end: the real bot long-polling the fake Bot API, real
 * storage. Who may use them (anyone in a private chat, admins in a group, anonymous admins too),
 * what the chat reads, and that a label cannot inject HTML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegram, type TelegramHandle } from '../../../src/adapters/telegram/index.js';
import { createLogger } from '../../../src/logger.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  type ChatShape,
  createFakeTelegram,
  type FakeTelegram,
  type SentMessage,
} from '../../support/fake-telegram.js';

const TOKEN = '7000000019:AAtest-token-for-the-watch-test_19';
const BOT = { id: 7000000019, username: 'ChainwardenWatchBot', first_name: 'Chainwarden' };
const TREASURY = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const BTC = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const ANONYMOUS = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };

let context: TestContext;
let fake: FakeTelegram;
let telegram: TelegramHandle;
let nextMessageId = 1;
let nextUserId = 500;
let nextChatId = -1001900000000;

const newUser = (name = 'Alice') => ({ id: nextUserId++, is_bot: false, first_name: name });
const newGroup = (): ChatShape => ({ id: nextChatId--, type: 'supergroup', title: 'DAO' });

async function say(chat: ChatShape, from: { id: number }, text: string, extra: Record<string, unknown> = {}) {
  const mark = fake.mark();
  const command = /^\/\S+/.exec(text)?.[0] ?? '';
  const messageId = nextMessageId++;
  fake.pushUpdate(TOKEN, {
    message: {
      message_id: messageId,
      from,
      chat,
      date: Math.floor(Date.now() / 1000),
      text,
      entities: [{ type: 'bot_command', offset: 0, length: command.length }],
      ...extra,
    },
  });
  const call = await fake.waitForCall(
    (c) => c.method === 'sendMessage' && c.payload.reply_parameters?.message_id === messageId,
    { since: mark },
  );
  expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
  return (call.response as { result: SentMessage }).result;
}

beforeAll(async () => {
  context = await createTestContext({ watchOptions: { maxPerOwner: 2, transferChains: ['evm'] } });
  fake = await createFakeTelegram();
  fake.addBot(TOKEN, BOT);
  telegram = await startTelegram({
    chainwarden: context.chainwarden,
    token: TOKEN,
    apiRoot: fake.apiRoot,
    logger: createLogger('silent'),
    webhook: null,
    rateLimit: { limit: 100, windowMs: 60_000 },
  });
});

afterAll(async () => {
  await telegram?.stop();
  await fake?.close();
  await context?.close();
});

describe('/watch in a private chat', () => {
  it('watches an address for anyone, says what will be alerted, and lists it', async () => {
    const user = newUser();
    const chat: ChatShape = { id: user.id, type: 'private', first_name: 'Alice' };
    const added = await say(chat, user, `/watch ${TREASURY.toLowerCase()} cold wallet`);
    expect(added.text).toContain(`Watching “cold wallet” ${TREASURY} (Ethereum / EVM).`);
    expect(added.text).toContain('funds received from sanctioned, scam-listed or reported addresses');
    expect(added.entities?.find((e) => e.type === 'code')).toBeDefined();

    const list = await say(chat, user, '/watches');
    expect(list.text).toContain('1 of 2 watches:');
    expect(list.text).toContain(`${TREASURY} “cold wallet” (Ethereum / EVM)`);

    const again = await say(chat, user, `/watch ${TREASURY}`);
    expect(again.text).toContain('Already watched');
    expect(again.text).toContain('is already watched here as “cold wallet”');
  });

  it('takes `all` at the end as every incoming transfer, and says Bitcoin has no node', async () => {
    const user = newUser();
    const chat: ChatShape = { id: user.id, type: 'private', first_name: 'Bob' };
    const added = await say(chat, user, `/watch ${BTC} savings all`);
    expect(added.text).toContain('Watching “savings”');
    expect(added.text).toContain('every incoming transfer');
    expect(added.text).toContain(
      'I will alert on reports and lists only: no node is configured for Bitcoin.',
    );
  });

  it('explains a mistyped address, the usage, and the limit', async () => {
    const user = newUser();
    const chat: ChatShape = { id: user.id, type: 'private', first_name: 'Carol' };
    const bad = await say(chat, user, '/watch 0x12345');
    expect(bad.text).toContain('Not a valid address');
    expect(bad.text).toContain('0x followed by 40 hex characters');
    expect((await say(chat, user, '/watch')).text).toContain('/watch <address> [label] [all]');
    await say(chat, user, '/watch 0x0000000000000000000000000000000000000a01');
    await say(chat, user, '/watch 0x0000000000000000000000000000000000000a02');
    const third = await say(chat, user, '/watch 0x0000000000000000000000000000000000000a03');
    expect(third.text).toContain('Too many watches');
    expect(third.text).toContain('2 addresses are watched here already');
  });

  it('escapes a label written as HTML', async () => {
    const user = newUser();
    const chat: ChatShape = { id: user.id, type: 'private', first_name: 'Dan' };
    const added = await say(chat, user, '/watch 0x0000000000000000000000000000000000000b01 <b>x</b> & <i>');
    expect(added.text).toContain('Watching “<b>x</b> & <i>”');
  });
});

describe('/watch in a group', () => {
  it('refuses a member who is not an admin, and saves nothing', async () => {
    const group = newGroup();
    const member = newUser('Mallory');
    const reply = await say(group, member, `/watch@${BOT.username} ${TREASURY}`);
    expect(reply.text).toBe('Sorry, only admins of this group can change or see what it watches.');
    expect(await context.chainwarden.watching.listWatches(`telegram:${group.id}`)).toEqual([]);
  });

  it('lets an admin watch, an anonymous admin list, and an admin unwatch', async () => {
    const group = newGroup();
    const admin = newUser('Ada');
    fake.setChatMember(group.id, admin.id, 'administrator');
    fake.setChatMember(group.id, newUser('Hidden').id, 'administrator', { anonymous: true });
    const added = await say(group, admin, `/watch ${TREASURY} treasury`);
    expect(added.text).toContain('Watching “treasury”');
    const [watch] = await context.chainwarden.watching.listWatches(`telegram:${group.id}`);
    expect(watch).toMatchObject({
      destination: { kind: 'telegram', chatId: String(group.id) },
      community: `telegram:${group.id}`,
    });

    const list = await say(group, ANONYMOUS, '/watches', { sender_chat: group });
    expect(list.text).toContain(TREASURY);

    const notWatched = await say(group, admin, '/unwatch 0x0000000000000000000000000000000000000c01');
    expect(notWatched.text).toContain('is not watched here');
    const removed = await say(group, admin, `/unwatch ${TREASURY.toLowerCase()}`);
    expect(removed.text).toBe(`Stopped watching “treasury” ${TREASURY}.`);
    expect((await say(group, admin, '/watches')).text).toContain('No address is watched here.');
  });
});
