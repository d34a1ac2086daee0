/**
 * What the two EVM readers share (the watch poller's evm-blocks.ts and the trace's evm-history.ts):
 * a JSON-RPC client over fetch that sends the calls made in the same turn of the event loop as one
 * batch, ERC-20 `Transfer` log decoding, and token symbol/decimals read once per process.
 *
 * Hand-written rather than ethers' JsonRpcProvider: the readers call methods ethers does not wrap
 * (`trace_filter`, `ots_*`), need each call's own abort signal (a trace's deadline), and must see
 * `removed` on logs, which the provider hides.
 */
import { AbiCoder } from 'ethers';

/** keccak256("Transfer(address,address,uint256)"). */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

/** Calls per HTTP request: what public nodes accept (Alchemy, Infura: 100 or more; geth 1,000). */
const BATCH_MAX = 100;
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

export interface JsonRpcClient {
  /** One call; calls made in the same turn travel in one request (a JSON-RPC batch). */
  call<T>(method: string, params: unknown[], signal?: AbortSignal): Promise<T>;
  /** Calls made so far, by method (for the bench). */
  calls(): Record<string, number>;
}

interface Pending {
  method: string;
  params: unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface JsonRpcClientOptions {
  url: string;
  /** Per request. */
  timeoutMs: number;
  /** Named in errors: `evm:1`. */
  label: string;
}

/** Waiters per abort signal: one listener per signal, however many calls wait on it (a trace's deadline). */
const waiters = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal, abort: () => void): () => void {
  let waiting = waiters.get(signal);
  if (!waiting) {
    const set = new Set<() => void>();
    waiting = set;
    waiters.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const waiter of set) waiter();
        set.clear();
      },
      { once: true },
    );
  }
  waiting.add(abort);
  return () => waiting.delete(abort);
}

export function createJsonRpcClient({ url, timeoutMs, label }: JsonRpcClientOptions): JsonRpcClient {
  const counted: Record<string, number> = {};
  let queue: Pending[] = [];
  let nextId = 1;

  async function send(calls: Pending[]) {
    const first = nextId;
    nextId += calls.length;
    const bodies = calls.map((c, i) => ({
      jsonrpc: '2.0',
      id: first + i,
      method: c.method,
      params: c.params,
    }));
    // One call goes as a plain request: nodes and proxies that refuse batches still serve it.
    const body = bodies.length === 1 ? bodies[0] : bodies;
    const what = calls.length === 1 ? calls[0]!.method : `a batch of ${calls.length} calls`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`${label} ${what}: the node answered HTTP ${response.status}`);
      }
      const answer = (await response.json()) as unknown;
      const answers = (Array.isArray(answer) ? answer : [answer]) as Array<{
        id?: number;
        result?: unknown;
        error?: { code?: number; message?: string };
      }>;
      const byId = new Map(answers.map((a) => [a?.id, a]));
      // A node refusing the whole request (rate limit, batch too large, unparsable) answers one
      // error without the call's id: that is the transport failing, not an answer to any call.
      const refused = answers.length === 1 && answers[0]?.error && !byId.has(first) ? answers[0].error : null;
      if (refused) {
        throw new Error(
          `${label} ${what}: the node refused the request (${refused.code ?? 0} ${refused.message ?? 'failed'})`,
        );
      }
      calls.forEach((c, i) => {
        const one = byId.get(first + i);
        if (one?.error) {
          c.reject(new JsonRpcError(one.error.code ?? 0, `${c.method}: ${one.error.message ?? 'failed'}`));
        } else if (!one || !('result' in one)) {
          c.reject(new Error(`${label} ${c.method}: the node answered without a result`));
        } else {
          c.resolve(one.result);
        }
      });
    } catch (error) {
      for (const c of calls) c.reject(error);
    }
  }

  function flush() {
    const calls = queue;
    queue = [];
    for (let i = 0; i < calls.length; i += BATCH_MAX) void send(calls.slice(i, i + BATCH_MAX));
  }

  return {
    call<T>(method: string, params: unknown[], signal?: AbortSignal): Promise<T> {
      counted[method] = (counted[method] ?? 0) + 1;
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        // The caller's deadline ends its wait; the batch it rode in goes on for the others.
        const done = signal ? onAbort(signal, () => reject(signal.reason)) : () => {};
        if (queue.length === 0) setImmediate(flush);
        queue.push({
          method,
          params,
          resolve: (value) => {
            done();
            resolve(value as T);
          },
          reject: (error) => {
            done();
            reject(error);
          },
        });
      });
    },
    calls: () => ({ ...counted }),
  };
}

/** An `eth_getLogs` entry. */
export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

export interface TransferLog {
  /** The token contract, lower case. */
  token: string;
  from: string;
  to: string;
  value: bigint;
  block: number;
  blockHash: string;
  hash: string;
  logIndex: number;
}

