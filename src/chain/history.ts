/**
 * The `ChainHistory` port over every configured source: the EVM node (the same chain the on-chain
 * facts use), an Esplora server for Bitcoin, TronGrid for Tron. A chain without one answers
 * `sourceFor(chain) === null`, and a trace of it says so.
 */
import { pickEvmChain } from '../config.js';
import type { AddressHistory, Chain, ChainHistory } from '../core/index.js';
import { createEsploraHistory } from './esplora-history.js';
import { createEvmHistory } from './evm-history.js';
import { createTronGridHistory } from './trongrid-history.js';

export interface ChainHistoryOptions {
  evmRpcUrls: Record<number, string>;
  esploraUrl: string | null;
  trongridUrl: string | null;
  /** Extra headers for TronGrid (TRONGRID_API_KEY as TRON-PRO-API-KEY). */
  trongridApiKey?: string | null;
  /** CHAIN_TIMEOUT_MS, per call. */
  timeoutMs: number;
}

/** One chain's reader. */
export interface HistorySource {
  source(): string;
  head(signal: AbortSignal): Promise<string>;
  history(key: string, options: { maxTx: number; signal: AbortSignal }): Promise<AddressHistory>;
  /** Calls made so far, by method or path (for the bench). */
  calls(): Record<string, number>;
}

export type CountingChainHistory = ChainHistory & { calls(): Record<string, number> };

export function createChainHistory(options: ChainHistoryOptions): CountingChainHistory {
  const readers = new Map<Chain, HistorySource>();
  const chainId = pickEvmChain(options.evmRpcUrls);
  if (chainId !== null) {
    readers.set(
      'evm',
      createEvmHistory({ chainId, url: options.evmRpcUrls[chainId]!, timeoutMs: options.timeoutMs }),
    );
  }
  if (options.esploraUrl) readers.set('bitcoin', createEsploraHistory(options.esploraUrl, options.timeoutMs));
  if (options.trongridUrl) {
    readers.set(
      'tron',
      createTronGridHistory(options.trongridUrl, options.trongridApiKey ?? null, options.timeoutMs),
    );
  }
  const reader = (chain: Chain) => {
    const found = readers.get(chain);
    if (!found) throw new Error(`no history source for ${chain}`);
    return found;
  };
  return {
    sourceFor: (chain) => readers.get(chain)?.source() ?? null,
    head: (chain, signal) => reader(chain).head(signal),
    history: (address, { maxTx, signal }) => reader(address.chain).history(address.key, { maxTx, signal }),
    calls() {
      const all: Record<string, number> = {};
      for (const source of readers.values()) Object.assign(all, source.calls());
      return all;
    },
  };
}
