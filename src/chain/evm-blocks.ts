/**
 * New blocks of an EVM chain for the watch poller (the core's `BlockSource`): native transfers from
 * the blocks' transactions (successful ones: the receipt's status is checked for each match) and
 * ERC-20 `Transfer` logs from `eth_getLogs` over the block range, with the topics filtered to the
 * watched addresses (up to TOPIC_FILTER_MAX of them; past that one unfiltered call per range is
 * cheaper than many filtered ones, and the matching is local anyway).
 *
 * Reorg safety: the blocks of a range must chain (each `parentHash` is the previous block's hash),
 * and every log must name the hash of the block read at its height; a log the node marks
 * `removed: true` is never used. Anything else means the chain changed while it was read: the read
 * throws, the cursor stays, the next step reads again. Plain JSON-RPC over fetch, batched: ethers'
 * provider would add a request per block and hide `removed`.
 */
import { AbiCoder, formatUnits, toUtf8String } from 'ethers';
import type { BlockSource, ObservedTransfer } from '../core/index.js';
import { parseAddress } from '../core/index.js';

/** keccak256("Transfer(address,address,uint256)"). */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
/** Most watched addresses sent as topic filters; past that the logs are fetched unfiltered. */
export const TOPIC_FILTER_MAX = 1000;

const NATIVE_ASSET: Record<number, string> = {
  56: 'BNB',
  137: 'POL',
  100: 'xDAI',
  43114: 'AVAX',
  250: 'FTM',
};

export interface EvmBlockSourceOptions {
  chainId: number;
  url: string;
  /** Per request; the poller runs in the background, so this is longer than screens' timeout. */
  timeoutMs?: number;
}

interface RpcBlock {
  number: string;
  hash: string;
  parentHash: string;
  transactions: Array<{ hash: string; from: string; to: string | null; value: string }>;
}

interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

/** The blocks changed while they were read (a reorg under way): read them again later. */
export class ChainChangedError extends Error {
  override readonly name = 'ChainChangedError';
}

const hex = (n: number) => `0x${n.toString(16)}`;
const topicOf = (key: string) => `0x${key.slice(2).padStart(64, '0')}`;
const addressOfTopic = (topic: string) => `0x${topic.slice(26)}`.toLowerCase();

/** `1.5` rather than `1.5` with trailing zeros, `1` rather than `1.0`. */
export function formatAmount(value: bigint, decimals: number): string {
  return formatUnits(value, decimals).replace(/\.0$/, '');
}

