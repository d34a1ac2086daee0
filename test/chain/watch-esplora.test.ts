/**
 * The watch poller over Bitcoin (src/chain/esplora-blocks.ts) against a local server speaking
 * Esplora's block endpoints, with real storage: a payment out of a watched address is alerted
 * once, with its txid, its change not counted; blocks mined while the poller was stopped are
 * alerted by the next one (the cursor is in the database); a transfer in a block that a reorg
 * replaced before it was read is never alerted, and a cursor whose block was replaced is moved
 * back and read again without alerting twice.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsploraBlockSource } from '../../src/chain/esplora-blocks.js';
import type { WatchEvent } from '../../src/core/index.js';
import { watchPollerOf } from '../../src/watch-runner.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { type FakeJsonApi, startFakeJsonApi } from './servers.js';

const WATCHED = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const SHOP = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
const EXCHANGE = '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy';
const FRIEND = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const OWNER = 'api:bitcoin';

interface Tx {
  txid: string;
  vin: Array<{ is_coinbase?: boolean; prevout: { scriptpubkey_address: string; value: number } | null }>;
  vout: Array<{ scriptpubkey_address: string; value: number }>;
}
interface Block {
  id: string;
  txs: Tx[];
}

const hash = (label: string) => createHash('sha256').update(label).digest('hex');
const coinbase = (label: string): Tx => ({
  txid: hash(`coinbase ${label}`),
  vin: [{ is_coinbase: true, prevout: null }],
  vout: [{ scriptpubkey_address: FRIEND, value: 312_500_000 }],
});
/** `from` pays `sats` to `to`, with change back to itself. */
const payment = (label: string, from: string, to: string, sats: number): Tx => ({
  txid: hash(`tx ${label}`),
  vin: [{ prevout: { scriptpubkey_address: from, value: sats + 10_000 } }],
  vout: [
    { scriptpubkey_address: to, value: sats },
    { scriptpubkey_address: from, value: 9_000 },
  ],
});

/** The node's chain, by height; tests mine and replace blocks in it. */
const chain: Block[] = [];
function mine(label: string, ...txs: Tx[]): Block {
  const block = { id: hash(`block ${label}`), txs: [coinbase(label), ...txs] };
  chain.push(block);
  return block;
}

let esplora: FakeJsonApi;
let ctx: TestContext;

beforeAll(async () => {
  esplora = await startFakeJsonApi((_method, path) => {
    if (path === '/blocks/tip/height') return { text: String(chain.length - 1) };
    const height = /^\/block-height\/(\d+)$/.exec(path);
    if (height) {
      const block = chain[Number(height[1])];
      return block ? { text: block.id } : null;
    }
    const info = /^\/block\/([0-9a-f]{64})(?:\/txs\/(\d+))?$/.exec(path);
    const at = info ? chain.findIndex((b) => b.id === info[1]) : -1;
    const block = chain[at];
    if (!info || !block) return null;
    if (info[2] !== undefined) return block.txs.slice(Number(info[2]), Number(info[2]) + 25);
    return {
      id: block.id,
      height: at,
      previousblockhash: chain[at - 1]?.id ?? null,
      tx_count: block.txs.length,
    };
  });
  ctx = await createTestContext();
  for (let i = 0; i < 3; i += 1) mine(`genesis ${i}`);
});

afterAll(async () => {
  await ctx?.close();
  await esplora?.close();
});

/** A poller as a freshly started service makes it: its state is only what the database holds. */
const startPoller = (confirmations: number) =>
  watchPollerOf(ctx, [createEsploraBlockSource(esplora.url, 5000)], confirmations);

async function transfersAlerted(watchId: string) {
  const result = await ctx.chainwarden.watching.deliveries(OWNER, watchId);
  if (!result.ok) throw new Error(result.error.reason);
  return result.value
    .map((d) => d.event)
    .filter((e): e is Extract<WatchEvent, { txHash: string }> => 'txHash' in e)
    .reverse();
}

describe('the watch poller on Esplora', () => {
  it('alerts payments out once with their txid, after a restart too, and never a transfer a reorg replaced', async () => {
    const added = await ctx.chainwarden.watching.addWatch({
      address: WATCHED,
      owner: OWNER,
      destination: { kind: 'webhook', url: 'https://example.org/hook' },
      createdBy: OWNER,
    });
    if (!added.ok) throw new Error(added.error.reason);
    const id = added.value.watch.id;

    let poller = startPoller(0);
    expect((await poller.pollOnce()).chains[0]).toMatchObject({ source: 'bitcoin', started: 2 });

    // A payment out: one alert for the payment, none for the change back to the watched address.
    const paid = payment('shop', WATCHED, SHOP, 150_000);
    mine('3', paid);
    expect((await poller.pollOnce()).chains[0]).toMatchObject({ from: 3, to: 3, alerts: 1 });
    await poller.pollOnce();
    expect(await transfersAlerted(id)).toEqual([
      {
        kind: 'outgoing-transfer',
        source: 'bitcoin',
        txHash: paid.txid,
        blockNumber: 3,
        amount: '0.0015',
        asset: 'BTC',
        token: null,
        counterparty: expect.objectContaining({ address: SHOP, level: 'none', flagged: false }),
      },
    ]);

    // Stopped: two blocks are mined meanwhile; a new poller (a restarted service) reads them.
    const whileDown = payment('exchange', WATCHED, EXCHANGE, 2_500_000);
    mine('4');
    mine('5', whileDown);
    poller = startPoller(1);
    expect((await poller.pollOnce()).chains[0]).toMatchObject({ from: 4, to: 4, alerts: 0 });
    mine('6');
    expect((await poller.pollOnce()).chains[0]).toMatchObject({ from: 5, to: 5, alerts: 1 });
    expect((await transfersAlerted(id)).map((e) => [e.txHash, e.amount])).toEqual([
      [paid.txid, '0.0015'],
      [whileDown.txid, '0.025'],
    ]);

    // A payment in the tip block is not read yet (one confirmation); a reorg replaces that block
    // by one without it: it is never alerted.
    const orphaned = payment('orphaned', WATCHED, FRIEND, 70_000);
    chain.pop();
    mine('6a', orphaned);
    await poller.pollOnce();
    chain.pop();
    const replacing = payment('replacing', WATCHED, SHOP, 80_000);
    mine('6b', replacing);
    mine('7b');
    expect((await poller.pollOnce()).chains[0]).toMatchObject({ from: 6, to: 6, alerts: 1 });

    // A deeper reorg: the block the cursor names is replaced (the same payment mined again at the
    // same height). The poller moves back, reads again, and alerts nothing twice.
    chain.splice(6);
    mine('6c', replacing);
    mine('7c');
    mine('8c');
    expect((await poller.pollOnce()).chains[0]).toMatchObject({ rewound: true, to: 7, alerts: 0 });
    const alerted = (await transfersAlerted(id)).map((e) => e.txHash);
    expect(alerted).toEqual([paid.txid, whileDown.txid, replacing.txid]);
    expect(alerted).not.toContain(orphaned.txid);
  });
});
