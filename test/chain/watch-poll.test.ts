/**
 * The watch poller on a real node (anvil, through a proxy that can play a node mid-reorg) with real
 * storage: native and ERC-20 transfers of watched addresses become alerts, once each, with the
 * counterparty's risk from the core's screen; a log marked `removed`, or one naming a block that was
 * not read, never becomes an alert; blocks under the confirmations are not read, so a transfer
 * reorganised away before then is never alerted; a cursor whose block left the chain is moved back.
 */
import { getAddress, JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenRuntime, transferCall } from '../../bench/support/evm-token.js';
import { createEvmBlockSource } from '../../src/chain/index.js';
import type { WatchDelivery, WatchEvent, WatchPoller } from '../../src/core/index.js';
import { watchPollerOf } from '../../src/watch-runner.js';
import { batchesOf, listEntry } from '../fixtures/builders.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { startTamperingProxy, type TamperingProxy } from '../support/rpc-tamper.js';
import { type Anvil, startAnvil } from './servers.js';

/** OFAC SDN, Tornado Cash (as in the bundled list); on anvil an empty account we can impersonate. */
const TORNADO = '0x8589427373D6D84E98730D7795D8f6f8731FDA16';
const TOKEN = getAddress('0x00000000000000000000000000000000000c0ffe');
const HOOK = { kind: 'webhook' as const, url: 'https://example.org/hook' };

let anvil: Anvil;
let proxy: TamperingProxy;
let provider: JsonRpcProvider;
let ctx: TestContext;
let accounts: string[];

const pollerWith = (confirmations: number): WatchPoller =>
  watchPollerOf(
    ctx,
    [createEvmBlockSource({ chainId: 31337, url: proxy.url, timeoutMs: 5000 })],
    confirmations,
  );

async function watch(address: string, owner: string, allIncoming = false): Promise<string> {
  const result = await ctx.chainwarden.watching.addWatch({
    address,
    owner,
    destination: HOOK,
    createdBy: owner,
    allIncoming,
  });
  if (!result.ok) throw new Error(result.error.reason);
  return result.value.watch.id;
}

async function alertsOf(owner: string, id: string): Promise<WatchDelivery[]> {
  const result = await ctx.chainwarden.watching.deliveries(owner, id);
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
}

const transfers = (deliveries: WatchDelivery[]) =>
  deliveries.map((d) => d.event).filter((e): e is Extract<WatchEvent, { txHash: string }> => 'txHash' in e);

async function send(from: string, to: string, wei: bigint, data?: string): Promise<string> {
  const signer = await provider.getSigner(from);
  const tx = await signer.sendTransaction({ to, value: wei, ...(data ? { data } : {}) });
  await tx.wait();
  return tx.hash;
}

