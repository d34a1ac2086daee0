/**
 * End to end: the real bot (startTelegram, long polling through @grammyjs/runner) against a fake
 * Bot API server on 127.0.0.1, real update JSON, real storage. Assertions are on what the bot sent
 * to the Bot API, i.e. what a Telegram user would see.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegram, type TelegramHandle } from '../../../src/adapters/telegram/index.js';
import { type ListEntry, parseAddress } from '../../../src/core/index.js';
import { createLogger } from '../../../src/logger.js';
import {
  BAD_CHECKSUM_ADDRESS,
  BIP173_ADDRESS,
  DARKLIST_ENTRY,
  EIP55_ADDRESSES,
} from '../../fixtures/telegram/addresses.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  type ChatShape,
  createFakeTelegram,
  type FakeTelegram,
  type RecordedCall,
  type SentMessage,
} from '../../support/fake-telegram.js';

const TOKEN = '7000000001:AAtest-token-for-the-fake-server_x';
const BOT = { id: 7000000001, username: 'ChainwardenTestBot', first_name: 'Chainwarden' };
/** Made up for this test: a scam-list label written to break HTML that is not escaped. */
const HOSTILE_LABEL = '<b>free</b> & <a href="https://evil.example/?a=1&b=2">claim</a>';
const HOSTILE_ADDRESS = EIP55_ADDRESSES[7];
const USER_RATE_LIMIT = 5;
const GROUP_WARNING_LIMIT = 2;

