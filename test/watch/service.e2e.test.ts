/**
 * Watch-lists end to end, as `npm start` runs them: the whole service (PGlite data directory, or
 * a fresh Postgres database with TEST_DATABASE_URL) with a real EVM node (anvil), the real Telegram
 * bot on the fake Bot API and a local webhook receiver. A transfer from a watched address reaches
 * the chat with its hash; a sanctioned address paying a watched one reaches the webhook, signed; a
 * report reaches the chat; a transfer mined while the service is stopped is alerted once after the
 * restart; nothing is alerted twice.
 */
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { getAddress, JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningService, startService } from '../../src/service.js';
import { type Anvil, startAnvil } from '../chain/servers.js';
import { createTestDatabase } from '../support/context.js';
import {
  createFakeTelegram,
  type FakeTelegram,
  type RecordedCall,
  type SentMessage,
} from '../support/fake-telegram.js';

const TOKEN = '7000000029:AAtest-token-for-the-watch-e2e-test_29';
const BOT = { id: 7000000029, username: 'ChainwardenWatchE2EBot', first_name: 'Chainwarden' };
/** OFAC SDN, Tornado Cash: in the bundled list the service loads at start. */
const TORNADO = '0x8589427373D6D84E98730D7795D8f6f8731FDA16';
const USER = { id: 4242, is_bot: false, first_name: 'Treasurer' };
const CHAT = { id: 4242, type: 'private' as const, first_name: 'Treasurer' };

interface Delivery {
  headers: IncomingHttpHeaders;
  raw: string;
}

let anvil: Anvil;
let provider: JsonRpcProvider;
let accounts: string[];
let fake: FakeTelegram;
let receiver: { url: string; deliveries: Delivery[]; close(): Promise<void> };
let env: Record<string, string>;
let dataDir: string;
let dropDatabase = async () => {};
let service: RunningService | null = null;
let logLines: string[] = [];
let apiKey: string;
let nextMessageId = 1;

