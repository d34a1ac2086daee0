/**
 * On-chain facts: the `ChainFacts` port (src/core/ports.ts) over an EVM JSON-RPC node (ethers)
 * and an Esplora server (bitcoin). Every answer arrives within the timeout; a slow, dead or
 * failing endpoint yields `available: false`, never an exception. Successful answers are cached
 * with a TTL, and a per-endpoint circuit breaker skips an endpoint that keeps failing.
 */

export { type BreakerOptions, DEFAULT_BREAKER } from './breaker.js';
export { type ChainFactsOptions, type ClosableChainFacts, createChainFacts } from './chain-facts.js';