interface UserShape {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

let context: TestContext;
let fake: FakeTelegram;
let telegram: TelegramHandle;
let nextMessageId = 1;
let nextUserId = 100;
let nextChatId = -1001000000000;
let nextCallbackId = 1;

const newUser = (name = 'Alice'): UserShape => ({ id: nextUserId++, is_bot: false, first_name: name });
const privateChat = (user: UserShape): ChatShape => ({
  id: user.id,
  type: 'private',
  first_name: user.first_name,
});
const newGroup = (title = 'Wallet help <&> "chat"'): ChatShape => ({
  id: nextChatId--,
  type: 'supergroup',
  title,
});

function message(chat: ChatShape, from: UserShape, text: string, extra: Record<string, unknown> = {}) {
  const command = /^\/\S+/.exec(text)?.[0];
  return {
    message_id: nextMessageId++,
    from,
    chat,
    date: Math.floor(Date.now() / 1000),
    text,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    ...extra,
  };
}

/** Pushes a message update and returns it with the recorded-calls mark taken just before. */
function send(chat: ChatShape, from: UserShape, text: string, extra: Record<string, unknown> = {}) {
  const mark = fake.mark();
  const msg = message(chat, from, text, extra);
  fake.pushUpdate(TOKEN, { message: msg });
  return { msg, mark };
}

function tap(from: UserShape, on: SentMessage, data: string) {
  const mark = fake.mark();
  const id = `cbq-${nextCallbackId++}`;
  fake.pushUpdate(TOKEN, { callback_query: { id, from, message: on, chat_instance: '-4242', data } });
  return { id, mark };
}

const isSend = (chatId: number) => (call: RecordedCall) =>
  call.method === 'sendMessage' && call.payload.chat_id === chatId;

/** The next message the bot sent to this chat after `mark`, as Telegram stored it. */
async function nextReply(chatId: number, mark: number, match: (call: RecordedCall) => boolean = () => true) {
  const call = await fake.waitForCall((c) => isSend(chatId)(c) && match(c), { since: mark });
  expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
  return { call, sent: (call.response as { result: SentMessage }).result };
}

const repliesTo = (messageId: number) => (call: RecordedCall) =>
  call.payload.reply_parameters?.message_id === messageId;

function buttons(call: RecordedCall): Array<{ text: string; callback_data?: string }> {
  return (call.payload.reply_markup?.inline_keyboard ?? []).flat();
}

/** A `/help` from another user in the same chat: updates of one chat run in order, so its reply means
 * every earlier update of that chat is done. */
async function barrier(chat: ChatShape) {
  const { msg, mark } = send(
    chat,
    newUser('Barrier'),
    chat.type === 'private' ? '/help' : `/help@${BOT.username}`,
  );
  await nextReply(chat.id, mark, repliesTo(msg.message_id));
}

async function keyOf(address: string) {
  const parsed = parseAddress(address);
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.value.key;
}

async function* once<T>(batch: T[]) {
  yield batch;
}

beforeAll(async () => {
  // The core throttles group warnings; a small limit and a long window make the flood test exact.
  context = await createTestContext({ warnings: { limit: GROUP_WARNING_LIMIT, windowMs: 600_000 } });
  fake = await createFakeTelegram();
  fake.addBot(TOKEN, BOT);
  const entry = async (address: string, label: string): Promise<ListEntry> => ({
    key: await keyOf(address),
    chain: 'evm',
    display: address,
    label,
    category: 'phishing',
    entity: null,
    program: null,
    listedAt: null,
  });
  await context.stores.lists.replaceList(
    { source: 'mew-darklist', kind: 'scam', listDate: '2020-11-17', category: 'phishing' },
    once([await entry(DARKLIST_ENTRY.address, DARKLIST_ENTRY.comment)]),
  );
  await context.stores.lists.replaceList(
    { source: 'hostile-test-list', kind: 'scam', listDate: '2024-01-01', category: 'phishing' },
    once([await entry(HOSTILE_ADDRESS, HOSTILE_LABEL)]),
  );
  telegram = await startTelegram({
    chainwarden: context.chainwarden,
    token: TOKEN,
    apiRoot: fake.apiRoot,
    logger: createLogger('silent'),
    webhook: null,
    rateLimit: { limit: USER_RATE_LIMIT, windowMs: 600_000 },
  });
});

afterAll(async () => {
  await telegram?.stop();
  await fake?.close();
  await context?.close();
});

describe('starting', () => {
  it('asks getMe, removes any webhook and long-polls for messages and button taps', async () => {
    const user = newUser();
    const { mark } = send(privateChat(user), user, '/start');
    await nextReply(user.id, mark);
    const methods = fake.calls.map((c) => c.method);
    expect(methods.indexOf('getMe')).toBeLessThan(methods.indexOf('deleteWebhook'));
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
    const poll = fake.calls.find((c) => c.method === 'getUpdates');
    expect(poll?.payload.timeout).toBe(30);
    expect(poll?.payload.allowed_updates).toEqual(['message', 'edited_message', 'callback_query']);
    expect(telegram.webhookPath).toBeNull();
    expect(telegram.handleWebhook).toBeNull();
  });
});

describe('/check', () => {
  it('replies in a private chat with the escaped HTML summary, the <code> address and two buttons', async () => {
    await context.chainwarden.submitReport({
      address: HOSTILE_ADDRESS,
      category: 'fake-airdrop',
      note: '<b>bold</b> note & <i>more</i>',
      reporter: 'cli:alice',
      source: 'cli',
    });
    const alice = newUser();
    const chat = privateChat(alice);
    const { msg, mark } = send(chat, alice, `/check ${HOSTILE_ADDRESS}`);
    const { call, sent } = await nextReply(chat.id, mark);

    expect(call.payload.parse_mode).toBe('HTML');
    expect(call.payload.reply_parameters?.message_id).toBe(msg.message_id);
    expect(call.payload.text).toContain(`<code>${HOSTILE_ADDRESS}</code>`);
    expect(call.payload.text).toContain('&lt;b&gt;free&lt;/b&gt; &amp; &lt;a href=&quot;');
    expect(call.payload.text).not.toContain('<b>free');
    // What the user reads, after Telegram parsed the HTML:
    const lines = sent.text.split('\n');
    expect(lines[0]).toBe('🔴 HIGH · 80/100');
    expect(sent.text).toContain(HOSTILE_LABEL);
    expect(sent.text).toContain('1 community report (fake airdrop / drainer)');
    expect(sent.text).toContain('(hostile-test-list, list of 2024-01-01)');
    expect(sent.entities?.some((e) => e.type === 'text_link')).toBe(false);
    expect(buttons(call).map((b) => b.text)).toEqual(['Report this address', 'Details', 'Trace funds']);
  });

  it('shows the details with the latest reports and their escaped notes when Details is tapped', async () => {
    const bob = newUser('Bob');
    const chat = privateChat(bob);
    const first = send(chat, bob, `/check ${HOSTILE_ADDRESS}`);
    const { sent: summary } = await nextReply(chat.id, first.mark);

    const { id, mark } = tap(bob, summary, 'det');
    const answered = await fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id,
      {
        since: mark,
      },
    );
    expect(answered.response.ok).toBe(true);
    const { call, sent } = await nextReply(chat.id, mark);
    expect(call.payload.text).toContain('&lt;b&gt;bold&lt;/b&gt; note &amp; &lt;i&gt;more&lt;/i&gt;');
    expect(sent.text).toContain('fake airdrop / drainer: <b>bold</b> note & <i>more</i>');
    expect(sent.text).toContain('source: hostile-test-list, list of 2024-01-01');
  });

  it('answers /check@BotName in a group', async () => {
    const group = newGroup();
    const carol = newUser('Carol');
    const other = send(group, carol, `/check@SomeOtherBot ${DARKLIST_ENTRY.address}`);
    const ours = send(group, carol, `/check@${BOT.username} ${DARKLIST_ENTRY.address}`);
    const { call, sent } = await nextReply(group.id, other.mark);
    // The command for another bot was left alone: the first reply answers ours.
    expect(call.payload.reply_parameters?.message_id).toBe(ours.msg.message_id);
    expect(sent.text.split('\n')[0]).toBe('🔴 HIGH · 80/100');
    expect(sent.text).toContain(DARKLIST_ENTRY.comment);
    expect(sent.text).toContain('0x09750Ad360fDB7a2ee23669C4503C974d86D8694');
  });

  it('gives the core’s precise reason for an invalid address', async () => {
    const dave = newUser('Dave');
    const chat = privateChat(dave);
    const expected = parseAddress(BAD_CHECKSUM_ADDRESS);
    if (expected.ok) throw new Error('fixture should be invalid');
    const { mark } = send(chat, dave, `/check ${BAD_CHECKSUM_ADDRESS}`);
    const { sent } = await nextReply(chat.id, mark);
    expect(sent.text).toContain('❌ Not a valid address');
    expect(sent.text).toContain(`“${BAD_CHECKSUM_ADDRESS}” ${expected.error.reason}`);
    expect(sent.text).toContain('checksum mismatch, did you mean 0x');
    expect(sent.text).toContain(expected.error.hint);
  });

  it('explains a mistyped address inside a private message, and says when a message has none', async () => {
    const ivan = newUser('Ivan');
    const chat = privateChat(ivan);
    const typo = send(chat, ivan, `is ${BAD_CHECKSUM_ADDRESS} safe?`);
    const { sent: explained } = await nextReply(chat.id, typo.mark);
    expect(explained.text).toContain('❌ Not a valid address');
    expect(explained.text).toContain('checksum mismatch, did you mean 0x');
    const chat2 = send(chat, ivan, 'hello there');
    const { sent: prompt } = await nextReply(chat.id, chat2.mark);
    expect(prompt.text).toContain('Send me an address to check');
  });

  it('/check on text without an address says none was found and what one looks like', async () => {
    const judy = newUser('Judy');
    const chat = privateChat(judy);
    const { mark } = send(chat, judy, '/check is this one safe');
    const { sent } = await nextReply(chat.id, mark);
    expect(sent.text).toContain('I found no address in that message.');
    expect(sent.text).toContain('bc1…/1…/3… (Bitcoin)');
  });

  it('checks an address sent alone in a private chat', async () => {
    const erin = newUser('Erin');
    const chat = privateChat(erin);
    const { mark } = send(chat, erin, EIP55_ADDRESSES[0]);
    const { sent } = await nextReply(chat.id, mark);
    expect(sent.text.split('\n')[0]).toBe('⚪ NONE · 0/100');
    expect(sent.text).toContain('No reports is not proof of safety');
  });
});

