import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChainFacts } from '../../src/chain/index.js';
import type { ParsedAddress } from '../../src/core/index.js';
import { type FakeEsplora, startFakeEsplora } from './servers.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/esplora/${name}`, import.meta.url), 'utf8');
const USED = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const UNUSED = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const OTHER = '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy';
const TIMEOUT_MS = 300;
// Generous: CI runs test files in parallel on two cores; a hang would still blow far past it.
const MARGIN_MS = 1000;

const bitcoin = (key: string): ParsedAddress => ({
  chain: 'bitcoin',
  key,
  display: key,
  network: 'mainnet',
  kind: 'p2wpkh',
});

const unavailable = {
  available: false,
  source: 'esplora',
  isContract: null,
  txCount: null,
  balance: null,
  unavailableBecause: expect.any(String),
};

let esplora: FakeEsplora;

beforeAll(async () => {
  esplora = await startFakeEsplora();
});

afterAll(async () => {
  await esplora.close();
});

beforeEach(() => {
  esplora.hits.length = 0;
  esplora.replies.clear();
  esplora.replies.set(USED, { status: 200, body: fixture('address-used.json') });
  esplora.replies.set(UNUSED, { status: 200, body: fixture('address-unused.json') });
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; elapsed: number }> {
  const started = performance.now();
  const value = await work();
  return { value, elapsed: performance.now() - started };
}

describe('bitcoin facts from Esplora', () => {
  it('counts confirmed and mempool transactions and nets funded against spent outputs', async () => {
    const chain = createChainFacts({ evmRpcUrls: {}, esploraUrl: esplora.url, timeoutMs: TIMEOUT_MS });
    await expect(chain.factsFor(bitcoin(USED))).resolves.toEqual({
      available: true,
      source: 'esplora',
      isContract: false,
      txCount: 5,
      balance: '80000',
      received: '150000',
      sent: '70000',
    });
    expect(esplora.hits).toEqual([`/api/address/${USED}`]);
    await chain.close();
  });

  it('reports an address the indexer never saw as zero transactions and zero balance', async () => {
    const chain = createChainFacts({ evmRpcUrls: {}, esploraUrl: esplora.url, timeoutMs: TIMEOUT_MS });
    await expect(chain.factsFor(bitcoin(UNUSED))).resolves.toEqual({
      available: true,
      source: 'esplora',
      isContract: false,
      txCount: 0,
      balance: '0',
      received: '0',
      sent: '0',
    });
    await chain.close();
  });

  it.each([
    [404, 'Not Found', 'error'],
    [500, 'Internal Server Error', 'error'],
    [400, 'Invalid Bitcoin address', 'rejected'],
  ])('answers unavailable when Esplora replies HTTP %i', async (status, body, because) => {
    esplora.replies.set(OTHER, { status, body });
    const chain = createChainFacts({ evmRpcUrls: {}, esploraUrl: esplora.url, timeoutMs: TIMEOUT_MS });
    await expect(chain.factsFor(bitcoin(OTHER))).resolves.toEqual({
      ...unavailable,
      unavailableBecause: because,
    });
    await chain.close();
  });

  it('answers unavailable when the body is not the Esplora address shape', async () => {
    esplora.replies.set(OTHER, { status: 200, body: '{"address":"x","chain_stats":{}}' });
    const chain = createChainFacts({ evmRpcUrls: {}, esploraUrl: esplora.url, timeoutMs: TIMEOUT_MS });
    await expect(chain.factsFor(bitcoin(OTHER))).resolves.toEqual(unavailable);
    await chain.close();
  });

  it('gives up on a server that never answers once the timeout has passed', async () => {
    esplora.replies.set(OTHER, 'hang');
    const chain = createChainFacts({ evmRpcUrls: {}, esploraUrl: esplora.url, timeoutMs: TIMEOUT_MS });
    const { value, elapsed } = await timed(() => chain.factsFor(bitcoin(OTHER)));
    expect(value).toEqual(unavailable);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    await chain.close();
  });

  it('answers null when no Esplora server is configured, and for chains it has no node for', async () => {
    const none = createChainFacts({ evmRpcUrls: {}, esploraUrl: null, timeoutMs: TIMEOUT_MS });
    await expect(none.factsFor(bitcoin(USED))).resolves.toBeNull();
    await none.close();
    const chain = createChainFacts({ evmRpcUrls: {}, esploraUrl: esplora.url, timeoutMs: TIMEOUT_MS });
    const tron: ParsedAddress = {
      chain: 'tron',
      key: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
      display: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
      network: 'mainnet',
      kind: 'account',
    };
    await expect(chain.factsFor(tron)).resolves.toBeNull();
    const evm: ParsedAddress = {
      chain: 'evm',
      key: '0x8589427373d6d84e98730d7795d8f6f8731fda16',
      display: '0x8589427373D6D84E98730D7795D8f6f8731FDA16',
      network: 'mainnet',
      kind: 'eoa-or-contract',
    };
    await expect(chain.factsFor(evm)).resolves.toBeNull();
    expect(esplora.hits).toEqual([]);
    await chain.close();
  });
});

describe('cache', () => {
  it('does not ask the server again within the TTL, and asks again after it', async () => {
    let clock = 1_000_000;
    const chain = createChainFacts({
      evmRpcUrls: {},
      esploraUrl: esplora.url,
      timeoutMs: TIMEOUT_MS,
      cacheTtlMs: 60_000,
      now: () => clock,
    });
    const first = await chain.factsFor(bitcoin(USED));
    clock += 59_000;
    await expect(chain.factsFor(bitcoin(USED))).resolves.toEqual(first);
    expect(esplora.hits).toHaveLength(1);
    clock += 2_000;
    await expect(chain.factsFor(bitcoin(USED))).resolves.toEqual(first);
    expect(esplora.hits).toHaveLength(2);
    await chain.close();
  });

  it('never caches a failure', async () => {
    esplora.replies.set(OTHER, { status: 500, body: 'oops' });
    const chain = createChainFacts({ evmRpcUrls: {}, esploraUrl: esplora.url, timeoutMs: TIMEOUT_MS });
    await expect(chain.factsFor(bitcoin(OTHER))).resolves.toEqual(unavailable);
    esplora.replies.set(OTHER, { status: 200, body: fixture('address-unused.json') });
    await expect(chain.factsFor(bitcoin(OTHER))).resolves.toMatchObject({ available: true, txCount: 0 });
    expect(esplora.hits).toHaveLength(2);
    await chain.close();
  });
});

describe('circuit breaker', () => {
  it('skips a failing server during the cooldown, then lets one trial call through', async () => {
    let clock = 1_000_000;
    esplora.replies.set(OTHER, { status: 500, body: 'oops' });
    const chain = createChainFacts({
      evmRpcUrls: {},
      esploraUrl: esplora.url,
      timeoutMs: TIMEOUT_MS,
      breaker: { failureThreshold: 2, cooldownMs: 30_000 },
      now: () => clock,
    });
    await chain.factsFor(bitcoin(OTHER));
    await chain.factsFor(bitcoin(OTHER));
    expect(esplora.hits).toHaveLength(2);

    // Open: even a different, healthy address is not asked for.
    await expect(chain.factsFor(bitcoin(USED))).resolves.toEqual(unavailable);
    expect(esplora.hits).toHaveLength(2);

    clock += 30_001;
    await expect(chain.factsFor(bitcoin(USED))).resolves.toMatchObject({ available: true, txCount: 5 });
    expect(esplora.hits).toHaveLength(3);
    await expect(chain.factsFor(bitcoin(UNUSED))).resolves.toMatchObject({ available: true, txCount: 0 });
    expect(esplora.hits).toHaveLength(4);
    await chain.close();
  });

  it('starts counting again after a success', async () => {
    esplora.replies.set(OTHER, { status: 500, body: 'oops' });
    const chain = createChainFacts({
      evmRpcUrls: {},
      esploraUrl: esplora.url,
      timeoutMs: TIMEOUT_MS,
      breaker: { failureThreshold: 2, cooldownMs: 30_000 },
    });
    await chain.factsFor(bitcoin(OTHER));
    await chain.factsFor(bitcoin(USED));
    await chain.factsFor(bitcoin(OTHER));
    await expect(chain.factsFor(bitcoin(UNUSED))).resolves.toMatchObject({ available: true });
    expect(esplora.hits).toHaveLength(4);
    await chain.close();
  });

  it('does not count an address the server refused (HTTP 400) as a server failure', async () => {
    esplora.replies.set(OTHER, { status: 400, body: 'Invalid Bitcoin address' });
    const chain = createChainFacts({
      evmRpcUrls: {},
      esploraUrl: esplora.url,
      timeoutMs: TIMEOUT_MS,
      breaker: { failureThreshold: 1, cooldownMs: 30_000 },
    });
    await expect(chain.factsFor(bitcoin(OTHER))).resolves.toEqual(unavailable);
    await expect(chain.factsFor(bitcoin(USED))).resolves.toMatchObject({ available: true });
    expect(esplora.hits).toHaveLength(2);
    await chain.close();
  });
});
