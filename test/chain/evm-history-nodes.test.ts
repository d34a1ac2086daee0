/**
 * The EVM history reader on nodes that refuse: a node that rejects `trace_filter`'s `mode`, one
 * that rate-limits once, one with a real block-range limit (anvil's message: "block range too
 * large, currently limited to 300"), and token contracts whose `symbol()`/`decimals()` calls the
 * node fails once or the contract reverts. A local JSON-RPC server speaks the documented shapes
 * (OpenEthereum's `trace_filter`, the Ethereum JSON-RPC spec's `eth_getLogs`/`eth_call`); the chain
 * and its records are made up for the test.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbiCoder } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { createEvmHistory } from '../../src/chain/evm-history.js';
import { createJsonRpcClient, createTokenReader, TRANSFER_TOPIC } from '../../src/chain/evm-rpc.js';

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const topic = (key: string) => `0x${key.slice(2).padStart(64, '0')}`;
const ROOT = address(0x100);
const PAYER = address(0xa);
const TOKEN = address(0x7000);
const NO_SYMBOL_TOKEN = address(0x7001);
/** Blocks 0..4095. */
const HEAD = 4095;

interface Call {
  id: number | null;
  method: string;
  params: Array<Record<string, unknown> | string>;
}
type Reply = { result: unknown } | { error: { code: number; message: string } };

/** Native payments to ROOT at blocks 10 and 4000; a token payment to ROOT at block 3000 of each token. */
function chain(call: Call): Reply {
  const filter = call.params[0] as Record<string, unknown>;
  switch (call.method) {
    case 'eth_blockNumber':
      return { result: `0x${HEAD.toString(16)}` };
    case 'eth_getTransactionCount':
      return { result: '0x0' };
    case 'trace_filter': {
      const from = Number(filter.fromBlock);
      const to = Number(filter.toBlock);
      const sender = filter.fromAddress as string[] | undefined;
      const receiver = filter.toAddress as string[] | undefined;
      const records = [10, 4000].flatMap((block) =>
        block >= from &&
        block <= to &&
        (filter.mode === 'union'
          ? sender?.includes(PAYER) || receiver?.includes(ROOT)
          : (!sender || sender.includes(PAYER)) && (!receiver || receiver.includes(ROOT)))
          ? [
              {
                type: 'call',
                action: { callType: 'call', from: PAYER, to: ROOT, value: '0xde0b6b3a7640000' },
                result: { gasUsed: '0x0', output: '0x' },
                blockNumber: block,
                transactionHash: hash(block),
                traceAddress: [],
                subtraces: 0,
              },
            ]
          : [],
      );
      return { result: records };
    }
    case 'eth_getLogs': {
      const from = Number(filter.fromBlock);
      const to = Number(filter.toBlock);
      const topics = filter.topics as Array<string[] | string | null>;
      const toRoot = Array.isArray(topics[2]) && topics[2].includes(topic(ROOT));
      if (!toRoot || from > 3000 || to < 3000) return { result: [] };
      return {
        result: [TOKEN, NO_SYMBOL_TOKEN].map((token, i) => ({
          address: token,
          topics: [TRANSFER_TOPIC, topic(PAYER), topic(ROOT)],
          data: `0x${(25n * 10n ** 17n).toString(16).padStart(64, '0')}`,
          blockNumber: '0xbb8',
          blockHash: hash(3000),
          transactionHash: hash(3000 + i),
          logIndex: `0x${i.toString(16)}`,
          removed: false,
        })),
      };
    }
    case 'eth_call': {
      const { to, data } = filter as { to: string; data: string };
      if (to === NO_SYMBOL_TOKEN) return { error: { code: 3, message: 'execution reverted' } };
      const coder = AbiCoder.defaultAbiCoder();
      return {
        result: data === '0x95d89b41' ? coder.encode(['string'], ['USDT']) : coder.encode(['uint8'], [6]),
      };
    }
    default:
      return { error: { code: -32601, message: 'Method not found' } };
  }
}