describe('/report', () => {
  it('saves the full form, then updates the same reporter’s report instead of adding another', async () => {
    const frank = newUser('Frank');
    const chat = privateChat(frank);
    const address = EIP55_ADDRESSES[1];
    const first = send(chat, frank, `/report ${address} phishing fake support DM <i>x</i>`);
    const saved = await nextReply(chat.id, first.mark);
    expect(saved.sent.text).toContain(`✅ Saved your report: ${address} as phishing.`);
    expect(saved.sent.text).toContain('Note: fake support DM <i>x</i>');

    const again = send(chat, frank, `/report ${address} rug-pull`);
    const updated = await nextReply(chat.id, again.mark);
    expect(updated.sent.text).toContain(`✅ Updated your earlier report: ${address} as rug pull.`);

    const reports = await context.stores.reports.listReports(await keyOf(address), 10);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      category: 'rug-pull',
      reporter: `telegram:${frank.id}`,
      source: 'telegram',
      community: null,
      verifiedBy: null,
    });
  });

  it('shows links in a report note as text that is not clickable, copied as written', async () => {
    const tess = newUser('Tess');
    const chat = privateChat(tess);
    const note = 'fake support sent me to https://evil.example/claim and wallet-verify.example';
    const { msg, mark } = send(chat, tess, `/report ${EIP55_ADDRESSES[1]} phishing ${note}`);
    const { sent } = await nextReply(chat.id, mark, repliesTo(msg.message_id));
    expect(sent.text).toContain(`Note: ${note}`);
    expect(sent.entities?.filter((e) => e.type === 'url' || e.type === 'text_link')).toEqual([]);
    const spans = (sent.entities ?? [])
      .filter((e) => e.type === 'code')
      .map((e) => sent.text.slice(e.offset, e.offset + e.length));
    expect(spans).toEqual([EIP55_ADDRESSES[1], 'https://evil.example/claim', 'wallet-verify.example']);
  });

  it('asks for a missing category with buttons and saves the one tapped', async () => {
    const grace = newUser('Grace');
    const chat = privateChat(grace);
    const address = EIP55_ADDRESSES[2];
    const asked = send(chat, grace, `/report ${address}`);
    const { call, sent: prompt } = await nextReply(chat.id, asked.mark);
    expect(prompt.text).toContain(`Which kind of scam is ${address}?`);
    expect(buttons(call)).toHaveLength(10);
    expect(buttons(call)).toContainEqual({
      text: 'fake airdrop / drainer',
      callback_data: `rep:fake-airdrop:${grace.id}`,
    });

    const { id, mark } = tap(grace, prompt, `rep:fake-airdrop:${grace.id}`);
    const edited = await fake.waitForCall((c) => c.method === 'editMessageText', { since: mark });
    expect(edited.response.ok).toBe(true);
    expect(edited.payload.message_id).toBe(prompt.message_id);
    expect(edited.payload.text).toContain(
      `✅ Saved your report: <code>${address}</code> as fake airdrop / drainer.`,
    );
    // The keyboard is gone with the edit: one tap files one report.
    expect(edited.payload.reply_markup).toBeUndefined();
    const answer = await fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id,
      { since: mark },
    );
    expect(answer.payload.text).toBe('Report saved');

    const reports = await context.stores.reports.listReports(await keyOf(address), 10);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      category: 'fake-airdrop',
      reporter: `telegram:${grace.id}`,
      source: 'telegram',
    });
  });

  it('asks for a missing address, then for the category when the user replies with it', async () => {
    const hana = newUser('Hana');
    const chat = privateChat(hana);
    const asked = send(chat, hana, '/report');
    const { call, sent: prompt } = await nextReply(chat.id, asked.mark);
    expect(prompt.text).toContain('Which address do you want to report? Reply to this message with it.');
    expect(call.payload.reply_markup).toMatchObject({ force_reply: true, selective: true });

    const bad = send(chat, hana, '0x1234', { reply_to_message: prompt });
    const { sent: error } = await nextReply(chat.id, bad.mark);
    expect(error.text).toContain('has 4 hex characters after 0x, an EVM address has 40');

    const address = EIP55_ADDRESSES[3];
    const answered = send(chat, hana, `it is ${address} thanks`, { reply_to_message: prompt });
    const { call: question, sent: categoryPrompt } = await nextReply(chat.id, answered.mark);
    expect(categoryPrompt.text).toContain(`Which kind of scam is ${address}?`);
    expect(buttons(question)).toHaveLength(10);
  });

  it('takes the address out of an explorer link given as the answer', async () => {
    const ida = newUser('Ida');
    const chat = privateChat(ida);
    const asked = send(chat, ida, '/report');
    const { sent: prompt } = await nextReply(chat.id, asked.mark);
    const address = EIP55_ADDRESSES[2];
    const link = send(chat, ida, `https://etherscan.io/address/${address}`, { reply_to_message: prompt });
    const { sent: categoryPrompt } = await nextReply(chat.id, link.mark);
    expect(categoryPrompt.text).toContain(`Which kind of scam is ${address}?`);
  });

  it('starts the same flow from “Report this address” under a group summary, filed for that group', async () => {
    const group = newGroup();
    const heidi = newUser('Heidi');
    const address = EIP55_ADDRESSES[3];
    const checked = send(group, heidi, `/check ${address}`);
    const { sent: summary } = await nextReply(group.id, checked.mark);

    const pressed = tap(heidi, summary, 'rq');
    const { sent: prompt, call } = await nextReply(group.id, pressed.mark);
    expect(prompt.text).toContain(`Which kind of scam is ${address}?`);
    expect(buttons(call)).toHaveLength(10);

    // Someone else in the group cannot answer Heidi's question.
    const ivan = newUser('Ivan');
    const intruder = tap(ivan, prompt, `rep:rug-pull:${heidi.id}`);
    const refused = await fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === intruder.id,
      { since: intruder.mark },
    );
    expect(refused.payload).toMatchObject({ show_alert: true });
    expect(String(refused.payload.text)).toContain('for the person who asked');

    const chosen = tap(heidi, prompt, `rep:impersonation:${heidi.id}`);
    await fake.waitForCall((c) => c.method === 'editMessageText', { since: chosen.mark });
    const reports = await context.stores.reports.listReports(await keyOf(address), 10);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      category: 'impersonation',
      reporter: `telegram:${heidi.id}`,
      community: `telegram:${group.id}`,
    });
  });
  it('counts a report from a private chat at once: tenure is a group’s, never held against a private chat', async () => {
    const newcomer = newUser('Newcomer');
    const chat = privateChat(newcomer);
    const address = '0x0000000000000000000000000000000000070077';
    const { msg, mark } = send(chat, newcomer, `/report ${address} phishing`);
    const { sent } = await nextReply(chat.id, mark, repliesTo(msg.message_id));
    expect(sent.text).toContain('✅ Saved your report:');
    expect(sent.text).not.toContain('waits for a moderator');
    const reports = await context.stores.reports.listReports(await keyOf(address), 10);
    expect(reports.map((r) => [r.status, r.heldFor, r.community])).toEqual([['active', null, null]]);
  });
  it('files an anonymous admin’s report as their group, so admins of different groups stay apart', async () => {
    // Every anonymous admin of every group posts as this one user; only sender_chat tells them apart.
    const anonymous = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    // The real phishing address behind the bad-checksum fixture, lower-cased (valid, no checksum).
    const address = BAD_CHECKSUM_ADDRESS.toLowerCase();
    const groups = [newGroup('Group A'), newGroup('Group B')];
    for (const group of groups) {
      const { msg, mark } = send(group, anonymous, `/report ${address} phishing`, { sender_chat: group });
      const { sent } = await nextReply(group.id, mark, repliesTo(msg.message_id));
      expect(sent.text).toContain('✅ Saved your report:');
    }
    const reports = await context.stores.reports.listReports(await keyOf(address), 10);
    expect(reports.map((r) => [r.reporter, r.community]).sort()).toEqual(
      groups.map((g) => [`telegram:${g.id}`, `telegram:${g.id}`]).sort(),
    );
  });
});