/** A 20-byte address as a 32-byte topic. */
export const topicOf = (key: string) => `0x${key.slice(2).toLowerCase().padStart(64, '0')}`;

/** Topics for `Transfer` logs sent by (`from`) or to (`to`) any of `keys`: topics are AND across positions. */
export function transferTopics(
  side: 'from' | 'to',
  keys: readonly string[],
): Array<string | string[] | null> {
  const topics = keys.map(topicOf);
  return side === 'from' ? [TRANSFER_TOPIC, topics] : [TRANSFER_TOPIC, null, topics];
}

/**
 * An ERC-20 transfer from a log, or null: a log the node marks removed (reorganised away), another
 * event, or ERC-721's `Transfer` (a fourth topic, the token id, and no amount: not a payment).
 */
export function transferOfLog(log: RpcLog): TransferLog | null {
  if (log.removed === true || log.topics.length !== 3 || log.topics[0] !== TRANSFER_TOPIC) return null;
  let value: bigint;
  try {
    value = log.data === '0x' ? 0n : BigInt(log.data.slice(0, 66));
  } catch {
    return null;
  }
  return {
    token: log.address.toLowerCase(),
    from: `0x${log.topics[1]!.slice(-40)}`.toLowerCase(),
    to: `0x${log.topics[2]!.slice(-40)}`.toLowerCase(),
    value,
    block: Number(BigInt(log.blockNumber)),
    blockHash: log.blockHash,
    hash: log.transactionHash,
    logIndex: Number(BigInt(log.logIndex)),
  };
}

export interface TokenInfo {
  /** The token's symbol, cleaned; its contract address when it has none. */
  symbol: string;
  /** 0 when the token has no `decimals()` (amounts in base units). */
  decimals: number;
}

/**
 * Whether a call failed because the contract reverted (EIP-1474's code 3, or geth's and Erigon's
 * -32000 "execution reverted"): the contract's own answer, unlike a node's failure.
 */
export function isRevert(error: unknown): boolean {
  return (
    error instanceof JsonRpcError &&
    (error.code === 3 || (error.code === -32000 && /revert/i.test(error.message)))
  );
}

/** `promise`, or `signal`'s reason once it aborts: ends one caller's wait on a shared promise. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const done = onAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error) => {
        done();
        reject(error);
      },
    );
  });
}

/**
 * `symbol()` and `decimals()` of ERC-20 contracts, read once per process. Only a revert is the
 * contract's answer (no such function: the address stands for the symbol, decimals 0) and is
 * remembered; a read the node failed (rate limit, batch refused, timeout) gives the fallback for
 * that transfer only and is asked again next time. The read is shared by its callers and bound by
 * the client's per-request timeout, not by one caller's signal: a caller's signal ends its own wait.
 */
export function createTokenReader(
  client: JsonRpcClient,
): (token: string, signal?: AbortSignal) => Promise<TokenInfo> {
  const tokens = new Map<string, Promise<TokenInfo>>();

  async function read(token: string): Promise<{ info: TokenInfo; failed: boolean }> {
    let failed = false;
    const fallback = (error: unknown) => {
      if (!isRevert(error)) failed = true;
      return '0x';
    };
    const [symbol, decimals] = await Promise.all([
      client.call<string>('eth_call', [{ to: token, data: '0x95d89b41' }, 'latest']).catch(fallback),
      client.call<string>('eth_call', [{ to: token, data: '0x313ce567' }, 'latest']).catch(fallback),
    ]);
    return { info: { symbol: decodeSymbol(symbol) ?? token, decimals: decodeDecimals(decimals) }, failed };
  }

  return (token, signal) => {
    const key = token.toLowerCase();
    let known = tokens.get(key);
    if (!known) {
      if (tokens.size >= MAX_TOKENS_CACHED) tokens.clear();
      const reading: Promise<TokenInfo> = read(key).then(({ info, failed }) => {
        if (failed && tokens.get(key) === reading) tokens.delete(key);
        return info;
      });
      known = reading;
      tokens.set(key, known);
    }
    return untilAborted(known, signal);
  };
}

/** ERC-20 `symbol()`: an ABI string, or (old tokens such as MKR) a bytes32. */
function decodeSymbol(data: string): string | null {
  if (!data || data === '0x') return null;
  let symbol = '';
  try {
    symbol = String(AbiCoder.defaultAbiCoder().decode(['string'], data)[0]);
  } catch {
    if (!/^0x[0-9a-f]{64}/i.test(data)) return null;
    symbol = Buffer.from(data.slice(2, 66), 'hex').toString('utf8').replace(/\0+$/, '');
  }
  const cleaned = [...symbol.replace(/[\p{Cc}\p{Cf}\s]/gu, '')].slice(0, MAX_SYMBOL_LENGTH).join('');
  return cleaned || null;
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
