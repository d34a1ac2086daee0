/**
 * EVM tracing on nodes that differ from anvil, through a local JSON-RPC server that speaks the
 * documented shapes (`trace_filter` as OpenEthereum/Nethermind document it: `fromAddress` and
 * `toAddress` both given means "from one AND to the other", and no `mode`; `eth_getLogs`,
 * `eth_getTransactionCount`, `eth_blockNumber` as in the Ethereum JSON-RPC spec). The records are
 * made up for the test.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainHistory } from '../../src/chain/index.js';
import { createTestContext, type TestContext } from '../support/context.js';

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const ROOT = address(0x100);
const OTHER_ROOT = address(0x200);
const PAYER = address(0xa);
const PAYEE = address(0xb);

/** Native transfers: [from, to, wei, block]. */
const TRANSFERS: Array<[string, string, bigint, number]> = [
  [PAYER, ROOT, 10n ** 18n, 10],
  [ROOT, PAYEE, 2n * 10n ** 18n, 11],
  [PAYER, OTHER_ROOT, 10n ** 18n, 12],
  [OTHER_ROOT, PAYEE, 10n ** 18n, 13],
];

interface Call {
  id: number;
  method: string;
  params: Array<Record<string, unknown> | string>;
}

function answer(call: Call): unknown {
  switch (call.method) {
    case 'eth_blockNumber':
      return '0x14';
    case 'eth_getTransactionCount':
      return '0x1';
    case 'eth_getLogs':
      return [];
    case 'trace_filter': {
      const filter = call.params[0] as { fromAddress?: string[]; toAddress?: string[] };
      // Nethermind's reading: every given list must match (no `mode`).
      return TRANSFERS.flatMap(([from, to, value, block], i) =>
        (!filter.fromAddress || filter.fromAddress.includes(from)) &&
        (!filter.toAddress || filter.toAddress.includes(to))
          ? [
              {
                type: 'call',
                action: { callType: 'call', from, to, value: `0x${value.toString(16)}` },
                result: { gasUsed: '0x0', output: '0x' },
                blockNumber: block,
                transactionHash: hash(i + 1),
                traceAddress: [],
                subtraces: 0,
              },
            ]
          : [],
      );
    }
    default:
      return undefined;
  }
}

describe('EVM tracing on a node that reads trace_filter as "from AND to"', () => {
  let ctx: TestContext;
  let url: string;
  let requests = 0;
  let calls = 0;
  const server = createServer(async (req, res) => {
    requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as Call | Call[];
    const reply = (call: Call) => {
      calls += 1;
      const result = answer(call);
      return result === undefined
        ? { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'Method not found' } }
        : { jsonrpc: '2.0', id: call.id, result };
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(Array.isArray(body) ? body.map(reply) : reply(body)));
  });

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ctx = await createTestContext({
      history: createChainHistory({
        evmRpcUrls: { 1: url },
        esploraUrl: null,
        trongridUrl: null,
        timeoutMs: 2000,
      }),
    });
    await ctx.stores.lists.replaceList(
      { source: 'test-scams', kind: 'scam', listDate: '2026-11-30' },
      (async function* () {
        yield [PAYER, PAYEE].map((key) => ({
          key,
          chain: 'evm' as const,
          display: key,
          label: null,
          category: 'phishing' as const,
          entity: null,
          program: null,
          listedAt: null,
        }));
      })(),
    );
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
    server.closeAllConnections();
    server.close();
  });

  it('still sees funds both received and sent, trace after trace, its calls batched', async () => {
    for (const root of [ROOT, OTHER_ROOT]) {
      const result = await ctx.chainwarden.trace(root, { hops: 1 });
      if (!result.ok) throw new Error(result.error.reason);
      expect(result.value).toMatchObject({ complete: true, source: 'evm:1 trace_filter', level: 'medium' });
      expect(result.value.hits.map((hit) => [hit.direction, hit.address.toLowerCase()])).toEqual(
        expect.arrayContaining([
          ['incoming', PAYER],
          ['outgoing', PAYEE],
        ]),
      );
    }
    // One address's trace_filter, eth_getLogs and nonce calls share requests.
    expect(requests).toBeLessThan(calls);
  });
});