interface FakeNode {
  url: string;
  /** Calls answered, by method. */
  calls: Call[];
  /** Calls refused, by method. */
  refused: Call[];
  server: Server;
}

/**
 * A node answering `chain`, except where `refuse` answers an error for one call, or `'request'`
 * for the whole request (one error without an id, as nodes refusing a batch do).
 */
async function startNode(refuse: (call: Call) => Reply | 'request' | null): Promise<FakeNode> {
  const node: FakeNode = { url: '', calls: [], refused: [], server: createServer() };
  node.server.on('request', async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as Call | Call[];
    const list = Array.isArray(body) ? body : [body];
    res.writeHead(200, { 'content-type': 'application/json' });
    const refusals = list.map(refuse);
    if (refusals.includes('request')) {
      node.refused.push(...list);
      res.end(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32005, message: 'limit exceeded' } }),
      );
      return;
    }
    const replies = list.map((call, i) => {
      const refusal = refusals[i] as Reply | null;
      (refusal ? node.refused : node.calls).push(call);
      return { jsonrpc: '2.0', id: call.id, ...(refusal ?? chain(call)) };
    });
    res.end(JSON.stringify(Array.isArray(body) ? replies : replies[0]));
  });
  node.server.listen(0, '127.0.0.1');
  await once(node.server, 'listening');
  node.url = `http://127.0.0.1:${(node.server.address() as AddressInfo).port}`;
  return node;
}

const ranges = (calls: Call[], method: string) =>
  calls
    .filter((call) => call.method === method)
    .map((call) => {
      const filter = call.params[0] as { fromBlock: string; toBlock: string };
      return Number(filter.toBlock) - Number(filter.fromBlock) + 1;
    });

let node: FakeNode | undefined;
afterEach(() => {
  node?.server.closeAllConnections();
  node?.server.close();
  node = undefined;
});

const read = (history: ReturnType<typeof createEvmHistory>) =>
  history.history(ROOT, { maxTx: 100, signal: AbortSignal.timeout(5000) });
const nativeBlocks = (result: Awaited<ReturnType<typeof read>>) =>
  result.transfers.filter((t) => t.asset.contract === null).map((t) => t.block);

