/**
 * The outbox: the core's delivery rules with the real store and the real channels, the Telegram
 * one on the fake Bot API and the webhook one against a local receiver, on a clock the test moves.
 * A chat gets at most its minute's messages, the rest as one digest; a failing webhook is retried
 * with backoff and its deliveries show why; after 24 hours, or a permanent refusal, it gives up.
 */
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTelegramAlertChannel } from '../../src/adapters/telegram/alerts.js';
import { createWebhookChannel } from '../../src/adapters/webhook/sender.js';
import { type AlertDelivery, createAlertDelivery, type WatchEvent } from '../../src/core/index.js';
import { createStores, openDatabase } from '../../src/store/index.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { createFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';

const TOKEN = '7000000039:AAtest-token-for-the-delivery-test_39';
const EVM = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

let ctx: TestContext;
let fake: FakeTelegram;
let clock = new Date();
let delivery: AlertDelivery;
let hook: {
  url: string;
  status: number;
  bodies: Array<{ raw: string; signature: string }>;
  close(): Promise<void>;
};
let nextEvent = 1;

function reported(): WatchEvent {
  return { kind: 'reported', category: `phishing-${nextEvent}`, via: 'api', verified: false };
}

async function watch(
  owner: string,
  destination: Parameters<TestContext['chainwarden']['watching']['addWatch']>[0]['destination'],
) {
  const result = await ctx.chainwarden.watching.addWatch({
    address: EVM(0x5000 + nextEvent++),
    owner,
    destination,
    createdBy: owner,
  });
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
}

async function record(watchId: string, count: number) {
  await ctx.stores.watchAlerts.record(
    Array.from({ length: count }, () => ({ watchId, key: `test:${nextEvent++}`, event: reported() })),
  );
}

beforeAll(async () => {
  ctx = await createTestContext();
  fake = await createFakeTelegram();
  fake.addBot(TOKEN, { id: 7000000039, username: 'DeliveryBot', first_name: 'Chainwarden' });
  const bodies: Array<{ raw: string; signature: string }> = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    bodies.push({
      raw: Buffer.concat(chunks).toString(),
      signature: String(req.headers['x-chainwarden-signature']),
    });
    res.writeHead(hook.status).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  hook = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    status: 204,
    bodies,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  delivery = createAlertDelivery({
    alerts: ctx.stores.watchAlerts,
    channels: {
      telegram: createTelegramAlertChannel(new Api(TOKEN, { apiRoot: fake.apiRoot })),
      webhook: createWebhookChannel({ timeoutMs: 2000, privateNetworks: true }),
    },
    now: () => clock,
    alertsPerMinute: 3,
  });
});

afterAll(async () => {
  await hook?.close();
  await fake?.close();
  await ctx?.close();
});

describe('alerts to a chat', () => {
  it('sends a minute’s worth one by one and folds the rest into one digest, then waits for the next minute', async () => {
    const { watch: w } = await watch('telegram:-100777', { kind: 'telegram', chatId: '-100777' });
    await record(w.id, 7);
    clock = new Date(Date.now() + 1000);
    const mark = fake.mark();
    expect(await delivery.deliverDue()).toMatchObject({ delivered: 2, digested: 5, held: 0 });
    const sent = fake.callsSince(mark, 'sendMessage').filter((c) => c.payload.chat_id === '-100777');
    expect(sent).toHaveLength(3);
    expect(String(sent[0]?.payload.text)).toContain('was reported');
    expect(String(sent[2]?.payload.text)).toContain('5 more watch-list alerts in the last minute');

    await record(w.id, 2);
    // Still within the minute of the first sends.
    clock = new Date(Math.max(clock.getTime(), Date.now()) + 1000);
    expect(await delivery.deliverDue()).toMatchObject({ delivered: 0, held: 2 });
    clock = new Date(clock.getTime() + 61_000);
    expect(await delivery.deliverDue()).toMatchObject({ delivered: 2 });
    const statuses = await ctx.chainwarden.watching.deliveries('telegram:-100777', w.id);
    expect(statuses.ok && statuses.value.map((d) => d.status).sort()).toEqual([
      ...Array(4).fill('delivered'),
      ...Array(5).fill('digested'),
    ]);
  });

  it('gives up at once on a chat that blocked the bot, saying why', async () => {
    const { watch: w } = await watch('telegram:-100778', { kind: 'telegram', chatId: '-100778' });
    await record(w.id, 1);
    clock = new Date(Math.max(clock.getTime(), Date.now()) + 61_000);
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await delivery.deliverDue()).toMatchObject({ failed: 1 });
    const result = await ctx.chainwarden.watching.deliveries('telegram:-100778', w.id);
    expect(result.ok && result.value[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastError: 'Telegram refused: Forbidden: bot was blocked by the user',
    });
  });
});

