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
 * for the next address (see Span); any other error (a rate limit, "header not found") fails the
 * read instead of narrowing the span. Every call carries CHAIN_TIMEOUT_MS and the trace's own
 * deadline; a failure rejects, and the trace reports `complete: false`.
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

/** Narrowest span kept after a refusal of a wider range (a node refusing 100 blocks or fewer proved less). */
const SPAN_FLOOR = 100;
/** Full-width reads after which a span narrowed by "too many results" is tried twice as wide. */
const SPAN_GROW_AFTER = 8;

/**
 * The block range read at once for a method, shared by the addresses read on one node. Narrowed by
 * the node's range refusals; a refusal naming the block range (anvil: "block range too large,
 * currently limited to 300") also caps it for good, a refusal counting results (a busy address)
 * does not, and the span grows back after SPAN_GROW_AFTER full-width reads.
 */
interface Span {
  blocks: number;
  /** Never wider than this: the node refused wider ranges by their block count. */
  ceiling: number;
  /** Full-width reads since the span last changed. */
  served: number;
}

const newSpan = (): Span => ({
  blocks: Number.MAX_SAFE_INTEGER,
  ceiling: Number.MAX_SAFE_INTEGER,
  served: 0,
});

/**
 * Whether a node refused a range as too large (by its block count, or by its results), and which.
 * A rate limit, "header not found", invalid params or an unexplained "limit exceeded" is no range
 * refusal: the read fails instead of narrowing the span.
 */
function rangeRefusal(error: unknown): 'blocks' | 'results' | null {
  if (!(error instanceof JsonRpcError) || NOT_RANGE.test(error.message)) return null;
  if (TOO_MANY_RESULTS.test(error.message)) return 'results';
  return TOO_MANY_BLOCKS.test(error.message) ? 'blocks' : null;
}

/** Rate limits and quotas (Infura: "daily request count exceeded, request rate limited"). */
const NOT_RANGE = /\brate|too many requests|request count|credits|capacity|throughput|quota|per second/i;
/**
 * Infura, geth: "query returned more than 10000 results"; Reth: "query exceeds max results 20000,
 * retry with the range …"; Alchemy: "Log response size exceeded".
 */
const TOO_MANY_RESULTS = /more than [\d,]+ results|max(imum)? results|too many (results|logs)|response size/i;
/**
 * anvil 1.7.1: "block range too large, currently limited to 300" (-32602, checked); Infura: "range
 * 1000000 exceeds limit of 10000"; geth forks: "block range is bigger than maxBlockRange", "exceed
 * maximum block range: 5000"; Frontier: "block range is too wide (maximum 1024)"; Alchemy: "…
 * eth_getLogs requests with up to a 500 block range"; QuickNode: "eth_getLogs is limited to a
 * 10,000 range"; Chainstack: "Block range limit exceeded".
 */
const TOO_MANY_BLOCKS =
  /block range|\brange\b.*\b(exceed|limit|too|max|bigger|larger)|too many blocks|limited to|over [\d,]+ blocks/i;

/**
 * Items of `read(from, to)` (answered oldest first) over blocks 0..head, newest ranges first,
 * until more than `max` are found: the newest `max`, and whether older ones were left. A range the
 * node refuses as too large is halved (and `span` remembers it, see Span); any other failure
 * rejects. `capped`: the read answers at most `max + 1` items (`trace_filter`'s `count`), so a
 * range that fills it is narrowed to its newest part.
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
    const blocks = to - from + 1;
    let items: T[];
    try {
      items = await read(from, to);
    } catch (error) {
      const refusal = rangeRefusal(error);
      if (!refusal || from >= to) throw error;
      width = Math.ceil(blocks / 2);
      // Below the floor only once the node refused a range that narrow.
      const remembered = blocks > SPAN_FLOOR ? Math.max(width, SPAN_FLOOR) : width;
      if (refusal === 'blocks') span.ceiling = Math.min(span.ceiling, remembered);
      if (remembered < span.blocks) span.blocks = remembered;
      span.served = 0;
      continue;
    }
    if (capped && items.length > max && from < to) {
      width = Math.ceil(blocks / 2);
      continue;
    }
    if (blocks === span.blocks && span.blocks < span.ceiling && ++span.served >= SPAN_GROW_AFTER) {
      span.blocks = Math.min(span.blocks * 2, span.ceiling);
      span.served = 0;
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
  const traceSpan = newSpan();
  const logSpan = newSpan();

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

  /** `trace_filter` records for one filter, the newest `maxTx`, read in `span`. */
  function traced(
    filter: Record<string, unknown>,
    head: number,
    maxTx: number,
    signal: AbortSignal,
    span = traceSpan,
  ) {
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
      span,
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
      // Asked alongside until a read shows whether the node honours it; its failure is no failure
      // and teaches nothing about ranges (a node refusing `mode` refuses every range): its span
      // is its own copy, never the one the other reads share.
      union === null ? traced(both, head, maxTx, signal, { ...traceSpan }).catch(() => null) : null,
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
