/**
 * EVM address history for tracing, over plain JSON-RPC:
 *
 * - native value from `trace_filter` (Erigon, Reth, Nethermind, anvil: internal transfers
 *   included), else from Otterscan's `ots_searchTransactionsBefore` (Erigon, anvil: top-level
 *   transactions only), whichever the node serves, found out on the first read;
 * - ERC-20 tokens from `eth_getLogs` on the `Transfer(address,address,uint256)` topic, one query per
 *   direction over the whole chain first, split into halves (newest first) while the node refuses
 *   a range as too large;
 * - the transaction count (`eth_getTransactionCount`: the nonce) to tell a busy service.
 *
 * Every call carries CHAIN_TIMEOUT_MS and the trace's own deadline; a failure rejects, and the
 * trace reports `complete: false`. Hand-written JSON-RPC rather than an ethers provider: the calls
 * are three raw methods ethers does not wrap (`trace_filter`, `ots_*`), and each needs its own
 * abort signal.
 */
import { AbiCoder } from 'ethers';
import type { AddressHistory, Asset, Transfer } from '../core/index.js';

/** keccak256("Transfer(address,address,uint256)"). */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

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
/** Token metadata kept per process: symbols and decimals never change. */
const MAX_TOKENS_CACHED = 10_000;
/** Token symbols are chosen by whoever deploys the contract: shown cut and without control characters. */
const MAX_SYMBOL_LENGTH = 24;

export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonRpcError';
  }
}

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
}

interface OtsPage {
  txs: Array<{ hash: string; from: string; to: string | null; value: string; blockNumber: string }>;
  receipts: Array<{ status: string; transactionHash: string; contractAddress: string | null }>;
  lastPage: boolean;
}