describe('EVM history block ranges', () => {
  it('keeps reading whole ranges on a node that refuses trace_filter mode "union"', async () => {
    node = await startNode((call) =>
      call.method === 'trace_filter' && (call.params[0] as { mode?: string }).mode
        ? { error: { code: -32602, message: 'invalid params: unknown field `mode`' } }
        : null,
    );
    const history = createEvmHistory({ chainId: 1, url: node.url, timeoutMs: 2000 });
    const first = await read(history);
    expect(nativeBlocks(first)).toEqual([4000, 10]);
    node.calls.length = 0;
    node.refused.length = 0;

    const second = await read(history);
    expect(nativeBlocks(second)).toEqual([4000, 10]);
    // One call per direction over the whole chain, and no more union probes.
    expect(ranges(node.calls, 'trace_filter')).toEqual([HEAD + 1, HEAD + 1]);
    expect(node.refused).toEqual([]);
  });

  it('fails the read a node rate-limits, then reads whole ranges again', async () => {
    let limited = false;
    node = await startNode((call) => {
      if (call.method !== 'trace_filter' || limited) return null;
      limited = true;
      return { error: { code: -32005, message: 'daily request count exceeded, request rate limited' } };
    });
    const history = createEvmHistory({ chainId: 1, url: node.url, timeoutMs: 2000 });
    await expect(read(history)).rejects.toThrow(/rate limited/);
    node.calls.length = 0;

    const second = await read(history);
    expect(nativeBlocks(second)).toEqual([4000, 10]);
    expect(Math.min(...ranges(node.calls, 'trace_filter'))).toBe(HEAD + 1);
  });

  it.each([
    ['anvil', 'block range too large, currently limited to 300'],
    ['Infura', 'range 4096 exceeds limit of 300'],
  ])(
    'halves ranges on a node with a block-range limit (%s), and remembers the span that worked',
    async (_, message) => {
      const tooLarge = { error: { code: -32602, message } };
      node = await startNode((call) =>
        (call.method === 'trace_filter' || call.method === 'eth_getLogs') &&
        ranges([call], call.method)[0]! > 300
          ? tooLarge
          : null,
      );
      const history = createEvmHistory({ chainId: 1, url: node.url, timeoutMs: 2000 });
      const first = await read(history);
      expect(nativeBlocks(first)).toEqual([4000, 10]);
      expect(node.refused.length).toBeGreaterThan(0);
      node.refused.length = 0;
      node.calls.length = 0;

      const second = await read(history);
      expect(nativeBlocks(second)).toEqual([4000, 10]);
      expect(second.transfers.filter((t) => t.asset.contract !== null)).toHaveLength(2);
      // No refusal on the second read: every range is the remembered 256 blocks (the oldest one shorter).
      expect(node.refused).toEqual([]);
      expect(Math.max(...ranges(node.calls, 'trace_filter'), ...ranges(node.calls, 'eth_getLogs'))).toBe(256);
    },
  );
  it('widens the span again once a node that refused too many results serves wide ranges', async () => {
    let busy = true;
    node = await startNode((call) =>
      busy && call.method === 'eth_getLogs' && ranges([call], call.method)[0]! > 300
        ? { error: { code: -32005, message: 'query returned more than 10000 results' } }
        : null,
    );
    const history = createEvmHistory({ chainId: 1, url: node.url, timeoutMs: 2000 });
    await read(history);
    busy = false;
    const widest: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      node.calls.length = 0;
      const result = await read(history);
      expect(result.transfers.filter((t) => t.asset.contract !== null)).toHaveLength(2);
      widest.push(Math.max(...ranges(node.calls, 'eth_getLogs')));
    }
    // Doubled after every 8 full-width reads: back to the whole chain in one call per direction.
    expect(widest.at(-1)).toBe(HEAD + 1);
    expect(widest[0]).toBeLessThan(HEAD + 1);
  });
});

describe('EVM token symbol and decimals', () => {
  const tokenOf = (result: Awaited<ReturnType<typeof read>>, token: string) =>
    result.transfers.find((t) => t.asset.contract === token)?.asset;

  it.each([
    ['a call error', { error: { code: -32005, message: 'request rate exceeded' } } as Reply],
    ['a refusal of the whole request', 'request' as const],
  ])('reads them again after %s, and keeps a reverting token’s fallback', async (_, refusal) => {
    let failing = true;
    node = await startNode((call) =>
      failing && call.method === 'eth_call' && (call.params[0] as { to: string }).to === TOKEN
        ? refusal
        : null,
    );
    const history = createEvmHistory({ chainId: 1, url: node.url, timeoutMs: 2000 });
    const first = await read(history);
    expect(tokenOf(first, TOKEN)).toMatchObject({ symbol: TOKEN, decimals: 0 });
    failing = false;

    const second = await read(history);
    expect(tokenOf(second, TOKEN)).toEqual({ symbol: 'USDT', decimals: 6, contract: TOKEN });
    expect(tokenOf(second, NO_SYMBOL_TOKEN)).toEqual({
      symbol: NO_SYMBOL_TOKEN,
      decimals: 0,
      contract: NO_SYMBOL_TOKEN,
    });
    node.calls.length = 0;
    await read(history);
    // Both answers are kept: the reverting token is not asked again either.
    expect(node.calls.filter((call) => call.method === 'eth_call')).toEqual([]);
  });

  it('answers the other callers when the first one gives up waiting', async () => {
    node = await startNode(() => null);
    const slow = node;
    const tokens = createTokenReader(createJsonRpcClient({ url: slow.url, timeoutMs: 2000, label: 'evm:1' }));
    const impatient = new AbortController();
    const first = tokens(TOKEN, impatient.signal);
    const second = tokens(TOKEN);
    impatient.abort(new Error('deadline'));
    await expect(first).rejects.toThrow('deadline');
    await expect(second).resolves.toEqual({ symbol: 'USDT', decimals: 6 });
  });
});
