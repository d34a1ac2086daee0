/**
 * Hostile input at every entry point: generated strings (fast-check) with NUL bytes, lone
 * surrogates, control characters and 100 kB of text go through the HTTP routes, the CLI, and the
 * Telegram and Discord handlers (through the wire-level fakes). None may answer 5xx, throw, log an
 * unexpected error, or send a reply over its platform's limits. The runs are bounded to keep CI fast.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/adapters/cli/main.js';
import { createHttpApi, type HttpApi } from '../../src/adapters/http/index.js';
import { createLogger } from '../../src/logger.js';
import { DARKLIST_ENTRY, EIP55_ADDRESSES } from '../fixtures/telegram/addresses.js';
import {
  type DiscordHarness,
  startDiscordHarness,
  startTelegramHarness,
  type TelegramHarness,
} from '../support/bots.js';
import { type CliEnv, createCliEnv } from '../support/cli-env.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { type DiscordMessage, discordLimitViolations } from '../support/discord-limits.js';
import { messageMenuInteraction, messagePayload, slashCommandInteraction } from '../support/fake-discord.js';
import type { FakeTelegram } from '../support/fake-telegram.js';

const ADDRESS = EIP55_ADDRESSES[0];
const BIG = 'x'.repeat(100_000);
/** Made up: 95 distinct valid EVM addresses, a message at Telegram's 4,096-character limit. */
const MANY_ADDRESSES = Array.from(
  { length: 95 },
  (_, i) => `0x${(i + 1).toString(16).padStart(40, 'b')}`,
).join(' ');

/** Strings no honest user types, and some they do, each alone or spliced into an address. */
const nasty = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udfff',
  '\u0007',
  '\u001b[31m',
  '\u0085',
  '\u202e',
  '\r\n',
  '\t',
);
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'binary-ascii', maxLength: 120 }),
  fc
    .tuple(
      fc.constantFrom(ADDRESS, DARKLIST_ENTRY.address, 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'),
      fc.nat(45),
      nasty,
    )
    .map(([address, at, bad]) => `${address.slice(0, at)}${bad}${address.slice(at)}`),
  fc.array(nasty, { minLength: 1, maxLength: 30 }).map((parts) => parts.join('')),
  fc.constantFrom(BIG, `${ADDRESS} `.repeat(2_500), `${'\u0000'.repeat(50)}${ADDRESS}`, MANY_ADDRESSES),
);

/** Chat platforms deliver at most this many characters in a message. */
const chat = (text: string) => [...text].slice(0, 4_000).join('');

const problems: string[] = [];
const logger = createLogger('info', {
  write(line: string) {
    const entry = JSON.parse(line) as { level: number; msg: string; err?: { message?: string } };
    // Level 50 is error: an unexpected failure some boundary caught.
    if (entry.level >= 50) problems.push(`${entry.msg}: ${entry.err?.message ?? ''}`);
  },
});

let context: TestContext;

beforeAll(async () => {
  context = await createTestContext();
});
afterAll(async () => {
  await context?.close();
});