interface LogRecord {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

export function createEvmHistory({ chainId, url, timeoutMs }: EvmHistoryOptions): EvmHistory {
  const native: Asset = { symbol: NATIVE_SYMBOLS[chainId] ?? 'ETH', decimals: 18, contract: null };
  let mode: 'trace_filter' | 'otterscan' | null = null;
  const tokens = new Map<string, Promise<Asset>>();
  const counted: Record<string, number> = {};
  let nextId = 1;

  async function call<T>(method: string, params: unknown[], signal: AbortSignal): Promise<T> {
    counted[method] = (counted[method] ?? 0) + 1;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${method}: the node answered HTTP ${response.status}`);
    }
    const body = (await response.json()) as { result?: T; error?: { code: number; message: string } };
    if (body.error) throw new JsonRpcError(body.error.code, `${method}: ${body.error.message}`);
    if (!('result' in body)) throw new Error(`${method}: the node answered without a result`);
    return body.result as T;
  }

  const hex = (n: number) => `0x${n.toString(16)}`;

  // One head read serves the reads that follow within a second: a trace reads dozens of
  // addresses at one head, and asking it before each would be a sixth of its calls.
  let recentHead: { at: number; head: Promise<number> } | null = null;
  async function blockNumber(signal: AbortSignal): Promise<number> {
    const now = Date.now();
    if (recentHead && now - recentHead.at < HEAD_REUSE_MS) return recentHead.head;
    const head = call<string>('eth_blockNumber', [], signal).then((h) => Number(BigInt(h)));
    recentHead = { at: now, head };
    head.catch(() => {
      recentHead = null;
    });
    return head;
  }

  /** Native transfers from `trace_filter`: the most recent `maxTx` traces per direction. */
  async function tracedNative(
    key: string,
    head: number,
    maxTx: number,
    signal: AbortSignal,
  ): Promise<{ transfers: Transfer[]; truncated: boolean }> {
    const sides = await Promise.all(
      (['fromAddress', 'toAddress'] as const).map(async (side) => {
        const query = (from: number) =>
          call<TraceRecord[]>(
            'trace_filter',
            [{ [side]: [key], fromBlock: hex(from), toBlock: hex(head), count: maxTx + 1 }],
            signal,
          );
        let records = await query(0);
        let truncated = false;
        if (records.length > maxTx) {
          // `trace_filter` answers oldest first: narrow the range to the most recent blocks until
          // what it holds fits, so the transactions read are the newest ones.
          truncated = true;
          let span = Math.max(1, Math.floor(head / 2));
          for (;;) {
            const narrowed = await query(Math.max(0, head - span));
            if (narrowed.length <= maxTx || span <= 1) {
              records = narrowed.slice(0, maxTx);
              break;
            }
            span = Math.floor(span / 2);
          }
        }
        return { records, truncated };
      }),
    );
    const transfers: Transfer[] = [];
    for (const { records } of sides) {
      for (const record of records) {
        const transfer = traceTransfer(record);
        if (transfer) transfers.push(transfer);
      }
    }
    const truncated = sides.some((side) => side.truncated);
    return { transfers, truncated };
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
      const page = await call<OtsPage>('ots_searchTransactionsBefore', [key, before, OTS_PAGE_SIZE], signal);
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

  /** Transfer logs on one side of `key`, newest first, splitting the range while the node refuses it. */
  async function tokenLogs(
    key: string,
    side: 'from' | 'to',
    head: number,
    maxTx: number,
    signal: AbortSignal,
  ): Promise<{ logs: LogRecord[]; truncated: boolean }> {
    const padded = `0x${key.slice(2).padStart(64, '0')}`;
    const topics = side === 'from' ? [TRANSFER_TOPIC, padded] : [TRANSFER_TOPIC, null, padded];
    const found: LogRecord[] = [];
    // Ranges still to read, newest first.
    const ranges: Array<[number, number]> = [[0, head]];
    while (ranges.length > 0 && found.length <= maxTx) {
      const [from, to] = ranges.shift()!;
      try {
        const logs = await call<LogRecord[]>(
          'eth_getLogs',
          [{ fromBlock: hex(from), toBlock: hex(to), topics }],
          signal,
        );
        found.push(...logs.filter((log) => !log.removed && log.topics.length === 3).reverse());
      } catch (error) {
        // "Range too large" / "too many results": split. Anything else, or a one-block range, failed.
        if (!(error instanceof JsonRpcError) || from >= to) throw error;
        const middle = Math.floor((from + to) / 2);
        ranges.unshift([middle + 1, to], [from, middle]);
      }
    }
    const truncated = found.length > maxTx || ranges.length > 0;
    return { logs: found.slice(0, maxTx), truncated };
  }

  async function tokenTransfers(key: string, head: number, maxTx: number, signal: AbortSignal) {
    const [sent, received] = await Promise.all([
      tokenLogs(key, 'from', head, maxTx, signal),
      tokenLogs(key, 'to', head, maxTx, signal),
    ]);
    const transfers: Transfer[] = [];
    for (const log of [...sent.logs, ...received.logs]) {
      const asset = await tokenAsset(log.address.toLowerCase(), signal);
      transfers.push({
        from: `0x${log.topics[1]!.slice(-40)}`.toLowerCase(),
        to: `0x${log.topics[2]!.slice(-40)}`.toLowerCase(),
        value: BigInt(log.data === '0x' ? 0 : log.data).toString(),
        asset,
        hash: log.transactionHash,
        block: Number(BigInt(log.blockNumber)),
      });
    }
    return { transfers, truncated: sent.truncated || received.truncated };
  }

  function tokenAsset(contract: string, signal: AbortSignal): Promise<Asset> {
    let known = tokens.get(contract);
    if (!known) {
      known = readTokenAsset(contract, signal);
      // A failed read is retried next time, not remembered.
      known.catch(() => tokens.delete(contract));
      if (tokens.size >= MAX_TOKENS_CACHED) tokens.clear();
      tokens.set(contract, known);
    }
    return known;
  }

  async function readTokenAsset(contract: string, signal: AbortSignal): Promise<Asset> {
    const coder = AbiCoder.defaultAbiCoder();
    const [symbolData, decimalsData] = await Promise.all([
      call<string>('eth_call', [{ to: contract, data: '0x95d89b41' }, 'latest'], signal).catch(() => '0x'),
      call<string>('eth_call', [{ to: contract, data: '0x313ce567' }, 'latest'], signal).catch(() => '0x'),
    ]);
    let symbol = '';
    try {
      symbol = coder.decode(['string'], symbolData)[0] as string;
    } catch {
      // Some old tokens (MKR) return bytes32.
      if (/^0x[0-9a-f]{64}$/i.test(symbolData)) {
        symbol = Buffer.from(symbolData.slice(2), 'hex').toString('utf8').replace(/\0+$/, '');
      }
    }
    let decimals = 0;
    try {
      const value = Number(coder.decode(['uint8'], decimalsData)[0]);
      if (value <= 36) decimals = value;
    } catch {
      // No decimals(): amounts are shown in base units.
    }
    const cleaned = [...symbol.replace(/[\p{Cc}\p{Cf}\s]/gu, '')].slice(0, MAX_SYMBOL_LENGTH).join('');
    return { symbol: cleaned || contract, decimals, contract };
  }

  return {
    source: () => (mode ? `evm:${chainId} ${mode}` : `evm:${chainId}`),
    head: async (signal) => String(await blockNumber(signal)),
    async history(key, { maxTx, signal }) {
      const head = await blockNumber(signal);
      const [nativeRead, tokenRead, nonce] = await Promise.all([
        nativeTransfers(key, head, maxTx, signal),
        tokenTransfers(key, head, maxTx, signal),
        call<string>('eth_getTransactionCount', [key, hex(head)], signal),
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
    calls: () => ({ ...counted }),
  };
}

function isMissingMethod(error: unknown): boolean {
  return (
    error instanceof JsonRpcError &&
    (error.code === -32601 ||
      /method not found|not supported|does not exist|unsupported/i.test(error.message))
  );
}