beforeAll(async () => {
  anvil = await startAnvil(31337);
  proxy = await startTamperingProxy(anvil.url);
  provider = new JsonRpcProvider(anvil.url, 31337, { staticNetwork: true });
  accounts = (await provider.send('eth_accounts', [])) as string[];
  ctx = await createTestContext({ watchOptions: { transferChains: ['evm'] } });
  await ctx.stores.lists.replaceList(
    { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27' },
    batchesOf([
      listEntry(TORNADO.toLowerCase(), { display: TORNADO, entity: 'TORNADO CASH', program: 'CYBER2' }),
    ]),
  );
  await provider.send('anvil_setCode', [TOKEN, `0x${tokenRuntime()}`]);
  await provider.send('anvil_setBalance', [TORNADO, '0x8ac7230489e80000']);
  await provider.send('anvil_impersonateAccount', [TORNADO]);
}, 60_000);

afterAll(async () => {
  await ctx?.close();
  await proxy?.close();
  await anvil?.stop();
});

describe('the watch poller on anvil', () => {
  it('starts at the tip, then alerts a payment to a sanctioned address once, with the full hash', async () => {
    const poller = pollerWith(0);
    const [wallet] = accounts as [string];
    const id = await watch(wallet, 'api:one');
    const first = await poller.pollOnce();
    expect(first.chains[0]?.started).toBe(await provider.getBlockNumber());

    const hash = await send(wallet, TORNADO, 1_500_000_000_000_000_000n);
    expect((await poller.pollOnce()).chains[0]).toMatchObject({ alerts: 1, transfers: 1 });
    await poller.pollOnce();
    const [event, ...more] = transfers(await alertsOf('api:one', id));
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      kind: 'outgoing-transfer',
      source: 'evm:31337',
      txHash: hash,
      amount: '1.5',
      asset: 'ETH',
      token: null,
      counterparty: { address: TORNADO, level: 'severe', sanctioned: true, flagged: true },
    });
    expect(event?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('alerts an ERC-20 transfer with the token’s symbol and decimals', async () => {
    const poller = pollerWith(0);
    const wallet = accounts[1] as string;
    const id = await watch(wallet, 'api:token');
    await poller.pollOnce();
    const hash = await send(wallet, TOKEN, 0n, transferCall(accounts[2] as string, 2_500_000n));
    await poller.pollOnce();
    expect(transfers(await alertsOf('api:token', id))).toEqual([
      expect.objectContaining({
        kind: 'outgoing-transfer',
        txHash: hash,
        amount: '2.5',
        asset: 'TST',
        token: TOKEN,
      }),
    ]);
  });

  it('alerts incoming funds from a sanctioned sender, and ordinary ones only to a watch that asked for all', async () => {
    const poller = pollerWith(0);
    const receiver = accounts[3] as string;
    const risky = await watch(receiver, 'api:risky');
    const every = await watch(receiver, 'api:all', true);
    await poller.pollOnce();
    const ordinary = await send(accounts[4] as string, receiver, 10n ** 17n);
    const sanctioned = await send(TORNADO, receiver, 5n * 10n ** 17n);
    await poller.pollOnce();
    expect(transfers(await alertsOf('api:risky', risky)).map((e) => [e.kind, e.txHash])).toEqual([
      ['incoming-transfer', sanctioned],
    ]);
    expect(
      transfers(await alertsOf('api:all', every))
        .map((e) => e.txHash)
        .sort(),
    ).toEqual([ordinary, sanctioned].sort());
  });

  it('never alerts a log the node marks removed', async () => {
    const poller = pollerWith(0);
    const watched = accounts[5] as string;
    const id = await watch(watched, 'api:removed');
    await poller.pollOnce();
    // A block with a real, unrelated transaction; the node then "re-sends" a log for the watched address as removed.
    await send(accounts[6] as string, accounts[7] as string, 1n);
    const block = await provider.getBlock('latest');
    proxy.tamper('eth_getLogs', (result) => [
      ...(result as unknown[]),
      {
        address: TOKEN.toLowerCase(),
        topics: [
          '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
          `0x${watched.slice(2).toLowerCase().padStart(64, '0')}`,
          `0x${(accounts[7] as string).slice(2).toLowerCase().padStart(64, '0')}`,
        ],
        data: `0x${(10n ** 6n).toString(16).padStart(64, '0')}`,
        blockNumber: `0x${block?.number.toString(16)}`,
        blockHash: block?.hash,
        transactionHash: `0x${'ab'.repeat(32)}`,
        logIndex: '0x0',
        removed: true,
      },
    ]);
    try {
      const polled = await poller.pollOnce();
      expect(polled.chains[0]?.error).toBeUndefined();
    } finally {
      proxy.tamper('eth_getLogs', null);
    }
    expect(transfers(await alertsOf('api:removed', id))).toEqual([]);
  });

  it('reads a block again when a log names another block hash than the one read, and alerts it once', async () => {
    const poller = pollerWith(0);
    const watched = accounts[8] as string;
    const id = await watch(watched, 'api:mismatch');
    await poller.pollOnce();
    const hash = await send(watched, accounts[9] as string, 7n);
    await send(watched, TOKEN, 0n, transferCall(accounts[9] as string, 1n));
    proxy.tamper('eth_getLogs', (result) =>
      (result as Array<Record<string, unknown>>).map((log) => ({
        ...log,
        blockHash: `0x${'00'.repeat(32)}`,
      })),
    );
    let failed: unknown;
    try {
      failed = (await poller.pollOnce()).chains[0]?.error;
    } finally {
      proxy.tamper('eth_getLogs', null);
    }
    expect(String(failed)).toContain('names a block that was not read');
    expect(transfers(await alertsOf('api:mismatch', id))).toEqual([]);
    await poller.pollOnce();
    await poller.pollOnce();
    const alerted = transfers(await alertsOf('api:mismatch', id));
    expect(alerted.map((e) => e.asset).sort()).toEqual(['ETH', 'TST']);
    expect(alerted.find((e) => e.asset === 'ETH')?.txHash).toBe(hash);
  });

  it('never alerts a transfer reorganised away while it was under the confirmations', async () => {
    const poller = pollerWith(2);
    const watched = accounts[0] as string;
    const id = await watch(accounts[0] as string, 'api:reorg');
    await pollerWith(0).pollOnce();
    const snapshot = (await provider.send('evm_snapshot', [])) as string;
    const orphan = await send(watched, accounts[1] as string, 123n);
    await poller.pollOnce();
    await provider.send('evm_revert', [snapshot]);
    const kept = await send(watched, accounts[1] as string, 456n);
    await provider.send('anvil_mine', ['0x3']);
    await poller.pollOnce();
    const hashes = transfers(await alertsOf('api:reorg', id)).map((e) => e.txHash);
    expect(hashes).toEqual([kept]);
    expect(hashes).not.toContain(orphan);
  });

  it('moves a cursor whose block left the chain back and reads again, alerting nothing twice', async () => {
    const poller = pollerWith(0);
    const watched = accounts[2] as string;
    const id = await watch(watched, 'api:deep');
    await poller.pollOnce();
    const snapshot = (await provider.send('evm_snapshot', [])) as string;
    await send(watched, accounts[3] as string, 1n);
    await poller.pollOnce();
    await provider.send('evm_revert', [snapshot]);
    const replacement = await send(watched, accounts[3] as string, 2n);
    await provider.send('anvil_mine', ['0x1']);
    const polled = await poller.pollOnce();
    expect(polled.chains[0]?.rewound).toBe(true);
    await poller.pollOnce();
    const hashes = transfers(await alertsOf('api:deep', id)).map((e) => e.txHash);
    expect(hashes.filter((h) => h === replacement)).toHaveLength(1);
  });
});