describe('HTTP', () => {
  let app: HttpApi;
  let key: string;
  beforeAll(async () => {
    app = createHttpApi({
      chainwarden: context.chainwarden,
      apiKeys: context.stores.apiKeys,
      lists: context.stores.lists,
      database: context.database,
      logger,
      metrics: new Registry(),
    });
    key = (await context.stores.apiKeys.create('hostile-input')).key;
  });

  const post = (path: string, body: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** A path segment as a client would send it; a lone surrogate cannot be URL-encoded, so it goes raw. */
  const segment = (text: string) => {
    try {
      return encodeURIComponent(text);
    } catch {
      return text;
    }
  };

  async function expectNo5xx(res: Response, what: string) {
    expect(res.status, `${what}: ${await res.clone().text()}`).toBeLessThan(500);
    if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
  }

  it('answers a NUL byte in the address path with 400 and the precise reason', async () => {
    const res = await app.request(`/v1/addresses/${ADDRESS}%00`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { reason: string; detail: string };
    expect(body.reason).toBe('contains a NUL byte (U+0000), which no address has');
    expect(body.detail).not.toContain('\u0000');
    const listed = await app.request(`/v1/addresses/${'L'.repeat(30)}%00`);
    expect(listed.status).toBe(400);
  });

  it('answers invalid percent-encodings and invalid UTF-8 bodies without a 5xx', async () => {
    for (const path of ['%ED%A0%80', '%FF%FE', '%', '%00%00', '%E2%80%AE0x']) {
      await expectNo5xx(await app.request(`/v1/addresses/${path}`), path);
      await expectNo5xx(await app.request(`/v1/addresses/${path}/reports`), path);
    }
    const bytes = new Uint8Array([
      0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xc0, 0x00, 0x22, 0x7d,
    ]);
    await expectNo5xx(await post('/v1/screen', bytes as unknown as string), 'invalid UTF-8');
  });

  it('stores a note with control characters cleaned, and refuses none of it', async () => {
    const res = await post('/v1/reports', {
      address: EIP55_ADDRESSES[5],
      category: 'phishing',
      note: 'fake\u0000 support\u0007 DM\r\nsecond line \ud800 end',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { note: string };
    expect(body.note).toBe('fake support DM\nsecond line \uFFFD end');
  });

  it('stores a note without right-to-left overrides or isolates, which would reverse the reply', async () => {
    const res = await post('/v1/reports', {
      address: EIP55_ADDRESSES[6],
      category: 'phishing',
      note: 'refund \u202Eosla\u202C via \u2067desk\u2069 only',
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { note: string }).note).toBe('refund osla via desk only');
  });

  it('never answers 5xx to generated strings in any field', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        await expectNo5xx(await app.request(`/v1/addresses/${segment(text)}`), 'GET address');
        await expectNo5xx(await app.request(`/v1/addresses/${segment(text)}/reports`), 'GET reports');
        await expectNo5xx(await post('/v1/screen', { text }), 'screen text');
        await expectNo5xx(await post('/v1/screen', { addresses: [text, ADDRESS] }), 'screen addresses');
        await expectNo5xx(
          await post('/v1/reports', { address: text, category: 'phishing' }),
          'report address',
        );
        await expectNo5xx(await post('/v1/reports', { address: ADDRESS, category: text }), 'report category');
        await expectNo5xx(
          await post('/v1/reports', { address: ADDRESS, category: 'phishing', note: text, evidence: text }),
          'report note',
        );
        await expectNo5xx(
          await post('/v1/reports', {
            address: ADDRESS,
            category: 'phishing',
            evidence: `https://x.example/${text}`,
          }),
          'report evidence link',
        );
      }),
      { numRuns: 60 },
    );
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('CLI', () => {
  let dataDir: string;
  let env: Record<string, string | undefined>;
  let storage: CliEnv | undefined;
  beforeAll(async () => {
    storage = await createCliEnv('chainwarden-hostile', { LOG_LEVEL: 'silent' });
    ({ dataDir, env } = storage);
  });
  afterAll(async () => {
    await storage?.close();
  });

  async function cli(...argv: string[]) {
    let stderr = '';
    const code = await runCli(argv, {
      env,
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
      },
    });
    return { code, stderr };
  }

  it('answers generated arguments with success or a bad-input exit, never an unexpected failure', async () => {
    const list = join(dataDir, 'hostile.txt');
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        for (const argv of [
          ['check', text],
          ['report', text, '--category', 'phishing'],
          ['report', ADDRESS, '--category', 'phishing', '--note', text, '--reporter', `cli:${text}`],
          ['apikey', 'create', '--name', text],
        ]) {
          const { code, stderr } = await cli(...argv);
          expect([0, 2], `${argv[0]}: ${stderr}`).toContain(code);
        }
        writeFileSync(list, `${ADDRESS} ${text}\n${text}\n${DARKLIST_ENTRY.address},${text}\n`);
        const imported = await cli('import', 'list', list, '--source', 'hostile', '--kind', 'scam');
        expect([0, 2], imported.stderr).toContain(imported.code);
      }),
      // Each CLI command opens the database, as a user's would: a few runs, not hundreds.
      { numRuns: 4 },
    );
  }, 120_000);
});