async function startReceiver() {
  const deliveries: Delivery[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    deliveries.push({ headers: req.headers, raw: Buffer.concat(chunks).toString() });
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/chainwarden`,
    deliveries,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function start(): Promise<RunningService> {
  logLines = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).trim().split('\n'));
      done();
    },
  });
  const started = await startService(parseConfig(env), createLogger('info', sink));
  // The first step of the poller notes where it starts reading (or reads on from the stored cursor).
  return started;
}

const logged = (msg: string) => logLines.some((line) => (JSON.parse(line) as { msg: string }).msg === msg);

async function say(text: string): Promise<SentMessage> {
  const mark = fake.mark();
  const messageId = nextMessageId++;
  const command = /^\/\S+/.exec(text)?.[0] ?? '';
  fake.pushUpdate(TOKEN, {
    message: {
      message_id: messageId,
      from: USER,
      chat: CHAT,
      date: Math.floor(Date.now() / 1000),
      text,
      entities: [{ type: 'bot_command', offset: 0, length: command.length }],
    },
  });
  const call = await fake.waitForCall(
    (c) => c.method === 'sendMessage' && c.payload.reply_parameters?.message_id === messageId,
    { since: mark, timeoutMs: 20_000 },
  );
  return (call.response as { result: SentMessage }).result;
}

/** Alerts are the bot's messages to the chat that answer nothing. */
const alerts = (): RecordedCall[] =>
  fake.calls.filter(
    (c) => c.method === 'sendMessage' && c.payload.chat_id === String(CHAT.id) && !c.payload.reply_parameters,
  );

async function alertWith(text: string): Promise<string> {
  return vi.waitFor(
    () => {
      const found = alerts().find((c) => String(c.payload.text).includes(text));
      if (!found) throw new Error(`no alert with ${text} yet`);
      expect(found.response.ok, JSON.stringify(found.response)).toBe(true);
      return (found.response as { result: SentMessage }).result.text;
    },
    { timeout: 30_000, interval: 200 },
  );
}

async function pay(from: string, to: string, wei: bigint): Promise<string> {
  const signer = await provider.getSigner(from);
  const tx = await signer.sendTransaction({ to, value: wei });
  await tx.wait();
  return tx.hash;
}

beforeAll(async () => {
  anvil = await startAnvil(31337);
  provider = new JsonRpcProvider(anvil.url, 31337, { staticNetwork: true });
  accounts = ((await provider.send('eth_accounts', [])) as string[]).map((a) => getAddress(a));
  await provider.send('anvil_setBalance', [TORNADO, '0x8ac7230489e80000']);
  await provider.send('anvil_impersonateAccount', [TORNADO]);
  fake = await createFakeTelegram();
  fake.addBot(TOKEN, BOT);
  receiver = await startReceiver();
  dataDir = mkdtempSync(join(tmpdir(), 'chainwarden-watch-'));
  env = {
    CHAINWARDEN_DATA_DIR: dataDir,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    INTEL_OFAC_URL: 'off',
    INTEL_LISTS: 'off',
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    EVM_RPC_URLS: `31337=${anvil.url}`,
    // The test's webhook receiver listens on 127.0.0.1.
    WEBHOOK_PRIVATE_NETWORKS: 'on',
    WATCH_POLL_SECONDS: '1',
    WATCH_CONFIRMATIONS: '0',
  };
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url ?? '';
    dropDatabase = () => database.close();
  }
  // The operator's key, made before the service holds the data directory.
  const app = await openApp(parseConfig(env), { withChain: false });
  apiKey = (await app.stores.apiKeys.create({ name: 'treasury desk' })).key;
  await app.close();
  service = await start();
  await vi.waitFor(() => expect(logged('watch poll: reading new blocks after this one')).toBe(true), {
    timeout: 30_000,
  });
}, 180_000);

afterAll(async () => {
  await service?.stop();
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
  await receiver?.close();
  await fake?.close();
  await anvil?.stop();
});

describe('watch-lists on the running service', () => {
  let webhookSecret: string;
  const treasury = () => accounts[0] as string;
  const payout = () => accounts[5] as string;

  it('alerts the Telegram chat when a watched address sends funds, with the full transaction hash', async () => {
    const added = await say(`/watch ${treasury()} treasury`);
    expect(added.text).toContain('Watching “treasury”');
    const hash = await pay(treasury(), accounts[1] as string, 1_250_000_000_000_000_000n);
    const text = await alertWith(hash);
    expect(text.split('\n')[0]).toBe('⚪ treasury sent 1.25 ETH');
    expect(text).toContain(`To ${accounts[1]}`);
    expect(text).toContain('Recipient: ⚪ none');
    expect(text).toContain(`Transaction ${hash}`);
  });

  it('posts a sanctioned address paying a watched one to the webhook, signed with the watch’s secret', async () => {
    const response = await fetch(`${service?.url}/v1/watches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ address: payout(), label: 'payouts', webhookUrl: receiver.url }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; secret: string };
    webhookSecret = created.secret;
    // An ordinary payment first: not alerted (the watch did not ask for every incoming transfer).
    await pay(accounts[6] as string, payout(), 10n ** 16n);
    const hash = await pay(TORNADO, payout(), 5n * 10n ** 17n);
    const delivery = await vi.waitFor(
      () => {
        const found = receiver.deliveries.find((d) => d.raw.includes(hash));
        if (!found) throw new Error('not delivered yet');
        return found;
      },
      { timeout: 30_000, interval: 200 },
    );
    const expected = `sha256=${createHmac('sha256', webhookSecret).update(delivery.raw).digest('hex')}`;
    expect(delivery.headers['x-chainwarden-signature']).toBe(expected);
    expect(delivery.headers['content-type']).toBe('application/json');
    const body = JSON.parse(delivery.raw) as Record<string, unknown>;
    expect(body).toMatchObject({
      event: 'incoming-transfer',
      watch: { id: created.id, address: payout(), label: 'payouts', chain: 'evm' },
      data: {
        txHash: hash,
        amount: '0.5',
        asset: 'ETH',
        counterparty: { address: TORNADO, level: 'severe', sanctioned: true, flagged: true },
      },
    });
    expect(receiver.deliveries).toHaveLength(1);
    const deliveries = (await (
      await fetch(`${service?.url}/v1/watches/${created.id}/deliveries`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
    ).json()) as { deliveries: Array<{ status: string; attempts: number }> };
    expect(deliveries.deliveries).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
  });

  it('alerts the chat when someone reports the watched address', async () => {
    const response = await fetch(`${service?.url}/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ address: treasury(), category: 'phishing' }),
    });
    expect(response.status).toBe(201);
    const text = await alertWith('treasury was reported');
    expect(text.split('\n')[0]).toBe('🟡 treasury was reported');
    expect(text).toContain('Reported as phishing (via api)');
  });

  it('alerts, once, a transfer mined while the service was stopped, and nothing twice', async () => {
    await service?.stop();
    service = null;
    const whileDown = await pay(treasury(), accounts[2] as string, 3n * 10n ** 17n);
    service = await start();
    const text = await alertWith(whileDown);
    expect(text.split('\n')[0]).toBe('⚪ treasury sent 0.3 ETH');
    // A few more steps: every transaction hash and the report appear exactly once in the chat.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const texts = alerts().map((c) => String(c.payload.text));
    const hashes = texts.flatMap((t) => t.match(/0x[0-9a-f]{64}/g) ?? []);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashes).toContain(whileDown);
    expect(texts.filter((t) => t.includes('was reported'))).toHaveLength(1);
    expect(receiver.deliveries).toHaveLength(1);
  });
});