describe('/review', () => {
  it('holds a newcomer’s report, lists it for admins only, and an Approve tap makes it count in the group', async () => {
    const group = newGroup();
    // An address no other test here reports: the /flag test counts the reports on EIP55_ADDRESSES.
    const address = '0x00000000000000000000000000000000000A11cE';
    // Nina's first message in the group is her report: the bot never saw her before, tenure 0.
    const nina = newUser('Nina');
    const filed = send(group, nina, `/report ${address} phishing fake <b>support</b>`);
    const { sent: receipt } = await nextReply(group.id, filed.mark, repliesTo(filed.msg.message_id));
    expect(receipt.text).toContain("Your report waits for a moderator's review before it changes the level");
    expect(receipt.text).toContain('you joined this community recently');
    const before = send(group, nina, `/check ${address}`);
    const { sent: held } = await nextReply(group.id, before.mark, repliesTo(before.msg.message_id));
    expect(held.text.split('\n')[0]).toBe('⚪ NONE · 0/100');
    expect(held.text).toContain('1 report waiting for review');

    const judy = newUser('Judy');
    const refused = send(group, judy, '/review');
    const { sent: no } = await nextReply(group.id, refused.mark, repliesTo(refused.msg.message_id));
    expect(no.text).toBe('Sorry, only admins of this group can review reports.');

    const uma = newUser('Uma the admin');
    fake.setChatMember(group.id, uma.id, 'administrator');
    const asked = send(group, uma, '/review');
    const { sent: queue, call } = await nextReply(group.id, asked.mark, repliesTo(asked.msg.message_id));
    expect(queue.text).toContain('1 waiting for review (oldest first):');
    expect(queue.text).toContain(address);
    expect(queue.text).toContain('phishing · from telegram, new member');
    expect(queue.text).toContain('Note: fake <b>support</b>');
    expect(queue.text).not.toContain(String(nina.id));
    const [approve, reject] = buttons(call);
    expect(approve?.text).toBe('✅ Approve 1');
    expect(reject?.callback_data).toMatch(/^rv:r:\d+$/);

    const intruder = tap(judy, queue, String(approve?.callback_data));
    const alert = await fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === intruder.id,
      { since: intruder.mark },
    );
    expect(alert.payload).toMatchObject({
      show_alert: true,
      text: 'Sorry, only admins of this group can review reports.',
    });

    const approved = tap(uma, queue, String(approve?.callback_data));
    const edit = await fake.waitForCall((c) => c.method === 'editMessageText', { since: approved.mark });
    const edited = (edit.response as { result: SentMessage }).result;
    expect(edited.text).toContain('✅ Approved:');
    expect(edited.text).toContain('Nothing waits for review in this group.');
    expect(edited.reply_markup).toBeUndefined();

    const after = send(group, nina, `/check ${address}`);
    const { sent: counted } = await nextReply(group.id, after.mark, repliesTo(after.msg.message_id));
    expect(counted.text.split('\n')[0]).toBe('🔴 HIGH · 85/100');

    // A button altered to a report of another group decides nothing here.
    const other = tap(uma, queue, 'rv:a:999999');
    const answer = await fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === other.id,
      { since: other.mark },
    );
    expect(String(answer.payload.text)).toContain(
      'nothing waits for review as report-999999 in this community',
    );
  });

  it('lists an owner’s appeal against this group’s reports; Uphold dismisses them, and Details shows who did what, newest first', async () => {
    const group = newGroup();
    const owner = Wallet.createRandom();
    const reported = await context.chainwarden.submitReport({
      address: owner.address,
      category: 'phishing',
      reporter: 'telegram:5151',
      source: 'telegram',
      community: `telegram:${group.id}`,
    });
    expect(reported.ok && reported.value.status).toBe('active');
    const challenge = await context.chainwarden.appeals.challenge({ address: owner.address });
    if (!challenge.ok) throw new Error(challenge.error.reason);
    const filed = await context.chainwarden.appeals.submit({
      address: owner.address,
      message: challenge.value.message,
      signature: await owner.signMessage(challenge.value.message),
      statement: 'My <b>salary</b> wallet',
      source: 'api',
    });
    if (!filed.ok) throw new Error(filed.error.reason);

    const admin = newUser('Vera the admin');
    fake.setChatMember(group.id, admin.id, 'administrator');
    const asked = send(group, admin, '/review');
    const { sent: queue, call } = await nextReply(group.id, asked.mark, repliesTo(asked.msg.message_id));
    expect(queue.text).toContain('1 waiting for review (oldest first):');
    expect(queue.text).toContain('appeal · owner proved control (eip191) on ');
    expect(queue.text).toContain('disputes 1 report');
    expect(call.payload.text).toContain("Owner's statement: My &lt;b&gt;salary&lt;/b&gt; wallet");
    expect(queue.text).toContain('Uphold an appeal: the owner proved control');
    const [uphold, reject] = buttons(call);
    expect(uphold).toEqual({ text: '✅ Uphold 1', callback_data: `rv:a:p${filed.value.id}` });
    expect(reject?.callback_data).toBe(`rv:r:p${filed.value.id}`);

    const upheld = tap(admin, queue, String(uphold?.callback_data));
    const edit = await fake.waitForCall((c) => c.method === 'editMessageText', { since: upheld.mark });
    const edited = (edit.response as { result: SentMessage }).result;
    expect(edited.text).toMatch(/^✅ Appeal upheld: 1 report on 0x\S+ dismissed in this group\./);
    expect(edited.text).toContain('Nothing waits for review in this group.');

    const checked = send(group, admin, `/check ${owner.address}`);
    const { sent: summary } = await nextReply(group.id, checked.mark, repliesTo(checked.msg.message_id));
    expect(summary.text.split('\n')[0]).toBe('⚪ NONE · 0/100');
    const details = tap(admin, summary, 'det');
    const { sent } = await nextReply(group.id, details.mark);
    expect(sent.text).toContain('phishing (dismissed when the owner’s appeal was upheld: does not count)');
    const history = sent.text.slice(sent.text.indexOf('History (newest first)')).split('\n');
    expect(
      history.slice(1, 4).map((line) => line.replace(/^• \d{4}-\d\d-\d\d \d\d:\d\d UTC · /, '')),
    ).toEqual([
      'the appeal upheld by a moderator (telegram): that community’s reports dismissed',
      'the owner proved control and appealed (api)',
      'reported as phishing from telegram (reporter)',
    ]);
    expect(sent.text).not.toContain('5151');
    expect(sent.text).not.toContain(String(admin.id));
  });

  it('lets an anonymous admin (posting as the group) open the queue', async () => {
    const group = newGroup();
    const anonymous = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    const admin = newUser('Anonymous admin');
    fake.setChatMember(group.id, admin.id, 'administrator', { anonymous: true });
    const { msg, mark } = send(group, anonymous, '/review', { sender_chat: group });
    const { sent } = await nextReply(group.id, mark, repliesTo(msg.message_id));
    expect(sent.text).toBe('✅ Nothing waits for review in this group.');
  });
});

