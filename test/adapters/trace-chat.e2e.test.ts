/**
 * `/trace` and the "Trace funds" button, end to end: the real Telegram bot against the fake Bot API
 * and the real discord.js client against the fake Discord, with real storage. What is asserted is
 * what a person sees: "Tracing…" at once and then the answer in its place (Telegram), a deferred
 * reply edited into the embed (Discord), the precise reason when a trace cannot start, and the
 * per-person limit on traces. The last part traces a real graph on anvil: a sanctioned address
 * (LAZARUS GROUP, as OFAC lists it) paid an intermediary, which paid the screened address; the
 * answer names it with the path and hashes, and the diagram arrives as a PNG (Telegram sendPhoto,
 * a Discord attachment shown in the embed).
 */
import { getAddress, JsonRpcProvider, JsonRpcSigner, parseEther, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainHistory } from '../../src/chain/index.js';
import { createLogger } from '../../src/logger.js';
import { type Anvil, startAnvil } from '../chain/servers.js';
import { listEntry } from '../fixtures/builders.js';
import {
  type DiscordHarness,
  startDiscordHarness,
  startTelegramHarness,
  type TelegramHarness,
} from '../support/bots.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { buttonInteraction, slashCommandInteraction } from '../support/fake-discord.js';
import { pngSize, type RecordedCall, type SentMessage, type UploadedFile } from '../support/fake-telegram.js';

/** Made up: an address nobody reported, and a mistyped one (39 hex digits). */
const CLEAN = '0x00000000000000000000000000000000000c1Ea0';
const TYPO = '0x00000000000000000000000000000000000c1ea';
const TRACES_PER_WINDOW = 3;
const TRACE_LIMIT = { limit: TRACES_PER_WINDOW, windowMs: 600_000 };

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => {
  await context?.close();
});

