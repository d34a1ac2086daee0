/**
 * Issue 13 end to end: the creator of a fresh Telegram group flags an exchange's wallet. In that
 * group the address is high; the HTTP API and another group see one ordinary report, until the
 * operator trusts the group with `chainwarden community trust`. And one group's admins flag at most
 * FLAGS_PER_HOUR (default 50) addresses an hour.
 *
 * One service (the real bot against the fake Bot API, the real HTTP API) and the real CLI on one
 * database. On PGlite the CLI runs while the service is stopped, as the README tells operators to
 * (one process per data directory); on Postgres (TEST_DATABASE_URL) both run at once.
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi, listenHttp } from '../../../src/adapters/http/index.js';
import { type App, openApp } from '../../../src/app.js';
import { type Config, parseConfig } from '../../../src/config.js';
import type { Chainwarden, RiskSummary } from '../../../src/core/index.js';
import { createLogger } from '../../../src/logger.js';
import type { Database } from '../../../src/store/index.js';
import { startTelegramHarness, type TelegramHarness } from '../../support/bots.js';
import { runCliCaptured } from '../../support/cli.js';
import { type CliEnv, createCliEnv } from '../../support/cli-env.js';
import type { ChatShape, RecordedCall, SentMessage } from '../../support/fake-telegram.js';

/** Binance 14, a well-known exchange hot wallet: the address a smear would target. */
const EXCHANGE = '0x28C6c06298d514Db089934071355E5743bf21d60';

let storage: CliEnv;
let config: Config;
let app: App | null = null;
let bot: TelegramHarness;
let api: { url: string; close(): Promise<void> };

const running = (): App => {
  if (!app) throw new Error('the service is stopped');
  return app;
};
/** The running service's object, so the bot and the API survive the service's restarts around the CLI. */
function current<T extends object>(pick: (app: App) => T): T {
  return new Proxy({} as T, { get: (_target, key) => Reflect.get(pick(running()), key) });
}

const startService = async () => {
  app = await openApp(config, { withChain: false });
};

beforeAll(async () => {
  storage = await createCliEnv('chainwarden-trust');
  config = parseConfig(storage.env);
  await startService();
  const logger = createLogger('silent');
  bot = await startTelegramHarness(
    current((a) => a.chainwarden),
    { id: 13, logger },
  );
  const http = createHttpApi({
    chainwarden: current<Chainwarden>((a) => a.chainwarden),
    apiKeys: current((a) => a.stores.apiKeys),
    lists: current((a) => a.stores.lists),
    database: current<Database>((a) => a.database),
    logger,
    metrics: new Registry(),
  });
  api = await listenHttp(http, { port: 0, host: '127.0.0.1', logger });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await bot?.close();
  await app?.close();
  await storage?.close();
});

/** An operator's CLI command: on PGlite the service stops for it and starts again after. */
async function operator(...argv: string[]) {
  const pglite = storage.env.DATABASE_URL === undefined;
  if (pglite) {
    await running().close();
    app = null;
  }
  try {
    return await runCliCaptured(storage.env, argv);
  } finally {
    if (pglite) await startService();
  }
}

let nextMessageId = 1;
let nextChatId = -1009130000001;
let nextUserId = 913_000;
const newGroup = (title: string): ChatShape => ({ id: nextChatId--, type: 'supergroup', title });
const newUser = (name: string) => ({ id: nextUserId++, is_bot: false, first_name: name });

function send(chat: ChatShape, from: { id: number }, text: string, extra: Record<string, unknown> = {}) {
  const mark = bot.fake.mark();
  const command = /^\/\S+/.exec(text)?.[0];
  const msg = {
    message_id: nextMessageId++,
    from,
    chat,
    date: Math.floor(Date.now() / 1000),
    text,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    ...extra,
  };
  bot.fake.pushUpdate(bot.token, { message: msg });
  return { msg, mark };
}

/** What the bot answered to this message, as the group reads it. */
async function replyTo(chat: ChatShape, sent: { msg: { message_id: number }; mark: number }) {
  const call = await bot.fake.waitForCall(
    (c: RecordedCall) =>
      c.method === 'sendMessage' &&
      c.payload.chat_id === chat.id &&
      c.payload.reply_parameters?.message_id === sent.msg.message_id,
    { since: sent.mark, timeoutMs: 20_000 },
  );
  return (call.response as { result: SentMessage }).result.text ?? '';
}

async function viaApi(address: string): Promise<RiskSummary> {
  const response = await fetch(`${api.url}/v1/addresses/${address}`);
  expect(response.status).toBe(200);
  return (await response.json()) as RiskSummary;
}