describe('/flag', () => {
  it('saves every address of the replied message as verified, deletes it and logs the action', async () => {
    const group = newGroup();
    const admin = newUser('Ivan the admin');
    const scammer = newUser('Support Team');
    fake.setChatMember(group.id, admin.id, 'administrator');
    const [a, b] = [EIP55_ADDRESSES[4], EIP55_ADDRESSES[5]];
    const scam = send(group, scammer, `Official refund desk: send 0.1 ETH to ${a} or ${b}`);
    const flag = send(group, admin, '/flag phishing fake refund desk', { reply_to_message: scam.msg });

    const { sent } = await nextReply(group.id, scam.mark, repliesTo(flag.msg.message_id));
    expect(sent.text).toContain(
      '🚩 Flagged 2 addresses as phishing, verified in this group (elsewhere one report each unless the operator trusts this group):',
    );
    expect(sent.text).toContain('The message was deleted.');
    const deleted = fake.callsSince(scam.mark, 'deleteMessage');
    expect(deleted.map((c) => [c.payload.chat_id, c.payload.message_id])).toEqual([
      [group.id, scam.msg.message_id],
    ]);
    for (const address of [a, b]) {
      const reports = await context.stores.reports.listReports(await keyOf(address), 10);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({
        category: 'phishing',
        note: 'fake refund desk',
        reporter: `telegram:${admin.id}`,
        verifiedBy: `telegram:${admin.id}`,
        community: `telegram:${group.id}`,
      });
    }
    const log = await context.chainwarden.moderationLog.recent(`telegram:${group.id}`, 10);
    expect(log.find((row) => row.action === 'flag')).toMatchObject({
      actor: `telegram:${admin.id}`,
      target: `message:${scam.msg.message_id}`,
      details: { deleted: true, category: 'phishing' },
    });
  });

  it('reports a bad category once, with the valid categories, and saves, deletes and logs nothing', async () => {
    const group = newGroup();
    const admin = newUser('Nadia the admin');
    fake.setChatMember(group.id, admin.id, 'administrator');
    // Addresses no test reports: the point is that nothing gets saved for them here either.
    const [a, b] = [EIP55_ADDRESSES[0], EIP55_ADDRESSES[6]];
    const scam = send(group, newUser('Mallory'), `double your ETH: ${a} ${b}`);
    const flag = send(group, admin, '/flag scammy <b>bold</b> note', { reply_to_message: scam.msg });

    const { sent } = await nextReply(group.id, scam.mark, repliesTo(flag.msg.message_id));
    expect(sent.text).toContain('Unknown report category');
    expect(sent.text).toContain('"scammy" is not a report category');
    expect(sent.text).toContain('One of: phishing, impersonation, fake-airdrop');
    expect(sent.text?.match(/not a report category/g)).toHaveLength(1);
    expect(fake.callsSince(scam.mark, 'deleteMessage')).toHaveLength(0);
    for (const address of [a, b]) {
      expect(await context.stores.reports.listReports(await keyOf(address), 10)).toHaveLength(0);
    }
    expect(await context.chainwarden.moderationLog.recent(`telegram:${group.id}`, 10)).toEqual([]);
  });

  it('politely refuses a member who is not an admin and saves nothing', async () => {
    const group = newGroup();
    const member = newUser('Judy');
    const address = EIP55_ADDRESSES[6];
    const scam = send(group, newUser('Mallory'), `pay ${address}`);
    const flag = send(group, member, '/flag', { reply_to_message: scam.msg });
    const { sent } = await nextReply(group.id, scam.mark, repliesTo(flag.msg.message_id));
    expect(sent.text).toContain('only admins of this group can flag messages');
    const asked = fake.callsSince(scam.mark, 'getChatMember');
    expect(asked[0]?.payload).toMatchObject({ chat_id: group.id, user_id: member.id });
    expect(fake.callsSince(scam.mark, 'deleteMessage')).toHaveLength(0);
    expect(await context.stores.reports.listReports(await keyOf(address), 10)).toHaveLength(0);
  });

  it('refuses an admin without the “Delete messages” right and saves nothing', async () => {
    const group = newGroup();
    const admin = newUser('Uma the admin');
    fake.setChatMember(group.id, admin.id, 'administrator', { rights: { can_delete_messages: false } });
    const address = EIP55_ADDRESSES[6];
    const scam = send(group, newUser('Mallory'), `pay ${address}`);
    const flag = send(group, admin, '/flag phishing', { reply_to_message: scam.msg });
    const { sent } = await nextReply(group.id, scam.mark, repliesTo(flag.msg.message_id));
    expect(sent.text).toContain('flagging needs the “Delete messages” admin right');
    expect(fake.callsSince(scam.mark, 'deleteMessage')).toHaveLength(0);
    expect(await context.stores.reports.listReports(await keyOf(address), 10)).toHaveLength(0);
  });

  it('refuses an anonymous admin when one of the anonymous admins lacks the right to delete', async () => {
    const group = newGroup();
    fake.setChatMember(group.id, newUser('Vera').id, 'administrator', { anonymous: true });
    fake.setChatMember(group.id, newUser('Walt').id, 'administrator', {
      anonymous: true,
      rights: { can_delete_messages: false },
    });
    const anonymous = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    const address = EIP55_ADDRESSES[6];
    const scam = send(group, newUser('Mallory'), `pay ${address}`);
    const flag = send(group, anonymous, '/flag', { reply_to_message: scam.msg, sender_chat: group });
    const { sent } = await nextReply(group.id, scam.mark, repliesTo(flag.msg.message_id));
    expect(sent.text).toContain('flagging needs the “Delete messages” admin right');
    expect(fake.callsSince(scam.mark, 'getChatAdministrators')[0]?.payload).toMatchObject({
      chat_id: group.id,
    });
    expect(await context.stores.reports.listReports(await keyOf(address), 10)).toHaveLength(0);
  });

  it('treats an anonymous admin (posting as the group) as an admin and says when it cannot delete', async () => {
    const group = newGroup();
    fake.setChatMember(group.id, newUser('Xena').id, 'creator', { anonymous: true });
    fake.refuseDelete(group.id);
    const anonymous = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    const address = BIP173_ADDRESS;
    const scam = send(group, newUser('Mallory'), `new wallet: ${address}`);
    const flag = send(group, anonymous, '/flag', { reply_to_message: scam.msg, sender_chat: group });
    const { sent } = await nextReply(group.id, scam.mark, repliesTo(flag.msg.message_id));
    expect(sent.text).toContain(
      '🚩 Flagged one address as other, verified in this group (elsewhere one report each unless the operator trusts this group):',
    );
    expect(sent.text).toContain('I could not delete the message');
    expect(fake.callsSince(scam.mark, 'getChatMember')).toHaveLength(0);
    const reports = await context.stores.reports.listReports(await keyOf(address), 10);
    expect(reports[0]).toMatchObject({
      verifiedBy: `telegram:${group.id}`,
      reporter: `telegram:${group.id}`,
    });
  });
});

