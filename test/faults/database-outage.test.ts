/**
 * A database outage on Postgres, end to end: a TCP proxy between the service and Postgres is cut
 * and healed (the machine's Postgres is never stopped). While it is cut, checks answer from the
 * lists held in memory and say the reports were not read; writes answer 503 database-unavailable
 * with Retry-After over HTTP and a plain "nothing was saved" in both bots; /readyz is 503, /healthz
 * and /metrics answer. Healed, the service recovers by itself, and every write it acknowledged is
 * stored. PGlite runs inside the process and has no connection to lose, so this runs on Postgres only.
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi, type HttpApi } from '../../src/adapters/http/index.js';
import { type Chainwarden, createChainwarden, type ListEntry, parseAddress } from '../../src/core/index.js';
import { createLogger } from '../../src/logger.js';
import { createStores, type Database, openDatabase, type Stores } from '../../src/store/index.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/store/scratch.js';
import { DARKLIST_ENTRY, EIP55_ADDRESSES } from '../fixtures/telegram/addresses.js';
import {
  type DiscordHarness,
  startDiscordHarness,
  startTelegramHarness,
  type TelegramHarness,
} from '../support/bots.js';
import { slashCommandInteraction } from '../support/fake-discord.js';
import type { SentMessage } from '../support/fake-telegram.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const SERVER_URL = process.env.TEST_DATABASE_URL;
interface Summary {
  level: string;
  reasons: Array<{ code: string; text: string }>;
}

async function* once<T>(batch: T[]) {
  yield batch;
}

const keyOf = (address: string) => {
  const parsed = parseAddress(address);
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.value.key;
};

const describeOnPostgres = SERVER_URL ? describe : describe.skip;

describeOnPostgres(
  'a database outage (Postgres only, TEST_DATABASE_URL: PGlite has no connection to cut)',
  () => {
    let scratch: ScratchDatabase;
    let direct: Database;
    let proxy: TcpProxy;
    let database: Database;
    let stores: Stores;
    let chainwarden: Chainwarden;
    let app: HttpApi;
    let apiKey: string;
    let telegram: TelegramHarness;
    let discord: DiscordHarness;
    let messageId = 1;

    const post = (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(body),
      });

    async function telegramReply(text: string): Promise<SentMessage> {
      const user = { id: 500, is_bot: false, first_name: 'Ivy' };
      const fake = telegram.fake;
      const mark = fake.mark();
      const command = /^\/\S+/.exec(text)?.[0];
      fake.pushUpdate(telegram.token, {
        message: {
          message_id: messageId++,
          from: user,
          chat: { id: user.id, type: 'private', first_name: 'Ivy' },
          date: Math.floor(Date.now() / 1000),
          text,
          ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
        },
      });
      const call = await fake.waitForCall((c) => c.method === 'sendMessage', {
        since: mark,
        timeoutMs: 15_000,
      });
      expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
      return (call.response as { result: SentMessage }).result;
    }

    /** What the Discord user finally reads for this interaction: the deferred reply's edit or the reply. */
    async function discordAnswer(interaction: { id: string; token: string }): Promise<string> {
      const call = await discord.answerOf(interaction);
      const data = call.method === 'PATCH' ? call.body : call.body.data;
      return JSON.stringify({ content: data.content, embeds: data.embeds });
    }

    beforeAll(async () => {
      scratch = await createScratchDatabase(SERVER_URL as string, 'chainwarden_outage');
      direct = await openDatabase({ url: scratch.url });
      const target = new URL(scratch.url);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      database = await openDatabase({ url: proxy.url(scratch.url), poolSize: 2 }, { migrate: false });
      // No screening cache: the warm-up check just before the cut would otherwise answer the first
      // checks of the outage from its 5 s cache; these tests are about answers the database cannot give.
      stores = createStores(database, { screeningCacheMs: 0 });
      // One API key files every report in this file: lift its hourly limit, which is not under test
      // here (how many reports the outage lets through decides whether 20 are reached).
      chainwarden = createChainwarden({
        ...stores,
        onBackgroundError: () => {},
        limits: { perReporter: 10_000, windowSeconds: 3600 },
      });
      const logger = createLogger('silent');
      app = createHttpApi({
        chainwarden,
        apiKeys: stores.apiKeys,
        lists: stores.lists,
        database,
        logger,
        metrics: new Registry(),
      });
      apiKey = (await stores.apiKeys.create('outage-test')).key;
      const entry: ListEntry = {
        key: keyOf(DARKLIST_ENTRY.address),
        chain: 'evm',
        display: DARKLIST_ENTRY.address,
        label: DARKLIST_ENTRY.comment,
        category: 'phishing',
        entity: null,
        program: null,
        listedAt: null,
      };
      await stores.lists.replaceList(
        { source: 'mew-darklist', kind: 'scam', listDate: DARKLIST_ENTRY.date, category: 'phishing' },
        once([entry]),
      );
      telegram = await startTelegramHarness(chainwarden, { id: 2, logger });
      discord = await startDiscordHarness(chainwarden, { id: 9, logger });
      // One report while the database is up, and the lists loaded into memory by a first check.
      expect((await post('/v1/reports', { address: EIP55_ADDRESSES[0], category: 'phishing' })).status).toBe(
        201,
      );
      expect((await app.request(`/v1/addresses/${DARKLIST_ENTRY.address}`)).status).toBe(200);
      await proxy.cut();
    }, 60_000);

    afterAll(async () => {
      await telegram?.close();
      await discord?.close();
      await chainwarden?.settled();
      await database?.close();
      await proxy?.close();
      await direct?.close();
      await scratch?.drop();
    });

    it('still answers a check of a scam-listed address from memory: high, and says reports were not read', async () => {
      const res = await app.request(`/v1/addresses/${DARKLIST_ENTRY.address}`);
      expect(res.status).toBe(200);
      const summary = (await res.json()) as Summary;
      expect(summary.level).toBe('high');
      const codes = summary.reasons.map((r) => r.code);
      expect(codes).toContain('scam-list');
      expect(codes).toContain('reports-unavailable');
    });

    it('never calls an address clean while reports cannot be read', async () => {
      const res = await app.request(`/v1/addresses/${EIP55_ADDRESSES[0]}`);
      expect(res.status).toBe(200);
      const summary = (await res.json()) as Summary;
      const codes = summary.reasons.map((r) => r.code);
      expect(codes).toEqual(['reports-unavailable']);
      expect(summary.reasons[0]?.text).toMatch(/community reports could not be read just now/i);
      const batch = await post('/v1/screen', {
        text: `pay ${DARKLIST_ENTRY.address} or ${EIP55_ADDRESSES[1]}`,
      });
      expect(batch.status).toBe(200);
      const { results } = (await batch.json()) as { results: Summary[] };
      expect(results.map((r) => r.level)).toEqual(['high', 'none']);
    });

    it('answers a report with 503 database-unavailable and Retry-After, never 500', async () => {
      const res = await post('/v1/reports', { address: EIP55_ADDRESSES[2], category: 'phishing' });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await res.json()) as { type: string; detail: string };
      expect(body.type).toBe('urn:chainwarden:problem:database-unavailable');
      expect(body.detail).toContain('nothing was saved');
    });

    it('returns the core’s storage-unavailable value for a report, not an exception', async () => {
      const result = await chainwarden.submitReport({
        address: EIP55_ADDRESSES[2],
        category: 'phishing',
        reporter: 'cli:operator',
        source: 'cli',
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'storage-unavailable' } });
    });

    it('says 503 on /readyz while /healthz and /metrics answer and count the failures', async () => {
      expect((await app.request('/readyz')).status).toBe(503);
      expect((await app.request('/healthz')).status).toBe(200);
      const metrics = await app.request('/metrics');
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toMatch(/chainwarden_database_unavailable_total\{outcome="refused"\} [1-9]/);
      expect(text).toMatch(/chainwarden_database_unavailable_total\{outcome="degraded"\} [1-9]/);
    });

    it('Telegram: a report is answered plainly that nothing was saved; a check still answers', async () => {
      const report = await telegramReply(`/report ${EIP55_ADDRESSES[3]} phishing`);
      expect(report.text).toMatch(/nothing was saved/);
      expect(report.text).toMatch(/try again in a minute/i);
      expect(report.text).not.toMatch(/something went wrong/i);
      const check = await telegramReply(`/check ${DARKLIST_ENTRY.address}`);
      expect(check.text.split('\n')[0]).toMatch(/HIGH/);
      expect(check.text).toMatch(/could not be read just now/);
    });

    it('Discord: a report and a settings change are answered plainly that nothing was saved', async () => {
      const { scope, moderator } = discord;
      const report = slashCommandInteraction(scope, moderator, 'report', {
        address: EIP55_ADDRESSES[4],
        category: 'phishing',
      });
      discord.fake.dispatch('INTERACTION_CREATE', report);
      const reportAnswer = await discordAnswer(report);
      expect(reportAnswer).toMatch(/nothing was saved/);
      expect(reportAnswer).toContain('"name":"What to do","value":"try again in a minute"');
      expect(reportAnswer).not.toMatch(/something went wrong/i);
      const settings = slashCommandInteraction(scope, moderator, 'settings', { auto_moderation: 'off' });
      discord.fake.dispatch('INTERACTION_CREATE', settings);
      const settingsAnswer = await discordAnswer(settings);
      expect(settingsAnswer).toMatch(/nothing was saved/);
      expect(settingsAnswer).toMatch(/try again in a minute/i);
    });

    it('recovers by itself once the database is back, and stores every report it acknowledged', async () => {
      const acknowledged: string[] = [];
      let stop = false;
      // A stream of reports across the heal: some refused (503), the rest acknowledged (201).
      const stream = (async () => {
        for (let i = 0; !stop && i < 400; i += 1) {
          const address = `0x${(i + 1).toString(16).padStart(40, '0')}`;
          const res = await post('/v1/reports', { address, category: 'phishing' });
          expect([201, 503]).toContain(res.status);
          if (res.status === 201) acknowledged.push(keyOf(address));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await proxy.heal();
      const healedAt = Date.now();
      let ready = 0;
      while (Date.now() - healedAt < 5_000) {
        ready = (await app.request('/readyz')).status;
        if (ready === 200 && acknowledged.length > 3) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      stop = true;
      await stream;
      expect(ready).toBe(200);
      // Within seconds, without a restart.
      expect(Date.now() - healedAt).toBeLessThan(5_000);
      expect(acknowledged.length).toBeGreaterThan(3);
      const stored = await direct.queryPrepared<{ address_key: string }>(
        'select address_key from reports where reporter like $1',
        ['api:%'],
      );
      const keys = new Set(stored.map((r) => r.address_key));
      expect(acknowledged.filter((key) => !keys.has(key))).toEqual([]);
      // And a check reads the reports again.
      const summary = (await (await app.request(`/v1/addresses/${EIP55_ADDRESSES[0]}`)).json()) as Summary;
      expect(summary.reasons.map((r) => r.code)).toEqual(['community-reports']);
    }, 30_000);

    it('treats a backend an administrator terminated (57P01) as an outage, never a 500', async () => {
      await direct.queryPrepared(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        [],
      );
      for (let i = 0; i < 10; i += 1) {
        const address = `0x${(9_000 + i).toString(16).padStart(40, 'e')}`;
        const res = await post('/v1/reports', { address, category: 'phishing' });
        expect([201, 503]).toContain(res.status);
        expect((await app.request(`/v1/addresses/${address}`)).status).toBe(200);
      }
      // Twenty requests, each of which may wait for the pool to reconnect (backoff up to 1 s): on a
      // loaded CI machine that took over 30 s once.
    }, 90_000);
  },
);
