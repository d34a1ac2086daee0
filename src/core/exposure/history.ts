/**
 * What a trace reads from a chain (one address's transfers, as the `ChainHistory` port returns
 * them), the graph a trace builds from those reads (cached in storage, see `ExposureStore`), and
 * what storage says about a counterparty. Internal to tracing: adapters see only `Exposure`.
 */
import type { ListHit } from '../lists.js';
import type { ReportCategory } from '../types.js';
import type { ExposureDirection, TraceIncompleteReason } from './model.js';

/** An asset as the chain names it: `ETH` (18), `BTC` (8), `TRX` (6), a token with its contract. */
export interface Asset {
  symbol: string;
  decimals: number;
  /** The token contract (lowercase key), null for the chain's native coin. */
  contract: string | null;
}

/** One movement of value, as read from the chain: addresses are lookup keys of that chain. */
export interface Transfer {
  from: string;
  to: string;
  /** Smallest unit (wei, satoshi, sun, token base unit), decimal string. */
  value: string;
  asset: Asset;
  hash: string;
  /** Block height (or timestamp where the source has no heights): orders transfers, newest highest. */
  block: number;
}

/** One address's history, newest first, at most `maxTx` transactions of it. */
export interface AddressHistory {
  transfers: Transfer[];
  /** The address has more than `maxTx` transactions: only the most recent were read. */
  truncated: boolean;
  /**
   * How many transactions the source says the address has (EVM: its nonce, Esplora: `tx_count`),
   * when it tells; null when it does not (TronGrid).
   */
  txCount: number | null;
}

/** Value between the read address and one counterparty, in one asset and one direction. */
export interface TraceEdge {
  counterparty: string;
  /** `incoming`: the counterparty sent to the read address. */
  direction: ExposureDirection;
  asset: Asset;
  /** Sum, smallest unit, decimal string. */
  total: string;
  /** The largest single transfer, smallest unit: under the dust threshold means every one was dust. */
  largest: string;
  /** Newest first, at most MAX_EDGE_TRANSACTIONS. */
  transactions: string[];
  count: number;
  latestBlock: number;
}

/** What became of a direct counterparty in a 2-hop trace. */
export type NeighbourRead =
  | { state: 'read'; edges: TraceEdge[] }
  /** Not read: flagged itself (the path ends there) or allowlisted (a known service). */
  | { state: 'skipped'; because: 'flagged' | 'allowlisted' }
  | { state: 'busy'; txCount: number }
  /** More than TRACE_MAX_TX transactions, and the source gives no count: not followed. */
  | { state: 'history-limit' }
  | { state: 'budget' }
  | { state: 'failed' };

/** Everything a trace read: evaluated against the current lists and reports on every answer. */
export interface TraceGraph {
  source: string;
  /** The chain head the reads saw (block height or hash); the cache is keyed by it. */
  head: string | null;
  asOf: string;
  hops: 1 | 2;
  /** The screened address's edges. */
  edges: TraceEdge[];
  /** Hops 2: each direct counterparty's read, by key. */
  neighbours: Record<string, NeighbourRead>;
  incomplete: TraceIncompleteReason[];
  transactionsRead: number;
}

/** What storage says about one counterparty: its list entries and its active community reports. */
export interface CounterpartyFlags {
  listHits: ListHit[];
  /** Active reports (one per reporter) and their categories; 0 when none. */
  reports: number;
  categories: Partial<Record<ReportCategory, number>>;
}
