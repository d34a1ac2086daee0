/**
 * Tracing on a real local node (anvil): an address with 1,000 incoming transfers from 100
 * counterparties, each of which received its funds from one of 10 funders (one of them listed),
 * traced 1 and 2 hops out. Prints the time, the JSON-RPC calls made, and the time of the same
 * trace answered from the cache (same chain head). Targets (issue 18): 1 hop under 2 s, 2 hops
 * under 10 s, a cached answer under 50 ms.
 */
import { JsonRpcProvider, JsonRpcSigner, parseEther, Wallet } from 'ethers';
import { createChainHistory } from '../src/chain/index.js';
import { createChainwarden, type Exposure } from '../src/core/index.js';
import { createStores, openDatabase } from '../src/store/index.js';
import { startAnvil } from './support/anvil.js';

export interface TraceBench {
  transfers: number;
  counterparties: number;
  oneHop: { ms: number; calls: number; transactionsRead: number };
  twoHops: { ms: number; calls: number; transactionsRead: number; hits: number };
  cachedMs: number;
}

export async function benchTrace(): Promise<TraceBench> {
  const anvil = await startAnvil(1);
  const database = await openDatabase({ memory: true });
  try {
    const provider = new JsonRpcProvider(anvil.url, 1, { staticNetwork: true });
    await provider.send('anvil_autoImpersonateAccount', [true]);
    const root = Wallet.createRandom().address;
    const funders = Array.from({ length: 10 }, () => Wallet.createRandom().address);
    const counterparties = Array.from({ length: 100 }, () => Wallet.createRandom().address);
    for (const who of [...funders, ...counterparties]) {
      await provider.send('anvil_setBalance', [who, `0x${parseEther('1000').toString(16)}`]);
    }
    const send = async (from: string, to: string, value: bigint) =>
      (await new JsonRpcSigner(provider, from).sendTransaction({ to, value })).wait();
    for (const [i, counterparty] of counterparties.entries())
      await send(funders[i % 10]!, counterparty, parseEther('1'));
    for (let round = 0; round < 10; round += 1) {
      // Ten at a time from different senders: nonces stay in order per sender.
      await Promise.all(counterparties.map((c) => send(c, root, parseEther('0.01'))));
    }
    const stores = createStores(database);
    await stores.lists.replaceList(
      { source: 'bench-scams', kind: 'scam', listDate: '2026-11-30' },
      (async function* () {
        yield [
          {
            key: funders[0]!.toLowerCase(),
            chain: 'evm' as const,
            display: funders[0]!,
            label: 'bench',
            category: 'phishing' as const,
            entity: null,
            program: null,
            listedAt: null,
          },
        ];
      })(),
    );
    const history = createChainHistory({
      evmRpcUrls: { 1: anvil.url },
      esploraUrl: null,
      trongridUrl: null,
      timeoutMs: 5000,
    });
    const chainwarden = createChainwarden({ ...stores, history, traceLimits: { budgetMs: 60_000 } });
    const calls = () => Object.values(history.calls()).reduce((a, b) => a + b, 0);
    const timed = async (hops: 1 | 2) => {
      const before = calls();
      const started = performance.now();
      const result = await chainwarden.trace(root, { hops });
      if (!result.ok) throw new Error(result.error.reason);
      return {
        ms: Math.round(performance.now() - started),
        calls: calls() - before,
        exposure: result.value as Exposure,
      };
    };
    const one = await timed(1);
    const two = await timed(2);
    const cached = await timed(2);
    if (!cached.exposure.cached) throw new Error('the second trace was not answered from the cache');
    return {
      transfers: 1000,
      counterparties: counterparties.length,
      oneHop: { ms: one.ms, calls: one.calls, transactionsRead: one.exposure.transactionsRead },
      twoHops: {
        ms: two.ms,
        calls: two.calls,
        transactionsRead: two.exposure.transactionsRead,
        hits: two.exposure.hits.length,
      },
      cachedMs: cached.ms,
    };
  } finally {
    await database.close();
    await anvil.stop();
  }
}

export function describeTrace(bench: TraceBench): string {
  return [
    `trace (anvil, ${bench.transfers.toLocaleString('en-US')} transfers from ${bench.counterparties} counterparties):`,
    `  1 hop:  ${bench.oneHop.ms} ms, ${bench.oneHop.calls} JSON-RPC calls, ${bench.oneHop.transactionsRead} transactions read`,
    `  2 hops: ${bench.twoHops.ms} ms, ${bench.twoHops.calls} JSON-RPC calls, ${bench.twoHops.transactionsRead} transactions read, ${bench.twoHops.hits} hits`,
    `  2 hops again, from the cache: ${bench.cachedMs} ms`,
  ].join('\n');
}
