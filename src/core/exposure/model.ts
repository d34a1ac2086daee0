/**
 * Exposure: "was the address that paid me involved in illegal transactions?" answered from chain
 * history. A trace walks the screened address's counterparties one or two hops out, in both
 * directions, and names every sanctioned, scam-listed or community-reported address it meets, with
 * the path and the transactions that carried the funds. These shapes are the public JSON contract
 * (docs/DESIGN.md, "Exposure"): the HTTP API, `chainwarden trace --json`, the chat renderers and
 * the risk summary's `exposure` field all carry them. Add fields, never rename one.
 */
import type { Chain, InvalidAddress, RiskLevel } from '../types.js';

/** What a flagged counterparty is: on a sanctions list, on a scam list, or reported by the community. */
export const EXPOSURE_KINDS = ['sanctions', 'scam', 'reports'] as const;
export type ExposureKind = (typeof EXPOSURE_KINDS)[number];

/** `incoming`: funds came from the flagged address towards the screened one; `outgoing`: the other way. */
export const EXPOSURE_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type ExposureDirection = (typeof EXPOSURE_DIRECTIONS)[number];

/**
 * Why tracing did not go past an address: `allowlisted` (an exchange, a bridge: a known service
 * whose other customers say nothing about this one), `busy` (more than TRACE_BUSY_TX transactions:
 * too many to be one person's wallet), `budget` (TRACE_BUDGET_MS ran out before it was read),
 * `history-limit` (more than TRACE_MAX_TX transactions on a source that gives no count, TronGrid:
 * it may be a service, and whether it is busy cannot be told, so it is not followed).
 */
export const TRACE_STOP_REASONS = ['allowlisted', 'busy', 'budget', 'history-limit'] as const;
export type TraceStopReason = (typeof TRACE_STOP_REASONS)[number];

/**
 * Why an answer is partial (`complete: false`): `budget` (TRACE_BUDGET_MS ran out),
 * `node-unavailable` (the history source failed or timed out for some address), `history-limit`
 * (an address had more than TRACE_MAX_TX transactions: only the most recent were read).
 */
export const TRACE_INCOMPLETE_REASONS = ['budget', 'node-unavailable', 'history-limit'] as const;
export type TraceIncompleteReason = (typeof TRACE_INCOMPLETE_REASONS)[number];

/** 1: direct counterparties only; 2: their counterparties too. */
export const TRACE_HOPS = [1, 2] as const;
export type TraceHops = (typeof TRACE_HOPS)[number];

/** One edge of a path: value moved between two addresses, in the direction of the funds. */
export interface ExposureStep {
  /** Who sent the funds. */
  from: string;
  /** Who received them. */
  to: string;
  /** Total moved on this edge, in the asset's whole units as a decimal string (`"2"`, `"0.0005"`). */
  amount: string;
  /** `ETH`, `BTC`, `TRX`, a token's symbol (`USDT`), or its contract when it has no symbol. */
  asset: string;
  /** Transaction hashes that carried the funds on this edge, most recent first. */
  transactions: string[];
}

/** One flagged address found within the hops. */
export interface ExposureHit {
  /** The flagged address, as a person would copy it. */
  address: string;
  kind: ExposureKind;
  /** `ofac-sdn (2024-09-27)`, `list mew-darklist (2024-05-01)`, `community`. */
  source: string;
  /** A list's label or category (`phishing`), or for reports `3 community reports: phishing`. */
  label: string | null;
  /** Sanctions: the SDN entity and program, `LAZARUS GROUP (DPRK3)`; else null. */
  entity: string | null;
  /** 1: a direct counterparty; 2: a counterparty's counterparty. */
  hop: TraceHops;
  direction: ExposureDirection;
  /** From the screened address to the flagged one, inclusive: `[screened, flagged]` or `[screened, via, flagged]`. */
  path: string[];
  /** Hashes of the transactions that carried the funds along the path, nearest the screened address first. */
  transactions: string[];
  /** Value that moved between the flagged address and its neighbour on the path (whole units, decimal string). */
  amount: string;
  asset: string;
  /** The path edge by edge, in path order (screened address first); amounts on the diagram's arrows. */
  steps: ExposureStep[];
  /**
   * Every transfer on the edge touching the flagged address was under TRACE_DUST for its asset (a
   * "dusting" attack): listed, but it never raises a level.
   */
  dust: boolean;
}

/** Where tracing stopped, and why. */
export interface TraceStop {
  address: string;
  reason: TraceStopReason;
  /** The allowlist's label (`Binance 14`), or null. */
  label: string | null;
}

/** The answer to "where did this address's funds come from and go". Never an error when partial. */
export interface Exposure {
  address: string;
  chain: Chain;
  hops: TraceHops;
  /** false: some history was not read; `incomplete` says why. */
  complete: boolean;
  /** Empty when complete; otherwise every reason the answer is partial. */
  incomplete: TraceIncompleteReason[];
  /** When the history was read (ISO 8601); a cached answer keeps the time it was read. */
  asOf: string;
  /** Where the history came from: `evm:1 trace_filter`, `evm:1 otterscan`, `esplora`, `trongrid`. */
  source: string;
  /** Transactions (and token transfers) read in all. */
  transactionsRead: number;
  hits: ExposureHit[];
  stoppedAt: TraceStop[];
  /**
   * What the exposure alone makes of the address: funds received directly from a sanctioned
   * address at least high, from a scam-listed one medium, from a reported one low, anything
   * indirect at most low; dust and funds sent never raise it.
   */
  level: RiskLevel;
  /** true when this answer came from the cache (same address, chain, hops and chain head). */
  cached: boolean;
}

/** A chain whose history this service cannot read: not configured, or not supported at all. */
export interface NoHistorySource {
  code: 'no-history-source';
  chain: Chain;
  /** What is missing, for a person: "No EVM node is configured (EVM_RPC_URL)." */
  reason: string;
  hint: string;
}

/** An expected failure of `trace`: the input is not an address, or its chain has no history source. */
export type TraceError = InvalidAddress | NoHistorySource;

/** Progress of a running trace, for a progress bar: addresses read so far of those known to read. */
export interface TraceProgress {
  hop: TraceHops;
  addressesRead: number;
  addressesQueued: number;
  transactionsRead: number;
}

export interface TraceOptions {
  /** Default 2. */
  hops?: TraceHops;
  /** Called as addresses are read; never awaited. */
  onProgress?: (progress: TraceProgress) => void;
}

/** Parses a `hops` parameter from a person (`"1"`, `"2"`); the message says what is valid. */
export function parseHops(input: string | number | undefined | null): TraceHops | { error: string } {
  if (input === undefined || input === null || input === '') return 2;
  const text = String(input).trim();
  if (text === '1') return 1;
  if (text === '2') return 2;
  return {
    error: `hops must be 1 or 2 (1: direct counterparties, 2: theirs too), not "${text.slice(0, 20)}".`,
  };
}
