/**
 * Replies at the largest input a user can send: Telegram's longest message (4,096 characters, here
 * 95 EVM addresses) flagged by an admin or checked, and Discord's longest /check option (2,000
 * characters). Every reply must fit its platform's limits (the fake Telegram refuses a text over
 * 4,096 characters, as Telegram does) and count truthfully what it did not screen or flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import {
  type DiscordHarness,
  startDiscordHarness,
  startTelegramHarness,
  type TelegramHarness,
} from '../support/bots.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { type DiscordMessage, discordLimitViolations } from '../support/discord-limits.js';
import {
  messageMenuInteraction,
  messagePayload,
  modalSubmitInteraction,
  slashCommandInteraction,
} from '../support/fake-discord.js';
import type { FakeTelegram, SentMessage } from '../support/fake-telegram.js';

/** Made up for this test: distinct, valid (all-lowercase) EVM addresses that nobody reported. */
const addresses = (count: number, offset: number) =>
  Array.from({ length: count }, (_, i) => `0x${(offset + i + 1).toString(16).padStart(40, 'a')}`);

/** `words` joined by spaces and padded with filler text to exactly `length` characters. */
function message(words: string[], length: number): string {
  const text = words.join(' ');
  if (text.length > length) throw new Error('too many words for the message');
  return `${text} ${'.'.repeat(length - text.length - 1)}`;
}

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => {
  await context?.close();
});

describe('Telegram at 4,096 characters', () => {
  const admin = { id: 700, is_bot: false, first_name: 'Ada' };
  const scammer = { id: 701, is_bot: false, first_name: 'Support' };
  const group = { id: -1001000000700, type: 'supergroup', title: 'Limits' };
  let bot: TelegramHarness;
  let fake: FakeTelegram;
  let messageId = 1;

  beforeAll(async () => {
    bot = await startTelegramHarness(context.chainwarden, { id: 4, logger: createLogger('silent') });
    fake = bot.fake;
    fake.setChatMember(group.id, admin.id, 'administrator');
  });
  afterAll(async () => {
    await bot?.close();
  });

  function send(from: typeof admin, text: string, extra: Record<string, unknown> = {}) {
    const command = /^\/\S+/.exec(text)?.[0];
    const msg = {
      message_id: messageId++,
      from,
      chat: group,
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
      ...extra,
    };
    fake.pushUpdate(bot.token, { message: msg });
    return msg;
  }

  /** Every message the bot sent in reply to `to`, once `count` of them arrived; each accepted by Telegram. */
  async function repliesTo(to: { message_id: number }, count: number, mark: number): Promise<SentMessage[]> {
    const isReply = (c: { method: string; payload: { reply_parameters?: { message_id: number } } }) =>
      c.method === 'sendMessage' && c.payload.reply_parameters?.message_id === to.message_id;
    await fake.waitForCall((c) => isReply(c) && fake.callsSince(mark).filter(isReply).length >= count, {
      since: mark,
      timeoutMs: 15_000,
    });
    return fake
      .callsSince(mark)
      .filter(isReply)
      .map((call) => {
        expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
        return (call.response as { result: SentMessage }).result;
      });
  }

  it('/flag on a post of 95 addresses saves 25, and its reply fits and counts the 70 not flagged', async () => {
    const post = message(addresses(95, 0), 4096);
    expect(post.length).toBe(4096);
    const mark = fake.mark();
    const scam = send(scammer, post);
    const flag = send(admin, '/flag phishing', { reply_to_message: scam });
    const [reply] = await repliesTo(flag, 1, mark);
    expect(reply?.text.length).toBeLessThanOrEqual(4096);
    expect(reply?.text).toContain(
      '🚩 Flagged 25 addresses as phishing, verified in this group (elsewhere one report each unless the operator trusts this group):',
    );
    expect(reply?.text).toContain('70 more addresses were not flagged: one flag saves at most 25.');
    expect(reply?.text).toContain('The message was deleted.');
    expect(reply?.text).not.toMatch(/something went wrong/i);
  });

  it('/check on a message of 90 addresses says how many were shown, screened and not screened', async () => {
    const text = `/check ${message(addresses(90, 200), 3990)}`;
    const mark = fake.mark();
    const check = send(admin, text);
    // Three summaries, then one message with the counts.
    const replies = await repliesTo(check, 4, mark);
    for (const reply of replies) expect(reply.text.length).toBeLessThanOrEqual(4096);
    const counts = replies[3]?.text ?? '';
    expect(counts).toContain('…and 17 more addresses: send them one by one with /check.');
    expect(counts).toContain(
      '…and 70 more addresses not screened: at most 20 per message; send them separately or use the API.',
    );
  });
});