describe('Telegram /trace', () => {
  let bot: TelegramHarness;
  let nextMessageId = 1;
  let nextUserId = 800;
  const chat = (user: { id: number }) => ({ id: user.id, type: 'private' as const, first_name: 'User' });
  const newUser = () => ({ id: nextUserId++, is_bot: false, first_name: 'Tess' });

  beforeAll(async () => {
    bot = await startTelegramHarness(context.chainwarden, {
      id: 8,
      logger: createLogger('silent'),
      traceRateLimit: TRACE_LIMIT,
    });
  });
  afterAll(async () => {
    await bot?.close();
  });

  function send(from: { id: number }, text: string) {
    const mark = bot.fake.mark();
    const command = /^\/\S+/.exec(text)?.[0];
    const msg = {
      message_id: nextMessageId++,
      from: { ...from, is_bot: false, first_name: 'Tess' },
      chat: chat(from),
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    };
    bot.fake.pushUpdate(bot.token, { message: msg });
    return { msg, mark };
  }

  function tap(from: { id: number }, on: SentMessage, data: string) {
    const mark = bot.fake.mark();
    const id = `cbq-trace-${nextMessageId++}`;
    bot.fake.pushUpdate(bot.token, {
      callback_query: {
        id,
        from: { ...from, is_bot: false, first_name: 'Tess' },
        message: on,
        chat_instance: '1',
        data,
      },
    });
    return { id, mark };
  }

  const sentText = (call: RecordedCall) => (call.response as { result: SentMessage }).result;

  async function reply(chatId: number, mark: number) {
    const call = await bot.fake.waitForCall(
      (c) => c.method === 'sendMessage' && c.payload.chat_id === chatId,
      {
        since: mark,
      },
    );
    expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
    return sentText(call);
  }

  async function editOf(message: SentMessage, mark: number) {
    const call = await bot.fake.waitForCall(
      (c) => c.method === 'editMessageText' && c.payload.message_id === message.message_id,
      { since: mark, timeoutMs: 20_000 },
    );
    expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
    return sentText(call);
  }

  it('answers /trace alone with how to use it', async () => {
    const user = newUser();
    const { mark } = send(user, '/trace');
    const sent = await reply(user.id, mark);
    expect(sent.text).toContain('Send /trace <address> [1|2]');
  });

  it('says precisely what is wrong with a mistyped address, and starts no trace', async () => {
    const user = newUser();
    const { mark } = send(user, `/trace ${TYPO}`);
    const sent = await reply(user.id, mark);
    expect(sent.text).toBe(
      `❌ Not a valid address\n“${TYPO}” has 39 hex characters after 0x, an EVM address has 40.\nAn EVM address is 0x followed by 40 hex characters, e.g. 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed.`,
    );
    expect(bot.fake.callsSince(mark, 'editMessageText')).toEqual([]);
  });

  it('refuses a hop count other than 1 or 2 with the reason', async () => {
    const user = newUser();
    const { mark } = send(user, `/trace ${CLEAN} 3`);
    const sent = await reply(user.id, mark);
    expect(sent.text).toContain('hops must be 1 or 2 (1: direct counterparties, 2: theirs too), not "3".');
  });

  it('sends "Tracing…" at once and edits it into the answer: here, that no node is configured', async () => {
    const user = newUser();
    const { mark } = send(user, `/trace ${CLEAN} 1`);
    const placeholder = await reply(user.id, mark);
    expect(placeholder.text).toBe(
      `🔎 Tracing the funds of ${CLEAN}, 1 hop out… This can take up to a few seconds.`,
    );
    const answer = await editOf(placeholder, mark);
    expect(answer.text.split('\n')[0]).toBe('❌ Cannot trace this address');
  });

  it('offers "Trace funds" under a check and traces the address the check named', async () => {
    const user = newUser();
    const { mark } = send(user, `/check ${CLEAN}`);
    const check = await reply(user.id, mark);
    const button = check.reply_markup?.inline_keyboard?.flat().find((b) => b.text === 'Trace funds');
    expect(button?.callback_data).toBe('trace');
    const { id, mark: tapped } = tap(user, check, 'trace');
    const answered = await bot.fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id,
      { since: tapped },
    );
    expect(answered.payload.text).toBe('Tracing…');
    const placeholder = await reply(user.id, tapped);
    expect(placeholder.text).toContain(`Tracing the funds of ${CLEAN}, 2 hops out…`);
    await editOf(placeholder, tapped);
  });

  it('refuses a tap on a message that names no address, as too old to read', async () => {
    const user = newUser();
    const { mark } = send(user, '/help');
    const help = await reply(user.id, mark);
    const { id, mark: tapped } = tap(user, { ...help, entities: [] }, 'trace');
    const answered = await bot.fake.waitForCall(
      (c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id,
      { since: tapped },
    );
    expect(answered.payload).toMatchObject({
      text: 'That message is too old to read. Send /trace <address> instead.',
      show_alert: true,
    });
  });

  it(`lets one person start ${TRACES_PER_WINDOW} traces per window, then says why not`, async () => {
    const user = newUser();
    for (let i = 0; i < TRACES_PER_WINDOW; i += 1) {
      const { mark } = send(user, `/trace ${CLEAN}`);
      expect((await reply(user.id, mark)).text).toContain('Tracing the funds');
    }
    const { mark } = send(user, `/trace ${CLEAN}`);
    expect((await reply(user.id, mark)).text).toBe(
      `A trace reads a lot of chain history, so each person can start ${TRACES_PER_WINDOW} per 600 seconds. Please wait a little and try again.`,
    );
    // Someone else is not held back by it.
    const other = newUser();
    const { mark: otherMark } = send(other, `/trace ${CLEAN}`);
    expect((await reply(other.id, otherMark)).text).toContain('Tracing the funds');
  });
});

