/**
 * Watch-lists at scale: 10,000 watched addresses and one block of 200 transfers (100 native, 100
 * ERC-20, each from a different watched address) on a real node (anvil), through the real poller,
 * core screen and store; then the 200 alerts delivered to a local webhook receiver, signed. Prints
 * the time to read, match, screen and record the block, and the time to deliver its alerts.
 * Target: under 1 s per block for reading and matching.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { getAddress, JsonRpcProvider } from 'ethers';
import { createWebhookChannel } from '../src/adapters/webhook/sender.js';
import { createEvmBlockSource } from '../src/chain/index.js';
import { createAlertDelivery, createChainwarden } from '../src/core/index.js';
import { createStores, type Database } from '../src/store/index.js';
import { watches } from '../src/store/schema.js';
import { watchPollerOf } from '../src/watch-runner.js';
import { startAnvil } from './support/anvil.js';
import { tokenRuntime, transferCall } from './support/evm-token.js';

const WATCHED = 10_000;
const TRANSFERS = 200;
const TOKEN = getAddress('0x00000000000000000000000000000000000c0ffe');

export interface WatchFigures {
  engine: string;
  watched: number;
  transfers: number;
  alerts: number;
  /** Read the block, match, screen the counterparties, record the alerts. */
  matchMs: number;
  /** Deliver the alerts to a local webhook, one signed POST each. */
  deliverMs: number;
}

const addressAt = (i: number) =>
  getAddress(`0x${(0xbe0000000000n + BigInt(i)).toString(16).padStart(40, '0')}`);

export async function benchWatch(database: Database, engine: string): Promise<WatchFigures> {
  const anvil = await startAnvil(31337);
  const received: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(Date.now());
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    const stores = createStores(database);
    const chainwarden = createChainwarden(stores);
    // 10,000 watches in bulk (one owner per 20, as chats would hold them), each with a webhook.
    for (let i = 0; i < WATCHED; i += 1000) {
      await database.db.insert(watches).values(
        Array.from({ length: Math.min(1000, WATCHED - i) }, (_, j) => {
          const address = addressAt(i + j);
          return {
            id: `w_${(i + j).toString(16).padStart(16, '0')}`,
            owner: `api:bench-${Math.floor((i + j) / 20)}`,
            chain: 'evm',
            network: 'mainnet',
            addressKey: address.toLowerCase(),
            address,
            destinationKind: 'webhook',
            destination: hook,
            secret: 'bench-secret',
            createdBy: 'bench',
          };
        }),
      );
    }
    const provider = new JsonRpcProvider(anvil.url, 31337, { staticNetwork: true });
    await provider.send('anvil_setCode', [TOKEN, `0x${tokenRuntime()}`]);
    const poller = watchPollerOf(
      { stores, chainwarden },
      [createEvmBlockSource({ chainId: 31337, url: anvil.url })],
      0,
    );
    await poller.pollOnce();

    // One block: 200 transfers, each from another watched address, to unwatched recipients.
    await provider.send('evm_setAutomine', [false]);
    for (let i = 0; i < TRANSFERS; i += 1) {
      const from = addressAt(i * 37);
      await provider.send('anvil_setBalance', [from, '0x56bc75e2d63100000']);
      await provider.send('anvil_impersonateAccount', [from]);
      const to = getAddress(`0x${(0xdead0000n + BigInt(i)).toString(16).padStart(40, '0')}`);
      const native = i % 2 === 0;
      await provider.send('eth_sendTransaction', [
        native
          ? { from, to, value: '0x2386f26fc10000' }
          : { from, to: TOKEN, data: transferCall(to, 1_000_000n), gas: '0x186a0' },
      ]);
    }
    await provider.send('evm_mine', []);
    await provider.send('evm_setAutomine', [true]);

    let started = performance.now();
    const polled = await poller.pollOnce();
    const matchMs = performance.now() - started;
    const chain = polled.chains[0];
    if (chain?.error) throw chain.error;

    const delivery = createAlertDelivery({
      alerts: stores.watchAlerts,
      channels: { webhook: createWebhookChannel({ privateNetworks: true }) },
      now: () => new Date(Date.now() + 1000),
      alertsPerMinute: 5,
      batch: 500,
    });
    started = performance.now();
    const sent = await delivery.deliverDue();
    const deliverMs = performance.now() - started;
    return {
      engine,
      watched: WATCHED,
      transfers: chain?.transfers ?? 0,
      alerts: sent.delivered,
      matchMs: Math.round(matchMs),
      deliverMs: Math.round(deliverMs),
    };
  } finally {
    server.closeAllConnections();
    server.close();
    await anvil.stop();
  }
}

export function describeWatch(f: WatchFigures): string {
  return `watch (${f.engine}): ${f.watched.toLocaleString('en-US')} watched addresses, a block of ${f.transfers} transfers: read, matched and recorded in ${f.matchMs} ms (target < 1000 ms); ${f.alerts} alerts delivered to a webhook in ${f.deliverMs} ms`;
}