describe('Telegram', () => {
  let bot: TelegramHarness;
  let fake: FakeTelegram;
  let messageId = 1;
  beforeAll(async () => {
    bot = await startTelegramHarness(context.chainwarden, {
      id: 3,
      logger,
      rateLimit: { limit: 100_000, windowMs: 1_000 },
    });
    fake = bot.fake;
  });
  afterAll(async () => {
    await bot?.close();
  });

  const user = { id: 600, is_bot: false, first_name: 'Eve' };
  const privateChat = { id: 600, type: 'private', first_name: 'Eve' };
  const group = { id: -1001000000600, type: 'supergroup', title: 'Hostile' };

  function push(chatShape: typeof privateChat | typeof group, text: string) {
    const command = /^\/\S+/.exec(text)?.[0];
    const message = {
      message_id: messageId++,
      from: user,
      chat: chatShape,
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    };
    fake.pushUpdate(bot.token, { message });
    return message;
  }

  it('answers generated messages and commands within Telegram’s limits, never with an apology', async () => {
    await fc.assert(
      fc.asyncProperty(hostile.map(chat), async (text) => {
        const mark = fake.mark();
        for (const message of [
          `/check ${text}`,
          `/report ${text}`,
          `/report ${ADDRESS} phishing ${text}`,
          text,
        ]) {
          push(privateChat, message);
        }
        push(group, text);
        push(group, `/check@${bot.username} ${text}`);
        // Updates of one chat run in order: the reply to this /help means the ones before are done.
        const barrier = push(privateChat, '/help');
        const done = push(group, `/help@${bot.username}`);
        for (const last of [barrier, done]) {
          await fake.waitForCall(
            (c) =>
              c.method === 'sendMessage' &&
              c.payload.chat_id === last.chat.id &&
              String(c.payload.text).includes('Commands'),
            { since: mark, timeoutMs: 10_000 },
          );
        }
        // Every private message and group command got its answer (group chatter may get none).
        expect(fake.callsSince(mark, 'sendMessage').length).toBeGreaterThanOrEqual(7);
        for (const call of fake.callsSince(mark)) {
          expect(call.response.ok, `${call.method}: ${JSON.stringify(call.response)}`).toBe(true);
          expect(String(call.payload.text ?? '')).not.toMatch(/something went wrong/i);
        }
      }),
      { numRuns: 25 },
    );
    expect(problems).toEqual([]);
  }, 90_000);
});

describe('Discord', () => {
  let bot: DiscordHarness;
  beforeAll(async () => {
    bot = await startDiscordHarness(context.chainwarden, {
      id: 7,
      logger,
      rateLimit: { limit: 100_000, windowMs: 1_000 },
    });
  }, 30_000);
  afterAll(async () => {
    await bot?.close();
  });

  it('answers generated options and posts within Discord’s limits, never with an apology', async () => {
    await fc.assert(
      fc.asyncProperty(hostile.map(chat), async (text) => {
        const { scope, member } = bot;
        const post = messagePayload({
          channelId: bot.channelId,
          guildId: bot.guildId,
          author: { id: '1400000000000000008', username: 'poster' },
          content: text,
        });
        for (const interaction of [
          slashCommandInteraction(scope, member, 'check', { address: text.slice(0, 2000) }),
          slashCommandInteraction(scope, member, 'report', {
            address: text.slice(0, 200),
            category: 'phishing',
            note: text.slice(0, 500),
          }),
          messageMenuInteraction(scope, member, 'Check addresses', post),
        ]) {
          bot.fake.dispatch('INTERACTION_CREATE', interaction);
          const answer = await bot.answerOf(interaction);
          const data = (answer.method === 'PATCH' ? answer.body : answer.body.data) as DiscordMessage;
          expect(data.content ?? '').not.toMatch(/something went wrong/i);
          expect(discordLimitViolations(data)).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
    expect(problems).toEqual([]);
  }, 90_000);
});