describe('Discord /trace', () => {
  let discord: DiscordHarness;
  const EPHEMERAL = 64;

  beforeAll(async () => {
    discord = await startDiscordHarness(context.chainwarden, {
      id: 8,
      logger: createLogger('silent'),
      traceRateLimit: TRACE_LIMIT,
    });
  });
  afterAll(async () => {
    await discord?.close();
  });

  function send(interaction: { id: string; token: string }) {
    discord.fake.dispatch('INTERACTION_CREATE', interaction);
    return interaction;
  }

  const callbackOf = (i: { id: string; token: string }) =>
    discord.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/interactions/${i.id}/${i.token}/callback`,
    );

  it('defers privately at once, then edits in why the trace cannot run', async () => {
    const i = send(slashCommandInteraction(discord.scope, discord.member, 'trace', { address: CLEAN }));
    expect((await callbackOf(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await discord.answerOf(i);
    expect(edit.body.embeds[0].title).toBe('❔ Cannot trace this address');
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('says precisely what is wrong with a mistyped address', async () => {
    const i = send(slashCommandInteraction(discord.scope, discord.member, 'trace', { address: TYPO }));
    const [embed] = (await discord.answerOf(i)).body.embeds;
    expect(embed.title).toBe('❔ Not a valid address');
    expect(embed.description).toBe(`\`${TYPO}\`: Has 39 hex characters after 0x, an EVM address has 40.`);
  });

  it('"Trace funds" under a check answers privately for whoever clicks it', async () => {
    const check = send(slashCommandInteraction(discord.scope, discord.member, 'check', { address: CLEAN }));
    const answer = await discord.answerOf(check);
    const button = answer.body.components[0].components.find(
      (b: { label: string }) => b.label === 'Trace funds',
    );
    expect(button.custom_id).toBe(`addr:trace:${CLEAN.toLowerCase()}`);
    const click = send(
      buttonInteraction(discord.scope, discord.moderator, button.custom_id, {
        id: '1',
        channel_id: discord.channelId,
      }),
    );
    expect((await callbackOf(click)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect((await discord.answerOf(click)).body.embeds[0].title).toBe('❔ Cannot trace this address');
  });

  it(`lets one member start ${TRACES_PER_WINDOW} traces per window, then says why not, privately`, async () => {
    const member = { ...discord.member, user: { id: '1400000000000000888', username: 'tracer' } };
    for (let i = 0; i < TRACES_PER_WINDOW; i += 1) {
      const ok = send(slashCommandInteraction(discord.scope, member, 'trace', { address: CLEAN }));
      expect((await callbackOf(ok)).body.type).toBe(5);
    }
    const refused = send(slashCommandInteraction(discord.scope, member, 'trace', { address: CLEAN }));
    expect((await callbackOf(refused)).body).toMatchObject({
      type: 4,
      data: {
        content: `A trace reads a lot of chain history, so each person can start ${TRACES_PER_WINDOW} per 600 seconds. Please wait a little and try again.`,
        flags: EPHEMERAL,
        allowed_mentions: { parse: [], replied_user: false },
      },
    });
  });
});

