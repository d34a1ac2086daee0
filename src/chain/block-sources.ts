/**
 * The watch poller's block sources for the configured nodes: one per EVM chain id (every one in
 * EVM_RPC_URLS is read, unlike on-chain facts, which ask one) and Bitcoin when ESPLORA_URL is set.
 */
import type { BlockSource } from '../core/index.js';
import { createEsploraBlockSource } from './esplora-blocks.js';
import { createEvmBlockSource } from './evm-blocks.js';

export interface BlockSourcesOptions {
  evmRpcUrls: Record<number, string>;
  esploraUrl: string | null;
  timeoutMs?: number;
}

export function createBlockSources(options: BlockSourcesOptions): BlockSource[] {
  const sources: BlockSource[] = Object.entries(options.evmRpcUrls).map(([chainId, url]) =>
    createEvmBlockSource({
      chainId: Number(chainId),
      url,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    }),
  );
  if (options.esploraUrl) sources.push(createEsploraBlockSource(options.esploraUrl, options.timeoutMs));
  return sources;
}
