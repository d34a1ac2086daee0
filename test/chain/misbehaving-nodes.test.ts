/**
 * Chain nodes that misbehave in the ways public endpoints do: rate limiting (429 with a long
 * Retry-After), garbage instead of JSON, JSON of the wrong shape, a 500. A check must still answer
 * within CHAIN_TIMEOUT_MS (plus scheduling margin), over HTTP with 200, never a 5xx: on-chain facts
 * are a hint, never a reason to fail an answer. The hanging and refusing nodes are in evm.test.ts
 * and esplora.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi } from '../../src/adapters/http/index.js';
import { createChainFacts } from '../../src/chain/index.js';
import { parseAddress } from '../../src/core/index.js';
import { createLogger } from '../../src/logger.js';
import { createTestContext, type TestContext } from '../support/context.js';

// Long enough that a loaded CI machine still opens the connection before the abort (a 300 ms limit once
// expired before the request reached the node); a retry honouring Retry-After: 30 would still blow past it.
const TIMEOUT_MS = 1000;
// Generous: CI runs test files in parallel on two cores; a retry loop would still blow far past it.
const MARGIN_MS = 1000;
/** Made up for this test: a well-formed EVM address and a bech32 one (BIP-173 vector). */
const EVM_ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const BTC_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';

type Behaviour = '429' | 'garbage' | 'wrong-shape' | '500';
const BEHAVIOURS: Behaviour[] = ['429', 'garbage', 'wrong-shape', '500'];

/** One HTTP server per behaviour, answering every request (JSON-RPC or Esplora) the same bad way. */
async function startNode(behaviour: Behaviour): Promise<{ url: string; hits(): number; server: Server }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    req.on('end', () => {
      if (behaviour === '429') {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: 429, message: 'rate limited' } }));
      } else if (behaviour === 'garbage') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Cloudflare: checking your browser\u0000\uFFFD</body></html>');
      } else if (behaviour === 'wrong-shape') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: 'not-yours', result: { chain_stats: 'nope' } }));
      } else {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal server error');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, server };
}

describe.each(BEHAVIOURS)('a chain node answering %s', (behaviour) => {
  let node: Awaited<ReturnType<typeof startNode>>;
  let context: TestContext;
  let chain: ReturnType<typeof createChainFacts>;

  beforeAll(async () => {
    node = await startNode(behaviour);
    chain = createChainFacts({ evmRpcUrls: { 1: node.url }, esploraUrl: node.url, timeoutMs: TIMEOUT_MS });
    context = await createTestContext({ chain });
  });
  afterAll(async () => {
    await chain?.close();
    await context?.close();
    await new Promise((resolve) => node?.server.close(resolve));
  });

  it.each([EVM_ADDRESS, BTC_ADDRESS])(
    'still answers a check of %s with 200, in time, facts unavailable',
    async (address) => {
      const app = createHttpApi({
        chainwarden: context.chainwarden,
        apiKeys: context.stores.apiKeys,
        lists: context.stores.lists,
        database: context.database,
        logger: createLogger('silent'),
        metrics: new Registry(),
      });
      const started = performance.now();
      const res = await app.request(`/v1/addresses/${address}`);
      const elapsed = performance.now() - started;
      expect(res.status).toBe(200);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      const summary = (await res.json()) as {
        onchain: { available: boolean } | null;
        reasons: Array<{ code: string }>;
      };
      expect(summary.onchain?.available).toBe(false);
      expect(summary.reasons.map((r) => r.code)).toContain('onchain-unavailable');
      expect(node.hits()).toBeGreaterThan(0);
    },
  );

  it('answers the core directly within the timeout too', async () => {
    const parsed = parseAddress(EVM_ADDRESS);
    if (!parsed.ok) throw new Error(parsed.error.reason);
    const started = performance.now();
    const facts = await chain.factsFor(parsed.value);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(facts).toMatchObject({ available: false });
  });
});