describe('alerts to a webhook', () => {
  it('retries a failing webhook with backoff, signed each time, until it answers 2xx', async () => {
    clock = new Date(Date.now() + 3600_000);
    const created = await watch('api:hook', { kind: 'webhook', url: hook.url });
    await record(created.watch.id, 1);
    hook.status = 500;
    expect(await delivery.deliverDue()).toMatchObject({ retrying: 1 });
    let [state] = await ctx.stores.watchAlerts.deliveries(created.watch.id, 50);
    expect(state).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'the webhook answered HTTP 500',
    });
    expect(state?.nextAttemptAt?.getTime()).toBe(clock.getTime() + 15_000);

    // Not due again before the backoff has passed.
    expect(await delivery.deliverDue()).toMatchObject({ delivered: 0, retrying: 0 });
    clock = new Date(clock.getTime() + 16_000);
    hook.status = 200;
    expect(await delivery.deliverDue()).toMatchObject({ delivered: 1 });
    [state] = await ctx.stores.watchAlerts.deliveries(created.watch.id, 50);
    expect(state).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(hook.bodies).toHaveLength(2);
    for (const body of hook.bodies) {
      const expected = `sha256=${createHmac('sha256', created.secret ?? '')
        .update(body.raw)
        .digest('hex')}`;
      expect(body.signature).toBe(expected);
    }
    expect(JSON.parse(hook.bodies[1]?.raw ?? '{}')).toMatchObject({
      event: 'reported',
      watch: { id: created.watch.id },
    });
  });

  it('gives up 24 hours after the alert, and says so in its deliveries', async () => {
    hook.status = 503;
    const created = await watch('api:late', { kind: 'webhook', url: hook.url });
    await record(created.watch.id, 1);
    clock = new Date(Date.now() + 24 * 3600_000);
    expect(await delivery.deliverDue()).toMatchObject({ failed: 1 });
    const [state] = await ctx.stores.watchAlerts.deliveries(created.watch.id, 50);
    expect(state).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastError: 'the webhook answered HTTP 503',
    });
  });

  it('records a slow webhook’s successes every 2 seconds, not only every 50 sends', async () => {
    const receiver = await slowReceiver(250);
    try {
      const created = await watch('api:slow', { kind: 'webhook', url: receiver.url });
      await record(created.watch.id, 16);
      const offset = 5 * 3600_000;
      // A clock that runs: the 2 seconds are the deliverer's own.
      const delivery = createAlertDelivery({
        alerts: ctx.stores.watchAlerts,
        channels: { webhook: createWebhookChannel({ timeoutMs: 2000, privateNetworks: true }) },
        now: () => new Date(Date.now() + offset),
        alertsPerMinute: 3,
      });
      const running = delivery.deliverDue();
      await vi.waitFor(() => expect(receiver.received.size).toBeGreaterThanOrEqual(11), {
        timeout: 10_000,
        interval: 20,
      });
      // Over 2.5 s in: the first 2 seconds' sends are recorded while the rest are still going out.
      const midway = await ctx.stores.watchAlerts.deliveries(created.watch.id, 50);
      expect(midway.filter((d) => d.status === 'delivered').length).toBeGreaterThan(0);
      expect(receiver.received.size).toBeLessThan(16);
      expect(await running).toMatchObject({ delivered: 16 });
    } finally {
      await receiver.close();
    }
  });

  it('reports an unreachable webhook as such', async () => {
    const created = await watch('api:gone', { kind: 'webhook', url: 'http://127.0.0.1:9/nothing-listens' });
    await record(created.watch.id, 1);
    clock = new Date(Date.now() + 2 * 3600_000);
    expect(await delivery.deliverDue()).toMatchObject({ retrying: 1 });
    const [state] = await ctx.stores.watchAlerts.deliveries(created.watch.id, 50);
    expect(state?.lastError).toMatch(/^could not reach the webhook \(/);
  });
});

