/**
 * One request cannot make the service flood its chain node: a batch of 100 addresses gets on-chain
 * facts for the first CHAIN_MAX_LOOKUPS_PER_REQUEST (5) only, and the rest say so; reads across all
 * requests are capped at CHAIN_MAX_CONCURRENCY. JSON-RPC calls are counted at a proxy in front of a
 * real node (anvil).
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi } from '../../src/adapters/http/index.js';
import { createChainFacts } from '../../src/chain/index.js';
import { parseAddress, type RiskSummary } from '../../src/core/index.js';
import { createLogger } from '../../src/logger.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { type Anvil, type CountingRpcProxy, startAnvil, startCountingRpcProxy } from './servers.js';

/** A well-formed, all-lowercase EVM address of its own per test (facts are cached per address). */
const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const parsed = (n: number) => {
  const result = parseAddress(address(n));
  if (!result.ok) throw new Error(`${address(n)} does not parse`);
  return result.value;
};
/** What one lookup costs on a chain without ENS: eth_getCode, eth_getTransactionCount, eth_getBalance. */
const CALLS_PER_LOOKUP = 3;

let anvil: Anvil;
let proxy: CountingRpcProxy;
let chain: ReturnType<typeof createChainFacts>;
let ctx: TestContext;

beforeAll(async () => {
  anvil = await startAnvil(31337);
  proxy = await startCountingRpcProxy(anvil.url);
  chain = createChainFacts({ evmRpcUrls: { 31337: proxy.url }, esploraUrl: null, timeoutMs: 5000 });
  // No chainLookupsPerRequest: the default applies.
  ctx = await createTestContext({ chain });
}, 30_000);
afterAll(async () => {
  await chain?.close();
  await ctx?.close();
  await proxy?.close();
  await anvil?.stop();
});

function screenOver(body: unknown) {
  const app = createHttpApi({
    chainwarden: ctx.chainwarden,
    apiKeys: ctx.stores.apiKeys,
    lists: ctx.stores.lists,
    database: ctx.database,
    logger: createLogger('silent'),
    metrics: new Registry(),
  });
  return app.request('/v1/screen', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('on-chain lookups per request', () => {
  it('one POST /v1/screen of 100 EVM addresses looks up 5 of them on the chain and says the rest were skipped', async () => {
    const before = proxy.calls().length;
    const addresses = Array.from({ length: 100 }, (_, i) => address(0x1000 + i));
    const response = await screenOver({ addresses });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: RiskSummary[] };

    const calls = proxy.calls().length - before;
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(5 * CALLS_PER_LOOKUP);

    expect(results).toHaveLength(100);
    // The first five in input order get facts; the others say why they have none.
    expect(results.slice(0, 5).map((r) => r.onchain?.available)).toEqual([true, true, true, true, true]);
    for (const skipped of results.slice(5)) {
      expect(skipped.onchain).toEqual({
        available: false,
        source: 'evm:31337',
        isContract: null,
        txCount: null,
        balance: null,
        unavailableBecause: 'skipped',
      });
      const reason = skipped.reasons.find((r) => r.code === 'onchain-unavailable');
      expect(reason?.text).toContain('not looked up');
      expect(reason?.text).toContain('Check this address alone');
    }
  });

  it('a text of 20 addresses is one request too', async () => {
    const before = proxy.calls().length;
    const text = Array.from({ length: 20 }, (_, i) => address(0x2000 + i)).join(' ');
    const response = await screenOver({ text });
    const { results } = (await response.json()) as { results: RiskSummary[] };
    expect(results).toHaveLength(20);
    expect(proxy.calls().length - before).toBeLessThanOrEqual(5 * CALLS_PER_LOOKUP);
    expect(results.filter((r) => r.onchain?.unavailableBecause === 'skipped')).toHaveLength(15);
  });

  it('an address skipped in a batch gets its facts when checked alone', async () => {
    const addresses = Array.from({ length: 6 }, (_, i) => address(0x3000 + i));
    const batch = (await (await screenOver({ addresses })).json()) as { results: RiskSummary[] };
    expect(batch.results[5]?.onchain?.unavailableBecause).toBe('skipped');
    const alone = await ctx.chainwarden.screenAddress(address(0x3005));
    expect(alone.ok && alone.value.onchain?.available).toBe(true);
  });

  it('facts already cached cost no lookup: a batch of them all carries facts', async () => {
    const addresses = Array.from({ length: 8 }, (_, i) => address(0x4000 + i));
    await screenOver({ addresses: addresses.slice(0, 5) });
    await screenOver({ addresses: addresses.slice(5) });
    const before = proxy.calls().length;
    const { results } = (await (await screenOver({ addresses })).json()) as { results: RiskSummary[] };
    expect(results.every((r) => r.onchain?.available)).toBe(true);
    expect(proxy.calls().length).toBe(before);
  });
});

describe('reads in flight across requests', () => {
  it('never exceed CHAIN_MAX_CONCURRENCY, and the others wait their turn', async () => {
    const slow = await startCountingRpcProxy(anvil.url, 150);
    const capped = createChainFacts({
      evmRpcUrls: { 31337: slow.url },
      esploraUrl: null,
      timeoutMs: 10_000,
      maxConcurrency: 1,
    });
    try {
      // Six separate requests at once, each within its own lookup allowance.
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => capped.factsFor(parsed(0x5000 + i))),
      );
      expect(answers.every((facts) => facts?.available)).toBe(true);
      // One read's calls at most (ethers may send them as one batch or three requests).
      expect(slow.maxInFlight()).toBeLessThanOrEqual(CALLS_PER_LOOKUP);
    } finally {
      await capped.close();
      await slow.close();
    }
  }, 30_000);

  it('a read that finds no free slot before the timeout says the node is busy', async () => {
    const stuck = await startCountingRpcProxy(anvil.url, 3000);
    const capped = createChainFacts({
      evmRpcUrls: { 31337: stuck.url },
      esploraUrl: null,
      timeoutMs: 500,
      maxConcurrency: 1,
    });
    try {
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 3 }, (_, i) => capped.factsFor(parsed(0x6000 + i))),
      );
      expect(Date.now() - started).toBeLessThan(2500);
      const why = answers.map((facts) => facts?.unavailableBecause);
      expect(why[0]).toBe('timeout');
      expect(why).toContain('busy');
    } finally {
      await capped.close();
      await stuck.close();
    }
  }, 30_000);
});
