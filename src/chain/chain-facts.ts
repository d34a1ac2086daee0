import { LRUCache } from 'lru-cache';
import { pickEvmChain } from '../config.js';
import type { Chain, ChainFacts, LookupBudget, OnchainFacts, ParsedAddress } from '../core/index.js';
import {
  type BreakerOptions,
  type CircuitBreaker,
  createCircuitBreaker,
  DEFAULT_BREAKER,
} from './breaker.js';
import { createEsploraNode } from './esplora.js';
import { createEvmNode } from './evm.js';
import { type AddressFacts, AddressRejectedError, type FactsNode } from './node.js';

export interface ChainFactsOptions {
  /** chainId -> JSON-RPC URL; 1 = Ethereum mainnet. */
  evmRpcUrls: Record<number, string>;
  esploraUrl: string | null;
  /** Hard ceiling for one `factsFor` call. */
  timeoutMs?: number;
  /** How long a successful answer is reused. Failures are never cached. */
  cacheTtlMs?: number;
  breaker?: BreakerOptions;
  /** Node reads in flight at once, across every request (CHAIN_MAX_CONCURRENCY); default 8. */
  maxConcurrency?: number;
  now?: () => number;
}

export type ClosableChainFacts = ChainFacts & { close(): Promise<void> };

const TIMED_OUT = Symbol('timed-out');
const CACHE_MAX_ENTRIES = 10_000;

export function createChainFacts({
  evmRpcUrls,
  esploraUrl,
  timeoutMs = 1500,
  cacheTtlMs = 60_000,
  breaker = DEFAULT_BREAKER,
  maxConcurrency = 8,
  now = Date.now,
}: ChainFactsOptions): ClosableChainFacts {
  const gate = createGate(maxConcurrency);
  const nodes = new Map<Chain, { node: FactsNode; breaker: CircuitBreaker }>();
  const evmChainId = pickEvmChain(evmRpcUrls);
  if (evmChainId !== null) {
    const url = evmRpcUrls[evmChainId]!;
    const node = createEvmNode({ chainId: evmChainId, url, timeoutMs });
    nodes.set('evm', { node, breaker: createCircuitBreaker(breaker, now) });
  }
  if (esploraUrl) {
    nodes.set('bitcoin', {
      node: createEsploraNode(esploraUrl, timeoutMs),
      breaker: createCircuitBreaker(breaker, now),
    });
  }

  const cache = new LRUCache<string, OnchainFacts>({
    max: CACHE_MAX_ENTRIES,
    ttl: cacheTtlMs,
    // Read the clock on every check: lru-cache otherwise memoises `now` for 1 ms of real time.
    ttlResolution: 0,
    perf: { now },
  });
  const closing = new AbortController();

  return {
    async factsFor(address: ParsedAddress, budget?: LookupBudget): Promise<OnchainFacts | null> {
      const entry = nodes.get(address.chain);
      if (!entry) return null;
      const { node } = entry;
      const cacheKey = `${node.source}|${address.key}`;
      try {
        const cached = cache.get(cacheKey);
        if (cached) return { ...cached };
        if (closing.signal.aborted) return unavailable(node.source, 'error');
        // Before any await: the request's lookups go to its addresses in the order they were asked.
        if (budget && !budget.take()) return unavailable(node.source, 'skipped');
        if (!entry.breaker.tryAcquire()) return unavailable(node.source, 'paused');
        let reading = false;
        // The wait for a free slot counts against the deadline: no answer waits past the timeout.
        const outcome = await withDeadline(
          async (signal) => {
            if (!(await gate.enter(signal))) return TIMED_OUT;
            reading = true;
            try {
              return await node.read(address.key, signal);
            } finally {
              gate.leave();
            }
          },
          timeoutMs,
          closing.signal,
        );
        if (outcome === TIMED_OUT) {
          // Still waiting for a slot: the node itself did nothing wrong.
          if (!reading) return unavailable(node.source, 'busy');
          entry.breaker.recordFailure();
          return unavailable(node.source, 'timeout');
        }
        entry.breaker.recordSuccess();
        const facts = available(node.source, outcome);
        cache.set(cacheKey, facts);
        return { ...facts };
      } catch (error) {
        if (error instanceof AddressRejectedError) {
          entry.breaker.recordSuccess();
          return unavailable(node.source, 'rejected');
        }
        entry.breaker.recordFailure();
        return unavailable(node.source, 'error');
      }
    },
    async close() {
      closing.abort();
      cache.clear();
      await Promise.all([...nodes.values()].map(({ node }) => node.close()));
    },
  };
}

function available(source: string, facts: AddressFacts): OnchainFacts {
  const result: OnchainFacts = {
    available: true,
    source,
    isContract: facts.isContract,
    txCount: facts.txCount,
    balance: facts.balance,
  };
  if (facts.name) result.name = facts.name;
  if (facts.received !== undefined) result.received = facts.received;
  if (facts.sent !== undefined) result.sent = facts.sent;
  return result;
}

function unavailable(source: string, because: NonNullable<OnchainFacts['unavailableBecause']>): OnchainFacts {
  return {
    available: false,
    source,
    isContract: null,
    txCount: null,
    balance: null,
    unavailableBecause: because,
  };
}

/**
 * At most `max` reads in flight; the others wait in order. `enter` answers false when the signal
 * aborts first (deadline, close), and that caller never held a slot. Hand-written because p-limit
 * and async-sema cannot drop a queued call whose deadline has passed.
 */
function createGate(max: number) {
  let active = 0;
  const waiting = new Set<() => void>();
  return {
    enter(signal: AbortSignal): Promise<boolean> {
      if (signal.aborted) return Promise.resolve(false);
      if (active < max) {
        active += 1;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const admit = () => {
          signal.removeEventListener('abort', giveUp);
          active += 1;
          resolve(true);
        };
        const giveUp = () => {
          waiting.delete(admit);
          resolve(false);
        };
        waiting.add(admit);
        signal.addEventListener('abort', giveUp, { once: true });
      });
    },
    leave() {
      active -= 1;
      const [next] = waiting;
      if (next) {
        waiting.delete(next);
        next();
      }
    },
  };
}

/**
 * Runs `work` with a signal that aborts at the deadline, on close, or once the call is over, and
 * answers TIMED_OUT at the deadline even when `work` has not noticed the abort yet.
 */
async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  ms: number,
  closing: AbortSignal,
): Promise<T | typeof TIMED_OUT> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onClose = () => controller.abort(closing.reason);
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(TIMED_OUT), { once: true });
    timer = setTimeout(() => controller.abort(new DOMException('deadline passed', 'TimeoutError')), ms);
    closing.addEventListener('abort', onClose, { once: true });
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
    closing.removeEventListener('abort', onClose);
    // Whatever `work` still has in flight (a late ENS step) ends with the call.
    controller.abort(new DOMException('call finished', 'AbortError'));
  }
}
