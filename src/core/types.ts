/**
 * The core's vocabulary: what an address is once recognised, what a risk summary says, and the
 * expected failures every edge (CLI, HTTP, Telegram, Discord) maps to a user-facing message.
 * These shapes are the public JSON contract (docs/DESIGN.md, "The JSON contract, as extended
 * here"): add fields, never rename one.
 */

/** Chains the core recognises. `other` is a listed string of a chain we do not parse (XMR, ZEC...). */
export const CHAINS = [
  'evm',
  'bitcoin',
  'tron',
  'solana',
  'litecoin',
  'bitcoin-cash',
  'dogecoin',
  'ton',
  'other',
] as const;
export type Chain = (typeof CHAINS)[number];

/**
 * Another way to write an address: the same address spelled otherwise (a TON account's bounceable
 * and raw forms, a Bitcoin Cash address's legacy form, a Litecoin script's old `3…` form: same
 * `key`), or the same string read on another chain (a Bitcoin legacy `1…`/`3…` is also a Bitcoin
 * Cash address: another `key`, screened too).
 */
export interface AddressForm {
  chain: Chain;
  address: string;
  key: string;
  /** What the spelling is: `bounceable`, `raw`, `legacy`, `cashaddr`. */
  form: string;
}

export type Network = 'mainnet' | 'testnet';

/** An address the core recognised and normalised. */
export interface ParsedAddress {
  chain: Chain;
  /** Lookup key: one spelling per address (EVM lowercase, bech32 lowercase, base58 as is). */
  key: string;
  /** What a person should copy: EIP-55 checksummed for EVM, otherwise the key. */
  display: string;
  network: Network;
  /** Script or account type, e.g. `p2wpkh`, `p2tr`, `eoa-or-contract`. Informational. */
  kind: string;
  /** Other spellings or readings of this address, when it has any (see `AddressForm`). */
  otherForms?: AddressForm[];
}

/** Why an input is not an address, in words a chat user understands, plus what a valid one looks like. */
export interface InvalidAddress {
  code: 'invalid-address';
  input: string;
  reason: string;
  hint: string;
}

export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'severe'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Stable API: add codes, never rename one. */
export const REASON_CODES = [
  'no-reports',
  'community-reports',
  'verified-report',
  'sanctions',
  'scam-list',
  'allowlisted',
  'under-review',
  'look-alike',
  'contract',
  'unused-address',
  'onchain-unavailable',
  'sanctions-data-old',
  'reports-unavailable',
  'appeal-pending',
  'appeal-upheld',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** One sentence for a human. Contains user text only where escaped by the renderer. */
  text: string;
  /** Where it came from: `community`, `ofac-sdn (2024-09-27)`, `list mew-darklist (2024-05-01)`, `eth-mainnet`. */
  source: string;
}

export const REPORT_CATEGORIES = [
  'phishing',
  'impersonation',
  'fake-airdrop',
  'rug-pull',
  'ponzi',
  'fake-exchange',
  'romance',
  'ransomware',
  'sextortion',
  'other',
] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export const REPORT_CATEGORY_LABELS: Record<ReportCategory, string> = {
  phishing: 'phishing',
  impersonation: 'impersonation',
  'fake-airdrop': 'fake airdrop / drainer',
  'rug-pull': 'rug pull',
  ponzi: 'ponzi / investment fraud',
  'fake-exchange': 'fake exchange',
  romance: 'romance / pig butchering',
  ransomware: 'ransomware',
  sextortion: 'sextortion',
  other: 'other',
};

export type ReportSource = 'telegram' | 'discord' | 'cli' | 'api';

export interface ReportCounts {
  total: number;
  /**
   * Reports verified by moderators whose verification counts in this screen: of the community the
   * screen is in, or of a community the operator trusts.
   */
  verified: number;
  categories: Partial<Record<ReportCategory, number>>;
  /**
   * Reports verified by moderators of other, untrusted communities, counted here as ordinary
   * reports (part of `total`, not of `verified`); absent when none.
   */
  verifiedElsewhere?: number;
}

export interface Lookalike {
  address: string;
  label: string;
  source: string;
}

/** On-chain facts; `null` in a summary when no node is configured for that chain. */
export interface OnchainFacts {
  available: boolean;
  /** e.g. `evm:1`, `esplora`. */
  source: string;
  isContract: boolean | null;
  txCount: number | null;
  /** Smallest unit (wei, satoshi) as a decimal string. */
  balance: string | null;
  /** ENS reverse name or similar, when known. */
  name?: string | null;
  /** Bitcoin: total ever received and sent (smallest unit, decimal string), when the node tells. */
  received?: string;
  sent?: string;
  /**
   * Why facts are missing when `available` is false: the node did not answer in time, answered with
   * an error, is skipped for a while after repeated failures, or refused this address; `skipped`:
   * the request held more addresses than are looked up on the chain per request
   * (CHAIN_MAX_LOOKUPS_PER_REQUEST); `busy`: other requests held every connection to the node
   * (CHAIN_MAX_CONCURRENCY) until the timeout.
   */
  unavailableBecause?: 'timeout' | 'error' | 'paused' | 'rejected' | 'skipped' | 'busy';
}

/** The one JSON shape everywhere: CLI --json, HTTP API, chat renderers, tests. */
export interface RiskSummary {
  input: string;
  address: string;
  chain: Chain;
  network: Network;
  level: RiskLevel;
  score: number;
  reasons: Reason[];
  reports: ReportCounts;
  sanctioned: boolean;
  lookalikes: Lookalike[];
  onchain: OnchainFacts | null;
  /** Other spellings of the address (TON, Bitcoin Cash, Litecoin) or readings on another chain; absent when none. */
  otherForms?: Array<Pick<AddressForm, 'address' | 'chain' | 'form'>>;
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