/** A receiver that takes `delayMs` to answer and counts each alert id (X-Chainwarden-Delivery). */
async function slowReceiver(delayMs: number) {
  const received = new Map<string, number>();
  const server = createServer(async (req, res) => {
    for await (const _ of req);
    const id = String(req.headers['x-chainwarden-delivery']);
    received.set(id, (received.get(id) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('several deliverers on one database', () => {
  it('two deliverers at once (on Postgres, over two connections) send each alert exactly once', async () => {
    const receiver = await slowReceiver(20);
    // On Postgres the second deliverer has its own pool, as another replica would.
    const url = (ctx.database as { url?: string | null }).url;
    const other = url ? await openDatabase({ url }) : null;
    try {
      const hooks = [await watch('api:twins-1', { kind: 'webhook', url: receiver.url })];
      hooks.push(await watch('api:twins-2', { kind: 'webhook', url: receiver.url }));
      for (const h of hooks) await record(h.watch.id, 15);
      clock = new Date(Date.now() + 3 * 3600_000);
      const deliverer = (alerts: typeof ctx.stores.watchAlerts) =>
        createAlertDelivery({
          alerts,
          channels: { webhook: createWebhookChannel({ timeoutMs: 2000, privateNetworks: true }) },
          now: () => clock,
          alertsPerMinute: 3,
          batch: 10,
        });
      const first = deliverer(ctx.stores.watchAlerts);
      const second = deliverer(other ? createStores(other).watchAlerts : ctx.stores.watchAlerts);
      // Each takes 10 at a time: both run side by side until the 30 alerts are sent.
      for (let round = 0; round < 4; round++) await Promise.all([first.deliverDue(), second.deliverDue()]);
      expect(receiver.received.size).toBe(30);
      expect([...receiver.received.values()].every((n) => n === 1)).toBe(true);
      for (const h of hooks) {
        const states = await ctx.stores.watchAlerts.deliveries(h.watch.id, 50);
        expect(states.map((s) => s.status)).toEqual(Array(15).fill('delivered'));
      }
    } finally {
      await other?.close();
      await receiver.close();
    }
  });

  it('an alert claimed by a deliverer that died before recording it is delivered once its lease ends', async () => {
    const receiver = await slowReceiver(0);
    try {
      const created = await watch('api:orphan', { kind: 'webhook', url: receiver.url });
      await record(created.watch.id, 1);
      clock = new Date(Date.now() + 4 * 3600_000);
      // The deliverer that "crashed": it claimed everything due for 5 minutes, then nothing more.
      const claimed = await ctx.stores.watchAlerts.claim(clock, 200, new Date(clock.getTime() + 300_000));
      expect(claimed.map((a) => a.watch.id)).toContain(created.watch.id);
      const delivery = createAlertDelivery({
        alerts: ctx.stores.watchAlerts,
        channels: { webhook: createWebhookChannel({ timeoutMs: 2000, privateNetworks: true }) },
        now: () => clock,
        alertsPerMinute: 3,
      });
      expect(await delivery.deliverDue()).toMatchObject({ delivered: 0 });
      clock = new Date(clock.getTime() + 299_000);
      expect(await delivery.deliverDue()).toMatchObject({ delivered: 0 });
      expect(receiver.received.size).toBe(0);
      clock = new Date(clock.getTime() + 1000);
      await delivery.deliverDue();
      expect(receiver.received.size).toBe(1);
      const [state] = await ctx.stores.watchAlerts.deliveries(created.watch.id, 50);
      expect(state).toMatchObject({ status: 'delivered', attempts: 1 });
    } finally {
      await receiver.close();
    }
  });
});
