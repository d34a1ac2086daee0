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
 * throws, the cursor stays, the next step reads again. Plain JSON-RPC over fetch, batched
 * (evm-rpc.ts, shared with the trace's reader): ethers' provider would add a request per block and
 * hide `removed`.
 */
import { formatUnits } from 'ethers';
import type { BlockSource, ObservedTransfer } from '../core/index.js';
import { parseAddress } from '../core/index.js';
import {
  createJsonRpcClient,
  createTokenReader,
  type RpcLog,
  TRANSFER_TOPIC,
  transferOfLog,
  transferTopics,
} from './evm-rpc.js';

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

/** The blocks changed while they were read (a reorg under way): read them again later. */
export class ChainChangedError extends Error {
  override readonly name = 'ChainChangedError';
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** `1.5` rather than `1.5` with trailing zeros, `1` rather than `1.0`. */
export function formatAmount(value: bigint, decimals: number): string {
  return formatUnits(value, decimals).replace(/\.0$/, '');
}

export function createEvmBlockSource(options: EvmBlockSourceOptions): BlockSource {
  const { chainId, url } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const id = `evm:${chainId}`;
  const asset = NATIVE_ASSET[chainId] ?? 'ETH';
  const client = createJsonRpcClient({ url, timeoutMs, label: id });
  const tokenInfo = createTokenReader(client);
  /** Calls made together: the client sends them as one batch (at most 100 a request). */
  const rpcBatch = <T>(calls: Array<{ method: string; params: unknown[] }>) =>
    Promise.all(calls.map((c) => client.call<T>(c.method, c.params)));
  const rpc = <T>(method: string, params: unknown[]) => client.call<T>(method, params);

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
              { ...range, topics: transferTopics('from', keys) },
              { ...range, topics: transferTopics('to', keys) },
            ]
          : [{ ...range, topics: [TRANSFER_TOPIC] }];
      const logs = (
        await rpcBatch<RpcLog[]>(filters.map((f) => ({ method: 'eth_getLogs', params: [f] })))
      ).flat();
      const seen = new Set<string>();
      for (const log of logs) {
        const transfer = transferOfLog(log);
        if (!transfer) continue;
        if (hashes.get(transfer.block) !== transfer.blockHash) {
          throw new ChainChangedError(
            `${id}: a log of block ${transfer.block} names a block that was not read`,
          );
        }
        const key = `${transfer.hash}:${transfer.logIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const { from: fromKey, to: toKey, token } = transfer;
        if (!watched.has(fromKey) && !watched.has(toKey)) continue;
        const info = await tokenInfo(token);
        transfers.push({
          source: id,
          chain: 'evm',
          txHash: transfer.hash,
          part: `log:${transfer.logIndex}`,
          blockNumber: transfer.block,
          blockHash: transfer.blockHash,
          fromKey,
          toKey,
          from: display(fromKey),
          to: display(toKey),
          amount: formatAmount(transfer.value, info.decimals),
          asset: info.symbol,
          token: display(token),
        });
      }
      return { transfers, toHash };
    },
  };
}