/** `verified` of each report in the public list: only a trusted community's verification is. */
async function verifiedInReportList(): Promise<boolean[]> {
  const response = await fetch(`${api.url}/v1/addresses/${EXCHANGE}/reports`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { reports: Array<{ verified: boolean }> };
  return body.reports.map((r) => r.verified);
}

describe('a fresh group’s creator flags an exchange’s wallet', () => {
  const fresh = newGroup('Totally legit group');
  const other = newGroup('Another group');
  const creator = newUser('Creator');

  it('is high and verified in that group only; the API and another group see one ordinary report', async () => {
    bot.fake.setChatMember(fresh.id, creator.id, 'creator');
    const post = send(fresh, newUser('Someone'), `deposit to ${EXCHANGE}`);
    const flag = send(fresh, creator, '/flag phishing', { reply_to_message: post.msg });
    expect(await replyTo(fresh, flag)).toContain('🚩 Flagged one address as phishing');

    const here = await replyTo(fresh, send(fresh, newUser('Member'), `/check ${EXCHANGE}`));
    expect(here).toContain('🔴 HIGH · 85/100');
    expect(here).toContain('1 verified by moderators of this community');
    expect(here).toContain('Moderators of this community confirmed this address in 1 report.');

    const elsewhere = await replyTo(other, send(other, newUser('Member'), `/check ${EXCHANGE}`));
    expect(elsewhere).toContain('🟢 LOW · 25/100');
    expect(elsewhere).toContain('1 by a moderator of another community (counts as one report)');
    expect(elsewhere).not.toContain('confirmed');

    const summary = await viaApi(EXCHANGE);
    expect([summary.level, summary.score]).toEqual(['low', 25]);
    expect(summary.reports).toEqual({
      total: 1,
      verified: 0,
      verifiedElsewhere: 1,
      categories: { phishing: 1 },
    });
    expect(summary.reasons.map((r) => r.code)).not.toContain('verified-report');
    expect(await verifiedInReportList()).toEqual([false]);
  });

  it('is high everywhere once the operator trusts the group, and low again once untrusted', async () => {
    const listed = await operator('community', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toContainEqual({
      community: `telegram:${fresh.id}`,
      title: 'Totally legit group',
      trusted: false,
      trustedAt: null,
      flags: 1,
      verifications: 1,
    });

    const trusted = await operator('community', 'trust', `telegram:${fresh.id}`);
    expect(trusted).toMatchObject({ code: 0, stderr: '' });
    expect(trusted.stdout).toContain(`Trusted telegram:${fresh.id}`);
    const summary = await viaApi(EXCHANGE);
    expect([summary.level, summary.score, summary.reports.verified]).toEqual(['high', 85, 1]);
    expect(summary.reasons.find((r) => r.code === 'verified-report')?.text).toBe(
      'Moderators of a community the operator trusts confirmed this address in 1 report.',
    );
    expect(await verifiedInReportList()).toEqual([true]);
    const table = await operator('community', 'list');
    expect(table.stdout).toMatch(
      new RegExp(
        `^telegram:${fresh.id}\\ttrusted since \\d{4}-\\d{2}-\\d{2}\\t"Totally legit group"\\t1 flag, 1 verification$`,
        'm',
      ),
    );

    const untrusted = await operator('community', 'untrust', `telegram:${fresh.id}`);
    expect(untrusted.code).toBe(0);
    expect(untrusted.stdout).toContain('is no longer trusted');
    expect((await viaApi(EXCHANGE)).level).toBe('low');
    // On PGlite each command stops and starts the service (opening a data directory takes seconds).
  }, 240_000);

  it('refuses a community id that is not one, saying what one looks like', async () => {
    const result = await operator('community', 'trust', 'telegram:12345');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: "telegram:12345" names a private chat: Telegram group ids are negative ' +
        '(expected a community is telegram:<group id> (negative, e.g. telegram:-1001234567890) ' +
        'or discord:<server id> (e.g. discord:80351110224678912))\n',
    );
  }, 120_000);
});

describe('FLAGS_PER_HOUR', () => {
  it('refuses a group’s 51st flagged address in an hour, saying when its admins may flag again', async () => {
    const group = newGroup('Flag-happy group');
    const admin = newUser('Admin');
    bot.fake.setChatMember(group.id, admin.id, 'administrator');
    const addresses = Array.from(
      { length: 51 },
      (_, i) => `0x${(0xf1a90000 + i).toString(16).padStart(40, 'a')}`,
    );
    for (const batch of [addresses.slice(0, 25), addresses.slice(25, 50)]) {
      const post = send(group, newUser('Spammer'), batch.join(' '));
      const flag = send(group, admin, '/flag', { reply_to_message: post.msg });
      expect(await replyTo(group, flag)).toContain('🚩 Flagged 25 addresses as other');
    }
    const post = send(group, newUser('Spammer'), `pay ${addresses[50]}`);
    const flag = send(group, admin, '/flag', { reply_to_message: post.msg });
    const reply = await replyTo(group, flag);
    expect(reply).toMatch(
      /^❌ Too many flags\nThis community's moderators flagged 50 addresses in the last 60 minutes, the most allowed; flag again in \d+ minutes\./,
    );
    expect(bot.fake.callsSince(post.mark, 'deleteMessage')).toEqual([]);
    expect((await viaApi(addresses[50]!)).reports.total).toBe(0);
  });
});
