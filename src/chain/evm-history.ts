/**
 * EVM address history for tracing, over plain JSON-RPC (evm-rpc.ts: the calls of one address, and
 * of the addresses read at once, travel as JSON-RPC batches):
 *
 * - native value from `trace_filter` (Erigon, Reth, Nethermind, anvil: internal transfers
 *   included), else from Otterscan's `ots_searchTransactionsBefore` (Erigon, anvil: top-level
 *   transactions only), whichever the node serves, found out on the first read. Both directions
 *   in one call (`mode: "union"`) once a read has shown the node honours it (Erigon, Reth, anvil;
 *   Nethermind reads the filter as "from AND to"), one call per direction until then;
 * - ERC-20 tokens from `eth_getLogs` on the `Transfer(address,address,uint256)` topic, one query per
 *   direction;
 * - the transaction count (`eth_getTransactionCount`: the nonce) to tell a busy service.
 *
 * Block ranges are read newest first; a node refusing a range as too large (anvil: 300 blocks for
 * `trace_filter`; providers for `eth_getLogs`) gets halves, and the span it took is remembered
 * for the next address. Every call carries CHAIN_TIMEOUT_MS and the trace's own deadline; a
 * failure rejects, and the trace reports `complete: false`.
 */
import type { AddressHistory, Asset, Transfer } from '../core/index.js';
import {
  createJsonRpcClient,
  createTokenReader,
  JsonRpcError,
  type RpcLog,
  transferOfLog,
  transferTopics,
} from './evm-rpc.js';

/** Native coin symbols of common chains; others are called ETH (most L2s use it). */
const NATIVE_SYMBOLS: Record<number, string> = {
  56: 'BNB',
  137: 'POL',
  43114: 'AVAX',
  250: 'FTM',
  100: 'XDAI',
};

/** Otterscan's page: its UI asks 25 at a time, and Erigon answers whole blocks around that. */
const OTS_PAGE_SIZE = 25;
/** How long one `eth_blockNumber` answer is reused. */
const HEAD_REUSE_MS = 1000;

export interface EvmHistoryOptions {
  chainId: number;
  url: string;
  /** CHAIN_TIMEOUT_MS, per call. */
  timeoutMs: number;
}

export interface EvmHistory {
  /** `evm:1 trace_filter` or `evm:1 otterscan` once known, `evm:1` before the first read. */
  source(): string;
  head(signal: AbortSignal): Promise<string>;
  history(key: string, options: { maxTx: number; signal: AbortSignal }): Promise<AddressHistory>;
  /** JSON-RPC calls made so far, by method (for the bench). */
  calls(): Record<string, number>;
}

interface TraceRecord {
  type: string;
  action: {
    from?: string;
    to?: string;
    value?: string;
    callType?: string;
    address?: string;
    refundAddress?: string;
    balance?: string;
  };
  result?: { address?: string } | null;
  error?: string;
  blockNumber: number;
  transactionHash: string | null;
  traceAddress?: number[];
}

interface OtsPage {
  txs: Array<{ hash: string; from: string; to: string | null; value: string; blockNumber: string }>;
  receipts: Array<{ status: string; transactionHash: string; contractAddress: string | null }>;
  lastPage: boolean;
}

/** The widest block range a node has served for a method: learned from its refusals. */
interface Span {
  blocks: number;
}

/**
 * Items of `read(from, to)` (answered oldest first) over blocks 0..head, newest ranges first,
 * until more than `max` are found: the newest `max`, and whether older ones were left. A refused
 * range is halved (and `span` remembers it). `capped`: the read answers at most `max + 1` items
 * (`trace_filter`'s `count`), so a range that fills it is narrowed to its newest part.
 */
async function newestFirst<T extends { block: number }>(
  read: (from: number, to: number) => Promise<T[]>,
  head: number,
  max: number,
  span: Span,
  capped: boolean,
): Promise<{ items: T[]; truncated: boolean }> {
  const found: T[] = [];
  let to = head;
  let width = span.blocks;
  while (to >= 0) {
    const from = Math.max(0, to - width + 1);
    let items: T[];
    try {
      items = await read(from, to);
    } catch (error) {
      // "Range too large" / "too many results": halve. Anything else, or a one-block range, failed.
      if (!(error instanceof JsonRpcError) || from >= to) throw error;
      width = Math.ceil((to - from + 1) / 2);
      span.blocks = Math.min(span.blocks, width);
      continue;
    }
    if (capped && items.length > max && from < to) {
      width = Math.ceil((to - from + 1) / 2);
      continue;
    }
    found.push(...items.reverse());
    if (found.length > max) break;
    to = from - 1;
    width = span.blocks;
  }
  found.sort((a, b) => b.block - a.block);
  return { items: found.slice(0, max), truncated: found.length > max || to >= 0 };
}

