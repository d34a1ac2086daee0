/**
 * On-chain facts: the `ChainFacts` port (src/core/ports.ts) over an EVM JSON-RPC node (ethers)
 * and an Esplora server (bitcoin). Every answer arrives within the timeout; a slow, dead or
 * failing endpoint yields `available: false`, never an exception. Successful answers are cached
 * with a TTL, a per-endpoint circuit breaker skips an endpoint that keeps failing, at most
 * `maxConcurrency` reads are in flight at once, and a request's `LookupBudget` caps how many of
 * its addresses are read at all.
 */

export { type BlockSourcesOptions, createBlockSources } from './block-sources.js';
export { type BreakerOptions, DEFAULT_BREAKER } from './breaker.js';
export { type ChainFactsOptions, type ClosableChainFacts, createChainFacts } from './chain-facts.js';
export { createEsploraBlockSource } from './esplora-blocks.js';
export { ChainChangedError, createEvmBlockSource } from './evm-blocks.js';
export { TRANSFER_TOPIC } from './evm-rpc.js';
export { type ChainHistoryOptions, type CountingChainHistory, createChainHistory } from './history.js';