describe('a real trace on anvil, in both chats', () => {
  /** OFAC lists it for LAZARUS GROUP (DPRK3): the Ronin bridge exploiter. */
  const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
  const via = getAddress(Wallet.createRandom().address);
  const screened = getAddress(Wallet.createRandom().address);
  let anvil: Anvil;
  let traced: TestContext;
  let telegram: TelegramHarness;
  let discord: DiscordHarness;
  const hashes: string[] = [];

  beforeAll(async () => {
    anvil = await startAnvil(1);
    const provider = new JsonRpcProvider(anvil.url, 1, { staticNetwork: true });
    await provider.send('anvil_autoImpersonateAccount', [true]);
    for (const who of [LAZARUS, via])
      await provider.send('anvil_setBalance', [who, `0x${parseEther('100').toString(16)}`]);
    const send = async (from: string, to: string, ether: string) => {
      const tx = await new JsonRpcSigner(provider, from).sendTransaction({ to, value: parseEther(ether) });
      await tx.wait();
      return tx.hash;
    };
    hashes.push(await send(LAZARUS, via, '5'), await send(via, screened, '2'));
    provider.destroy();
    traced = await createTestContext({
      history: createChainHistory({
        evmRpcUrls: { 1: anvil.url },
        esploraUrl: null,
        trongridUrl: null,
        timeoutMs: 5_000,
      }),
    });
    await traced.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27', category: null },
      (async function* () {
        yield [
          listEntry(LAZARUS.toLowerCase(), { display: LAZARUS, entity: 'LAZARUS GROUP', program: 'DPRK3' }),
        ];
      })(),
    );
    telegram = await startTelegramHarness(traced.chainwarden, { id: 1, logger: createLogger('silent') });
    discord = await startDiscordHarness(traced.chainwarden, { id: 1, logger: createLogger('silent') });
  }, 60_000);
  afterAll(async () => {
    await telegram?.close();
    await discord?.close();
    await traced?.close();
    await anvil?.stop();
  });

  const SENTENCE = `Received 2 ETH from ${via.slice(0, 6)}…${via.slice(-4)}, which received 5 ETH from 0x098B…2f96 (ofac-sdn: LAZARUS GROUP (DPRK3)), 2 hops`;

  it('Telegram: "Tracing…" becomes the answer with the path and hashes, then the diagram arrives as a photo', async () => {
    const user = { id: 901, is_bot: false, first_name: 'Tess' };
    const mark = telegram.fake.mark();
    telegram.fake.pushUpdate(telegram.token, {
      message: {
        message_id: 1,
        from: user,
        chat: { id: user.id, type: 'private', first_name: 'Tess' },
        date: Math.floor(Date.now() / 1000),
        text: `/trace ${screened}`,
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    });
    const placeholder = await telegram.fake.waitForCall((c) => c.method === 'sendMessage', { since: mark });
    const sent = (placeholder.response as { result: SentMessage }).result;
    expect(sent.text).toContain('Tracing the funds of');
    const edit = await telegram.fake.waitForCall(
      (c) => c.method === 'editMessageText' && c.payload.message_id === sent.message_id,
      { since: mark, timeoutMs: 20_000 },
    );
    expect(edit.response.ok, JSON.stringify(edit.response)).toBe(true);
    const answer = (edit.response as { result: SentMessage }).result.text;
    expect(answer.split('\n')[0]).toBe('🟢 LOW · funds traced 2 hops');
    expect(answer).toContain('1 flagged address within 2 hops: 1 indirect.');
    expect(answer).toContain(`⛔ 1. ${SENTENCE}`);
    expect(answer).toContain(`flagged address ${LAZARUS} · ofac-sdn (2024-09-27)`);
    for (const hash of hashes) expect(answer).toContain(hash);

    const photo = await telegram.fake.waitForCall((c) => c.method === 'sendPhoto', {
      since: mark,
      timeoutMs: 20_000,
    });
    expect(photo.response.ok, JSON.stringify(photo.response)).toBe(true);
    expect(photo.payload.reply_parameters).toMatchObject({ message_id: sent.message_id });
    const file = photo.payload.photo as UploadedFile;
    expect(file.filename).toBe('trace.png');
    const size = pngSize(file.data);
    expect(size && size.width + size.height).toBeLessThanOrEqual(10_000);
    expect((photo.response as { result: { caption: string } }).result.caption).toMatch(
      /^🟢 LOW · funds traced 2 hops\nPaths from 0x/,
    );
  });

  it('Discord: the deferred reply becomes the embed, with the diagram attached and shown in it', async () => {
    const i = slashCommandInteraction(discord.scope, discord.member, 'trace', {
      address: screened,
      public: true,
    });
    discord.fake.dispatch('INTERACTION_CREATE', i);
    const callback = await discord.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/interactions/${i.id}/${i.token}/callback`,
    );
    expect(callback.body.type).toBe(5);
    const edit = await discord.answerOf(i, 20_000);
    const [embed] = edit.body.embeds;
    expect(embed.title).toBe('🟢 LOW · funds traced 2 hops');
    expect(embed.fields[0].value).toContain(SENTENCE);
    expect(embed.image).toEqual({ url: 'attachment://trace.png' });
    expect(edit.files).toHaveLength(1);
    expect(edit.files[0]).toMatchObject({
      field: 'files[0]',
      filename: 'trace.png',
      contentType: 'image/png',
    });
    expect(pngSize(edit.files[0]!.data)).not.toBeNull();
    // The JSON part names the upload by its index: files[0] is attachment 0.
    expect(edit.body.attachments).toEqual([expect.objectContaining({ id: '0' })]);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});