describe('group scanning', () => {
  it('warns under a message with a high-risk address and logs it, but not under a clean one', async () => {
    const group = newGroup();
    const poster = newUser('Poster');
    const clean = send(group, poster, `my address is ${EIP55_ADDRESSES[0]}`);
    await barrier(group);
    expect(fake.callsSince(clean.mark, 'sendMessage').filter(repliesTo(clean.msg.message_id))).toHaveLength(
      0,
    );

    const risky = send(group, poster, `airdrop!! send to ${DARKLIST_ENTRY.address} to claim`);
    const { call, sent } = await nextReply(group.id, risky.mark, repliesTo(risky.msg.message_id));
    expect(sent.text).toContain('⚠️ Careful: this message contains a risky address:');
    expect(sent.text).toContain('🔴 HIGH 0x09750Ad360fDB7a2ee23669C4503C974d86D8694');
    expect(buttons(call).map((b) => b.text)).toEqual(['Report this address', 'Details', 'Trace funds']);
    const log = await context.chainwarden.moderationLog.recent(`telegram:${group.id}`, 10);
    expect(log[0]).toMatchObject({
      action: 'auto-warn',
      actor: 'system',
      target: `message:${risky.msg.message_id}`,
    });
  });

  it('warns under a sanctioned address of a chain the core does not parse (matched verbatim)', async () => {
    // A Dash address (constructed, version 0x4c; Litecoin, the example until issue 17, is parsed now).
    const ltc = 'XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rt';
    await context.stores.lists.replaceList(
      { source: 'ofac-ltc-test', kind: 'sanctions', listDate: '2024-09-27' },
      once([
        {
          key: ltc,
          chain: 'other',
          display: ltc,
          label: null,
          category: null,
          entity: 'TEST ENTITY',
          program: 'TEST',
          listedAt: null,
        },
      ]),
    );
    const group = newGroup();
    const risky = send(group, newUser('Lita'), `pay in DASH: ${ltc} thanks`);
    const { sent } = await nextReply(group.id, risky.mark, repliesTo(risky.msg.message_id));
    expect(sent.text).toContain(`⛔ SEVERE ${ltc}`);
  });

  it('limits warnings per chat so a flood of scam posts gets a few warnings, not one each', async () => {
    const group = newGroup();
    const mark = fake.mark();
    for (let i = 0; i < GROUP_WARNING_LIMIT + 2; i++)
      send(group, newUser('Flooder'), `claim at ${DARKLIST_ENTRY.address}`);
    await barrier(group);
    const warnings = fake
      .callsSince(mark, 'sendMessage')
      .filter((c) => c.payload.chat_id === group.id && c.payload.text?.includes('contains a risky address'));
    expect(warnings).toHaveLength(GROUP_WARNING_LIMIT);
  });

  it('deletes the message in delete mode set by an admin with /settings', async () => {
    const group = newGroup();
    const admin = newUser('Ken');
    fake.setChatMember(group.id, admin.id, 'creator');
    const set = send(group, admin, `/settings@${BOT.username} scan delete`);
    const { sent } = await nextReply(group.id, set.mark, repliesTo(set.msg.message_id));
    expect(sent.text).toContain('✅ Saved.');
    expect(sent.text).toContain('Scan mode: delete');
    expect(sent.text).toContain('privacy mode is off');
    expect((await context.chainwarden.settings.get(`telegram:${group.id}`)).scanMode).toBe('delete');

    const risky = send(group, newUser('Mallory'), `send to ${DARKLIST_ENTRY.address}`);
    const warning = await nextReply(
      group.id,
      risky.mark,
      (c) => c.payload.text?.includes('I removed a message') ?? false,
    );
    expect(warning.call.payload.reply_parameters).toBeUndefined();
    expect(fake.callsSince(risky.mark, 'deleteMessage').map((c) => c.payload.message_id)).toEqual([
      risky.msg.message_id,
    ]);
  });

  it('refuses /settings from a member who is not an admin', async () => {
    const group = newGroup();
    const member = newUser('Leo');
    const { msg, mark } = send(group, member, '/settings scan off');
    const { sent } = await nextReply(group.id, mark, repliesTo(msg.message_id));
    expect(sent.text).toContain('only admins of this group can see or change my settings');
    expect((await context.chainwarden.settings.get(`telegram:${group.id}`)).scanMode).toBe('warn');
  });

  it('lets an admin without “Change group info” see the settings but not change them', async () => {
    const group = newGroup();
    const admin = newUser('Yves');
    fake.setChatMember(group.id, admin.id, 'administrator', { rights: { can_change_info: false } });
    const change = send(group, admin, '/settings scan off');
    const { sent: refused } = await nextReply(group.id, change.mark, repliesTo(change.msg.message_id));
    expect(refused.text).toContain('changing my settings needs the “Change group info” admin right');
    expect((await context.chainwarden.settings.get(`telegram:${group.id}`)).scanMode).toBe('warn');
    const view = send(group, admin, '/settings');
    const { sent: shown } = await nextReply(group.id, view.mark, repliesTo(view.msg.message_id));
    expect(shown.text).toContain('Scan mode: warn');
  });

  it('scans a message that only starts with “/”, but not a command for another bot', async () => {
    const group = newGroup();
    const poster = newUser('Poster');
    const command = send(group, poster, `/tip@OtherBot ${DARKLIST_ENTRY.address}`);
    const slash = send(group, poster, `/ send to ${DARKLIST_ENTRY.address} for the airdrop`);
    const { sent } = await nextReply(group.id, slash.mark, repliesTo(slash.msg.message_id));
    expect(sent.text).toContain('⚠️ Careful: this message contains a risky address:');
    await barrier(group);
    expect(
      fake.callsSince(command.mark, 'sendMessage').filter(repliesTo(command.msg.message_id)),
    ).toHaveLength(0);
  });

  it('does not answer another bot’s command, but warns about its scam post', async () => {
    const group = newGroup();
    const spamBot = { id: 5550001, is_bot: true, first_name: 'Spam', username: 'SpamBot' };
    const command = send(group, spamBot, `/check ${DARKLIST_ENTRY.address}`);
    const post = send(group, spamBot, `send to ${DARKLIST_ENTRY.address}`);
    const { sent } = await nextReply(group.id, post.mark, repliesTo(post.msg.message_id));
    expect(sent.text).toContain('⚠️ Careful: this message contains a risky address:');
    await barrier(group);
    expect(
      fake.callsSince(command.mark, 'sendMessage').filter(repliesTo(command.msg.message_id)),
    ).toHaveLength(0);
    const log = await context.chainwarden.moderationLog.recent(`telegram:${group.id}`, 10);
    expect(log[0]).toMatchObject({ action: 'auto-warn', details: { author: `telegram:${spamBot.id}` } });
  });

  it('deletes a scam post sent as a channel, and the warning and the log name the channel', async () => {
    const group = newGroup();
    const admin = newUser('Quinn');
    fake.setChatMember(group.id, admin.id, 'creator');
    const set = send(group, admin, '/settings scan delete');
    await nextReply(group.id, set.mark, repliesTo(set.msg.message_id));
    // A post "sent as" a channel: from is the placeholder Channel_Bot, sender_chat the channel.
    const channel: ChatShape = { id: -1009876543210, type: 'channel', title: 'Crypto <Signals>' };
    const channelBot = { id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' };
    const post = send(group, channelBot, `VIP deposit: ${DARKLIST_ENTRY.address}`, { sender_chat: channel });
    const warning = await nextReply(
      group.id,
      post.mark,
      (c) => c.payload.text?.includes('I removed a message') ?? false,
    );
    expect(warning.sent.text).toContain(
      'I removed a message sent as “Crypto <Signals>” with a risky address',
    );
    expect(fake.callsSince(post.mark, 'deleteMessage').map((c) => c.payload.message_id)).toEqual([
      post.msg.message_id,
    ]);
    const log = await context.chainwarden.moderationLog.recent(`telegram:${group.id}`, 10);
    expect(log.find((row) => row.action === 'auto-delete')).toMatchObject({
      target: `message:${post.msg.message_id}`,
      details: {
        author: `telegram:${channel.id}`,
        senderChat: { id: channel.id, title: 'Crypto <Signals>' },
      },
    });
  });

  it('screens a reply to its own question, then goes on with the report', async () => {
    const group = newGroup();
    const rita = newUser('Rita');
    const asked = send(group, rita, '/report');
    const { sent: prompt } = await nextReply(group.id, asked.mark, repliesTo(asked.msg.message_id));
    const risky = send(group, rita, DARKLIST_ENTRY.address, { reply_to_message: prompt });
    const { sent: warning } = await nextReply(group.id, risky.mark, repliesTo(risky.msg.message_id));
    expect(warning.text).toContain('⚠️ Careful: this message contains a risky address:');
    const { sent: question } = await nextReply(
      group.id,
      risky.mark,
      (c) => repliesTo(risky.msg.message_id)(c) && (c.payload.text?.includes('Which kind of scam') ?? false),
    );
    expect(question.text?.toLowerCase()).toContain(DARKLIST_ENTRY.address.toLowerCase());
  });
});

describe('limits and failures', () => {
  it('tells a user once per window to slow down, then stays quiet', async () => {
    const group = newGroup();
    const eager = newUser('Eager');
    const mark = fake.mark();
    for (let i = 0; i < USER_RATE_LIMIT + 3; i++) send(group, eager, '/help');
    await barrier(group);
    const replies = fake.callsSince(mark, 'sendMessage').filter((c) => c.payload.chat_id === group.id);
    const slowDowns = replies.filter((c) => c.payload.text?.startsWith('Slow down'));
    const helps = replies.filter((c) => c.payload.text?.includes('<b>Commands</b>'));
    expect(slowDowns).toHaveLength(1);
    // The user's five, plus the barrier's own /help.
    expect(helps).toHaveLength(USER_RATE_LIMIT + 1);
  });

  it('counts replies to its own questions in a group against the per-user limit', async () => {
    const group = newGroup();
    const sam = newUser('Sam');
    const asked = send(group, sam, '/report');
    const { sent: prompt } = await nextReply(group.id, asked.mark, repliesTo(asked.msg.message_id));
    const mark = fake.mark();
    // The /report above was one request; these replies are the rest, and two more.
    for (let i = 0; i < USER_RATE_LIMIT + 1; i++) send(group, sam, '0x1234', { reply_to_message: prompt });
    await barrier(group);
    const replies = fake.callsSince(mark, 'sendMessage').filter((c) => c.payload.chat_id === group.id);
    expect(replies.filter((c) => c.payload.text?.includes('has 4 hex characters'))).toHaveLength(
      USER_RATE_LIMIT - 1,
    );
    expect(replies.filter((c) => c.payload.text?.startsWith('Slow down'))).toHaveLength(1);
  });

  it('retries a reply Telegram answered with 429 after retry_after', async () => {
    const nina = newUser('Nina');
    const chat = privateChat(nina);
    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const { mark } = send(chat, nina, '/help');
    const { sent } = await nextReply(chat.id, mark, (c) => c.response.ok);
    expect(sent.text).toContain('Commands');
    const attempts = fake.callsSince(mark, 'sendMessage');
    expect(attempts.map((c) => c.response.ok)).toEqual([false, true]);
  });

  it('apologises with a reference id, never the error text, when something unexpected fails', async () => {
    const group = newGroup();
    fake.failNext('getChatMember', { error_code: 400, description: 'Bad Request: secret internal detail' });
    const scam = send(group, newUser('Mallory'), `pay ${EIP55_ADDRESSES[0]}`);
    const flag = send(group, newUser('Oscar'), '/flag', { reply_to_message: scam.msg });
    const { sent } = await nextReply(group.id, scam.mark, repliesTo(flag.msg.message_id));
    expect(sent.text).toMatch(/^Sorry, something went wrong on my side\. .*\(reference [0-9a-f]{8}\)$/);
    expect(sent.text).not.toContain('secret internal detail');
  });
});

describe('/appeal', () => {
  it('gives the challenge in a private chat, files the signed appeal, and /check then says the owner disputes the reports', async () => {
    const owner = Wallet.createRandom();
    const reported = await context.chainwarden.submitReport({
      address: owner.address,
      category: 'phishing',
      reporter: 'telegram:424242',
      source: 'telegram',
    });
    expect(reported.ok).toBe(true);
    const user = newUser('Owner');
    const chat = privateChat(user);

    const asked = send(chat, user, `/appeal ${owner.address}`);
    const { sent } = await nextReply(chat.id, asked.mark, repliesTo(asked.msg.message_id));
    const text = /Chainwarden appeal: [^\n]+/.exec(sent.text)?.[0];
    expect(text).toContain(owner.address);
    expect(sent.text).toContain('sign this exact text as a message');
    expect(sent.text).toContain('Sign message');

    const stranger = Wallet.createRandom();
    const wrong = send(chat, user, `/appeal ${owner.address} ${await stranger.signMessage(text!)} mine`);
    const refused = await nextReply(chat.id, wrong.mark, repliesTo(wrong.msg.message_id));
    expect(refused.sent.text).toContain(`Not verified. The message was signed by ${stranger.address}`);

    const right = send(
      chat,
      user,
      `/appeal ${owner.address} ${await owner.signMessage(text!)} It is my wallet <b>really</b>`,
    );
    const filed = await nextReply(chat.id, right.mark, repliesTo(right.msg.message_id));
    expect(filed.sent.text).toMatch(/^✅ Verified: the signature proves control of 0x/);
    expect(filed.sent.text).toMatch(/Appeal \d+ is filed and waits for a moderator/);

    const again = send(chat, user, `/appeal ${owner.address} ${await owner.signMessage(text!)} again`);
    expect((await nextReply(chat.id, again.mark, repliesTo(again.msg.message_id))).sent.text).toContain(
      'This challenge was used already',
    );

    const check = send(chat, user, `/check ${owner.address}`);
    const summary = await nextReply(chat.id, check.mark, repliesTo(check.msg.message_id));
    expect(summary.sent.text).toMatch(
      /The owner proved control of this address on \d{4}-\d\d-\d\d and disputes the reports/,
    );
    const [appeal] = await context.chainwarden.appeals.list({ status: 'pending' });
    expect(appeal).toMatchObject({ statement: 'It is my wallet <b>really</b>', source: 'telegram' });
  });

  it('in a group, continues in a private chat through a deep link', async () => {
    const group = newGroup();
    const user = newUser();
    const address = EIP55_ADDRESSES[2];
    const { msg, mark } = send(group, user, `/appeal@${BOT.username} ${address}`);
    const { call } = await nextReply(group.id, mark, repliesTo(msg.message_id));
    expect(call.payload.text).toContain('Appeals continue in a private chat');
    expect(call.payload.text).toContain(`href="https://t.me/${BOT.username}?start=appeal_${address}"`);
  });
});