export function createEvmBlockSource(options: EvmBlockSourceOptions): BlockSource {
  const { chainId, url } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const id = `evm:${chainId}`;
  const asset = NATIVE_ASSET[chainId] ?? 'ETH';
  const tokens = new Map<string, Promise<{ symbol: string; decimals: number }>>();
  let nextId = 1;

  async function rpcBatch<T>(calls: Array<{ method: string; params: unknown[] }>): Promise<T[]> {
    if (calls.length === 0) return [];
    const first = nextId;
    nextId += calls.length;
    const body = calls.map((c, i) => ({ jsonrpc: '2.0', id: first + i, method: c.method, params: c.params }));
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${id} answered HTTP ${response.status}`);
    }
    const answers = (await response.json()) as Array<{
      id: number;
      result?: T;
      error?: { message?: string };
    }>;
    if (!Array.isArray(answers)) throw new Error(`${id} did not answer the batch as an array`);
    const byId = new Map(answers.map((a) => [a.id, a]));
    return calls.map((c, i) => {
      const answer = byId.get(first + i);
      if (!answer || answer.error || answer.result === undefined) {
        throw new Error(`${id} ${c.method} failed: ${answer?.error?.message ?? 'no answer'}`);
      }
      return answer.result;
    });
  }

  const rpc = async <T>(method: string, params: unknown[]) =>
    (await rpcBatch<T>([{ method, params }]))[0] as T;

  function tokenInfo(token: string): Promise<{ symbol: string; decimals: number }> {
    let info = tokens.get(token);
    if (!info) {
      info = (async () => {
        let failed = false;
        const fallback = () => {
          failed = true;
          return '0x';
        };
        const [symbol, decimals] = await Promise.all([
          rpc<string>('eth_call', [{ to: token, data: '0x95d89b41' }, 'latest']).catch(fallback),
          rpc<string>('eth_call', [{ to: token, data: '0x313ce567' }, 'latest']).catch(fallback),
        ]);
        // A node's hiccup is not the token's answer: ask again for the next block.
        if (failed) tokens.delete(token);
        return { symbol: decodeSymbol(symbol) ?? token, decimals: decodeDecimals(decimals) };
      })();
      tokens.set(token, info);
    }
    return info;
  }

  return {
    id,
    chain: 'evm',
    async tip() {
      return Number(BigInt(await rpc<string>('eth_blockNumber', [])));
    },
    async blockHash(height) {
      const block = await rpc<RpcBlock | null>('eth_getBlockByNumber', [hex(height), false]);
      return block?.hash ?? null;
    },
    async transfers(from, to, watched) {
      const heights = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      const full = watched.size > 0;
      const blocks = await rpcBatch<RpcBlock | null>(
        heights.map((h) => ({ method: 'eth_getBlockByNumber', params: [hex(h), full] })),
      );
      const hashes = new Map<number, string>();
      let previous: RpcBlock | null = null;
      for (const block of blocks) {
        if (!block) throw new ChainChangedError(`${id}: a block of ${from}-${to} is gone`);
        if (previous && block.parentHash !== previous.hash) {
          throw new ChainChangedError(
            `${id}: block ${Number(block.number)} does not follow the one read before it`,
          );
        }
        hashes.set(Number(BigInt(block.number)), block.hash);
        previous = block;
      }
      const toHash = previous?.hash ?? '';
      if (!full) return { transfers: [], toHash };

      const transfers: ObservedTransfer[] = [];
      const display = (key: string) => {
        const parsed = parseAddress(key);
        return parsed.ok ? parsed.value.display : key;
      };

      // Native coin: a transaction's value, when it succeeded.
      const native = blocks.flatMap((block) =>
        (block?.transactions ?? [])
          .filter(
            (tx) =>
              BigInt(tx.value) > 0n &&
              (watched.has(tx.from.toLowerCase()) || (tx.to !== null && watched.has(tx.to.toLowerCase()))),
          )
          .map((tx) => ({ tx, block: block as RpcBlock })),
      );
      const receipts = await rpcBatch<{ status?: string } | null>(
        native.map(({ tx }) => ({ method: 'eth_getTransactionReceipt', params: [tx.hash] })),
      );
      native.forEach(({ tx, block }, i) => {
        if (receipts[i]?.status === '0x0') return;
        const fromKey = tx.from.toLowerCase();
        const toKey = (tx.to ?? '').toLowerCase();
        transfers.push({
          source: id,
          chain: 'evm',
          txHash: tx.hash,
          part: 'native',
          blockNumber: Number(BigInt(block.number)),
          blockHash: block.hash,
          fromKey,
          toKey,
          from: display(fromKey),
          to: display(toKey),
          amount: formatAmount(BigInt(tx.value), 18),
          asset,
          token: null,
        });
      });

      // ERC-20 Transfer logs: filtered by sender, then by recipient (topics are AND across positions).
      const keys = [...watched];
      const range = { fromBlock: hex(from), toBlock: hex(to) };
      const filters =
        keys.length <= TOPIC_FILTER_MAX
          ? [
              { ...range, topics: [TRANSFER_TOPIC, keys.map(topicOf)] },
              { ...range, topics: [TRANSFER_TOPIC, null, keys.map(topicOf)] },
            ]
          : [{ ...range, topics: [TRANSFER_TOPIC] }];
      const logs = (
        await rpcBatch<RpcLog[]>(filters.map((f) => ({ method: 'eth_getLogs', params: [f] })))
      ).flat();
      const seen = new Set<string>();
      for (const log of logs) {
        if (log.removed === true) continue;
        // ERC-721's Transfer has a fourth topic (the token id) and no amount: not a payment.
        if (log.topics.length !== 3 || log.topics[0] !== TRANSFER_TOPIC) continue;
        const height = Number(BigInt(log.blockNumber));
        if (hashes.get(height) !== log.blockHash) {
          throw new ChainChangedError(`${id}: a log of block ${height} names a block that was not read`);
        }
        const key = `${log.transactionHash}:${log.logIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fromKey = addressOfTopic(log.topics[1] ?? '');
        const toKey = addressOfTopic(log.topics[2] ?? '');
        if (!watched.has(fromKey) && !watched.has(toKey)) continue;
        const token = log.address.toLowerCase();
        const info = await tokenInfo(token);
        transfers.push({
          source: id,
          chain: 'evm',
          txHash: log.transactionHash,
          part: `log:${Number(BigInt(log.logIndex))}`,
          blockNumber: height,
          blockHash: log.blockHash,
          fromKey,
          toKey,
          from: display(fromKey),
          to: display(toKey),
          amount: formatAmount(log.data === '0x' ? 0n : BigInt(log.data), info.decimals),
          asset: info.symbol,
          token: display(token),
        });
      }
      return { transfers, toHash };
    },
  };
}

/** ERC-20 `symbol()`: an ABI string, or (old tokens such as MKR) a bytes32. */
function decodeSymbol(data: string): string | null {
  if (!data || data === '0x') return null;
  try {
    const [symbol] = AbiCoder.defaultAbiCoder().decode(['string'], data);
    return cleanSymbol(String(symbol));
  } catch {
    try {
      return cleanSymbol(toUtf8String(data.slice(0, 66)).replace(/\0+$/, ''));
    } catch {
      return null;
    }
  }
}

/** A symbol is whatever the token's deployer wrote: short, printable, or not used. */
function cleanSymbol(symbol: string): string | null {
  const clean = symbol.replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return clean.length > 0 && clean.length <= 16 ? clean : null;
}

function decodeDecimals(data: string): number {
  if (!data || data === '0x') return 0;
  try {
    const n = Number(BigInt(data.slice(0, 66)));
    return Number.isInteger(n) && n >= 0 && n <= 36 ? n : 0;
  } catch {
    return 0;
  }
}