describe('Discord at 2,000 characters', () => {
  let bot: DiscordHarness;
  beforeAll(async () => {
    bot = await startDiscordHarness(context.chainwarden, { id: 6, logger: createLogger('silent') });
  }, 30_000);
  afterAll(async () => {
    await bot?.close();
  });

  it('/check on 2,000 characters of addresses fits Discord’s limits and counts what it did not screen', async () => {
    const option = message(addresses(46, 400), 2000);
    const interaction = slashCommandInteraction(bot.scope, bot.member, 'check', { address: option });
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const edit = await bot.answerOf(interaction);
    expect(edit.method).toBe('PATCH');
    const body = edit.body as DiscordMessage;
    expect(discordLimitViolations(body)).toEqual([]);
    expect(body.content).toContain(
      '…and 26 more addresses not screened: at most 20 per message; send them separately or use the API.',
    );
  });

  it('"Check addresses" on a 4,000-character post of 90 addresses fits and counts what it did not screen', async () => {
    const post = messagePayload({
      channelId: bot.channelId,
      guildId: bot.guildId,
      author: { id: '1400000000000000097', username: 'airdrop' },
      content: message(addresses(90, 800), 4000),
    });
    const interaction = dispatched(messageMenuInteraction(bot.scope, bot.member, 'Check addresses', post));
    const body = (await bot.answerOf(interaction)).body as DiscordMessage;
    expect(discordLimitViolations(body)).toEqual([]);
    expect(body.content).toContain(
      '…and 70 more addresses not screened: at most 20 per message; send them separately or use the API.',
    );
  });

  it('"Flag scam post" on a 4,000-character post of 92 addresses: form and reply fit, 25 saved', async () => {
    const post = messagePayload({
      channelId: bot.channelId,
      guildId: bot.guildId,
      author: { id: '1400000000000000096', username: 'airdrop' },
      content: message(addresses(92, 600), 4000),
    });
    bot.fake.serveMessage(post);
    const menu = dispatched(messageMenuInteraction(bot.scope, bot.moderator, 'Flag scam post', post));
    const modal = (
      await bot.fake.waitForCall(
        (c) => c.method === 'POST' && c.path === `/interactions/${menu.id}/${menu.token}/callback`,
      )
    ).body;
    expect(modal.type).toBe(9);
    expect(modal.data.title.length).toBeLessThanOrEqual(45);
    const inputs = modal.data.components.map(
      (label: { component: { custom_id: string; value?: string } }) => label.component,
    );
    for (const input of inputs) expect((input.value ?? '').length).toBeLessThanOrEqual(4000);
    const prefilled = inputs.find((c: { custom_id: string }) => c.custom_id === 'addresses');
    const submit = dispatched(
      modalSubmitInteraction(bot.scope, bot.moderator, modal.data.custom_id, [
        { customId: 'category', values: ['fake-airdrop'] },
        { customId: 'note', value: '' },
        { customId: 'addresses', value: prefilled.value },
      ]),
    );
    const reply = (await bot.answerOf(submit)).body as DiscordMessage;
    expect(discordLimitViolations(reply)).toEqual([]);
    expect(reply.content).toContain('Saved 25 addresses');
  });

  /** Sends an interaction through the fake gateway and returns it. */
  function dispatched<T extends { id: string; token: string }>(interaction: T): T {
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    return interaction;
  }
});