export function createEvmHistory({ chainId, url, timeoutMs }: EvmHistoryOptions): EvmHistory {
  const native: Asset = { symbol: NATIVE_SYMBOLS[chainId] ?? 'ETH', decimals: 18, contract: null };
  const rpc = createJsonRpcClient({ url, timeoutMs, label: `evm:${chainId}` });
  const tokenInfo = createTokenReader(rpc);
  let mode: 'trace_filter' | 'otterscan' | null = null;
  /** Whether `trace_filter` honours `mode: "union"`: null until a read has shown it either way. */
  let union: boolean | null = null;
  const traceSpan: Span = { blocks: Number.MAX_SAFE_INTEGER };
  const logSpan: Span = { blocks: Number.MAX_SAFE_INTEGER };

  const hex = (n: number) => `0x${n.toString(16)}`;

  // One head read serves the reads that follow within a second: a trace reads dozens of
  // addresses at one head, and asking it before each would be a fifth of its calls.
  let recentHead: { at: number; head: Promise<number> } | null = null;
  async function blockNumber(signal: AbortSignal): Promise<number> {
    const now = Date.now();
    if (recentHead && now - recentHead.at < HEAD_REUSE_MS) return recentHead.head;
    const head = rpc.call<string>('eth_blockNumber', [], signal).then((h) => Number(BigInt(h)));
    recentHead = { at: now, head };
    head.catch(() => {
      recentHead = null;
    });
    return head;
  }

  /** `trace_filter` records for one filter, the newest `maxTx`. */
  function traced(filter: Record<string, unknown>, head: number, maxTx: number, signal: AbortSignal) {
    return newestFirst(
      async (from, to) =>
        (
          await rpc.call<TraceRecord[]>(
            'trace_filter',
            [{ ...filter, fromBlock: hex(from), toBlock: hex(to), count: maxTx + 1 }],
            signal,
          )
        ).map((record) => ({ record, block: Number(record.blockNumber) })),
      head,
      maxTx,
      traceSpan,
      true,
    );
  }

  /** Native transfers from `trace_filter`: the most recent `maxTx` traces each way. */
  async function tracedNative(
    key: string,
    head: number,
    maxTx: number,
    signal: AbortSignal,
  ): Promise<{ transfers: Transfer[]; truncated: boolean }> {
    const both = { fromAddress: [key], toAddress: [key], mode: 'union' };
    if (union === true) {
      const read = await traced(both, head, maxTx, signal);
      return { transfers: transfersOf(read.items.map((i) => i.record)), truncated: read.truncated };
    }
    const [sent, received, joined] = await Promise.all([
      traced({ fromAddress: [key] }, head, maxTx, signal),
      traced({ toAddress: [key] }, head, maxTx, signal),
      // Asked alongside until a read shows whether the node honours it; its failure is no failure.
      union === null ? traced(both, head, maxTx, signal).catch(() => null) : null,
    ]);
    if (union === null) {
      const separate = [...sent.items, ...received.items].map((i) => traceId(i.record));
      if (joined === null) union = false;
      else if (separate.length > 0 && !sent.truncated && !received.truncated && !joined.truncated) {
        const together = new Set(joined.items.map((i) => traceId(i.record)));
        union = separate.every((id) => together.has(id));
      }
    }
    // A call both from and to the address (to itself) is in both answers: once is enough.
    const seen = new Set<string>();
    const records = [...sent.items, ...received.items]
      .map((i) => i.record)
      .filter((record) => {
        const id = traceId(record);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    return { transfers: transfersOf(records), truncated: sent.truncated || received.truncated };
  }

  function transfersOf(records: readonly TraceRecord[]): Transfer[] {
    const transfers: Transfer[] = [];
    for (const record of records) {
      const transfer = traceTransfer(record);
      if (transfer) transfers.push(transfer);
    }
    return transfers;
  }

  function traceTransfer(record: TraceRecord): Transfer | null {
    // A reverted call moved nothing.
    if (record.error || !record.transactionHash) return null;
    const { action } = record;
    let from: string | undefined;
    let to: string | undefined;
    let value: string | undefined;
    if (record.type === 'call') {
      if (action.callType && action.callType !== 'call') return null;
      ({ from, to, value } = action);
    } else if (record.type === 'create') {
      from = action.from;
      to = record.result?.address;
      value = action.value;
    } else if (record.type === 'suicide' || record.type === 'selfdestruct') {
      from = action.address;
      to = action.refundAddress;
      value = action.balance;
    }
    if (!from || !to || !value) return null;
    const amount = BigInt(value);
    if (amount === 0n) return null;
    return {
      from: from.toLowerCase(),
      to: to.toLowerCase(),
      value: amount.toString(),
      asset: native,
      hash: record.transactionHash,
      block: Number(record.blockNumber),
    };
  }

  /** Native transfers from Otterscan: top-level transactions, newest first, a page at a time. */
  async function otterscanNative(
    key: string,
    maxTx: number,
    signal: AbortSignal,
  ): Promise<{ transfers: Transfer[]; truncated: boolean }> {
    const transfers: Transfer[] = [];
    const seen = new Set<string>();
    let before = 0;
    for (;;) {
      const page = await rpc.call<OtsPage>(
        'ots_searchTransactionsBefore',
        [key, before, OTS_PAGE_SIZE],
        signal,
      );
      const failed = new Set(page.receipts.filter((r) => r.status !== '0x1').map((r) => r.transactionHash));
      const created = new Map(page.receipts.map((r) => [r.transactionHash, r.contractAddress]));
      let oldest = before;
      for (const tx of page.txs) {
        const block = Number(BigInt(tx.blockNumber));
        oldest = oldest === 0 ? block : Math.min(oldest, block);
        if (seen.has(tx.hash)) continue;
        seen.add(tx.hash);
        if (seen.size > maxTx) return { transfers, truncated: true };
        const value = BigInt(tx.value);
        const to = tx.to ?? created.get(tx.hash) ?? null;
        if (value === 0n || failed.has(tx.hash) || !to) continue;
        transfers.push({
          from: tx.from.toLowerCase(),
          to: to.toLowerCase(),
          value: value.toString(),
          asset: native,
          hash: tx.hash,
          block,
        });
      }
      if (page.lastPage || page.txs.length === 0 || oldest <= 1) return { transfers, truncated: false };
      before = oldest;
    }
  }

  async function nativeTransfers(key: string, head: number, maxTx: number, signal: AbortSignal) {
    if (mode !== 'otterscan') {
      try {
        const result = await tracedNative(key, head, maxTx, signal);
        mode = 'trace_filter';
        return result;
      } catch (error) {
        // Only "no such method" switches to Otterscan; a node that fails otherwise failed.
        if (mode === 'trace_filter' || !isMissingMethod(error)) throw error;
        mode = 'otterscan';
      }
    }
    return otterscanNative(key, maxTx, signal);
  }

  /** Transfer logs on one side of `key`, newest first. */
  function tokenLogs(key: string, side: 'from' | 'to', head: number, maxTx: number, signal: AbortSignal) {
    return newestFirst(
      async (from, to) => {
        const logs = await rpc.call<RpcLog[]>(
          'eth_getLogs',
          [{ fromBlock: hex(from), toBlock: hex(to), topics: transferTopics(side, [key]) }],
          signal,
        );
        return logs.flatMap((log) => {
          const transfer = transferOfLog(log);
          return transfer ? [transfer] : [];
        });
      },
      head,
      maxTx,
      logSpan,
      false,
    );
  }

  async function tokenTransfers(key: string, head: number, maxTx: number, signal: AbortSignal) {
    const [sent, received] = await Promise.all([
      tokenLogs(key, 'from', head, maxTx, signal),
      tokenLogs(key, 'to', head, maxTx, signal),
    ]);
    const logs = [...sent.items, ...received.items];
    const assets = await Promise.all(
      logs.map(
        async (log): Promise<Asset> => ({ ...(await tokenInfo(log.token, signal)), contract: log.token }),
      ),
    );
    const transfers: Transfer[] = logs.map((log, i) => ({
      from: log.from,
      to: log.to,
      value: log.value.toString(),
      asset: assets[i]!,
      hash: log.hash,
      block: log.block,
    }));
    return { transfers, truncated: sent.truncated || received.truncated };
  }

  return {
    source: () => (mode ? `evm:${chainId} ${mode}` : `evm:${chainId}`),
    head: async (signal) => String(await blockNumber(signal)),
    async history(key, { maxTx, signal }) {
      const head = await blockNumber(signal);
      const [nativeRead, tokenRead, nonce] = await Promise.all([
        nativeTransfers(key, head, maxTx, signal),
        tokenTransfers(key, head, maxTx, signal),
        rpc.call<string>('eth_getTransactionCount', [key, hex(head)], signal),
      ]);
      // Newest first, then at most `maxTx` transactions in all.
      const transfers = [...nativeRead.transfers, ...tokenRead.transfers].sort((a, b) => b.block - a.block);
      const hashes = new Set<string>();
      const kept: Transfer[] = [];
      let truncated = nativeRead.truncated || tokenRead.truncated;
      for (const transfer of transfers) {
        if (!hashes.has(transfer.hash) && hashes.size >= maxTx) {
          truncated = true;
          break;
        }
        hashes.add(transfer.hash);
        kept.push(transfer);
      }
      return { transfers: kept, truncated, txCount: Number(BigInt(nonce)) };
    },
    calls: () => rpc.calls(),
  };
}

/** One trace within its transaction. */
function traceId(record: TraceRecord): string {
  return `${record.transactionHash} ${record.type} ${(record.traceAddress ?? []).join('.')}`;
}

function isMissingMethod(error: unknown): boolean {
  return (
    error instanceof JsonRpcError &&
    (error.code === -32601 ||
      /method not found|not supported|does not exist|unsupported/i.test(error.message))
  );
}
