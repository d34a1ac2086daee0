/**
 * Watch-lists: a community, a chat or an API client watches an address (a treasury, a payout
 * wallet, a cold wallet) and is alerted, once per event, when it moves funds, receives from a
 * sanctioned, scam-listed or reported address, is reported, is listed, or when a look-alike of it
 * shows up in the watching community. This file is the vocabulary; the rules are in
 * use-cases/watch.ts (add, remove, list, record events), use-cases/watch-poll.ts (new blocks) and
 * use-cases/watch-delivery.ts (the outbox: retries, backoff, the per-chat digest).
 */
import type { Chain, Network, RiskLevel } from './types.js';

/** Stable API (webhook `event` field): add kinds, never rename one. */
export const WATCH_EVENT_KINDS = [
  'outgoing-transfer',
  'incoming-transfer',
  'reported',
  'listed',
  'lookalike-seen',
] as const;
export type WatchEventKind = (typeof WATCH_EVENT_KINDS)[number];

/** Where a watch's alerts go. */
export type WatchDestination =
  | { kind: 'telegram'; chatId: string }
  | { kind: 'discord'; channelId: string }
  | { kind: 'webhook'; url: string };

export interface Watch {
  id: string;
  /** Who owns it and whose limit it counts against: `telegram:<chat>`, `discord:<guild>`, `api:<key id>`, `cli`. */
  owner: string;
  chain: Chain;
  network: Network;
  addressKey: string;
  /** As people copy it (EIP-55 for EVM). */
  address: string;
  label: string | null;
  /** Ordinary incoming transfers too, not only those from a risky sender. */
  allIncoming: boolean;
  destination: WatchDestination;
  /** The community whose look-alikes are reported (`telegram:<group>`, `discord:<guild>`); null elsewhere. */
  community: string | null;
  createdBy: string;
  createdAt: Date;
}

/** What a new watch needs; the use case validates every field. */
export interface WatchInput {
  address: string;
  label?: string | null;
  allIncoming?: boolean;
  owner: string;
  destination: WatchDestination;
  community?: string | null;
  createdBy: string;
}

export interface WatchCreated {
  watch: Watch;
  /** Webhooks only: the HMAC key of `X-Chainwarden-Signature`, shown once. */
  secret: string | null;
  /**
   * Null when new blocks of its chain are read; otherwise why transfers are not (no node is
   * configured for that chain), said to the person who added it.
   */
  transfersUnavailable: string | null;
}

export type WatchError =
  | { code: 'invalid-address'; input: string; reason: string; hint: string }
  | { code: 'invalid-label'; input: string; reason: string; hint: string }
  | { code: 'invalid-webhook'; input: string; reason: string; hint: string }
  | { code: 'duplicate-watch'; input: string; reason: string; hint: string; existing: Watch }
  | { code: 'watch-limit'; input: string; reason: string; hint: string; limit: number }
  | { code: 'watch-not-found'; input: string; reason: string; hint: string };

/** The other side of a transfer, as the core's screen sees it. */
export interface Counterparty {
  address: string;
  level: RiskLevel;
  sanctioned: boolean;
  /** A listing, a report or a sanction: why an incoming transfer from it is alerted. */
  flagged: boolean;
  /** One line: "OFAC SDN: TORNADO CASH", "3 community reports (phishing)". */
  why: string | null;
}

/** A transfer a block source saw, before it is matched to watches. */
export interface ObservedTransfer {
  /** `evm:<chainId>` or `bitcoin`. */
  source: string;
  chain: Chain;
  txHash: string;
  /** Distinguishes several transfers of one transaction: `native`, `log:<index>`, `out:<n>`. */
  part: string;
  blockNumber: number;
  blockHash: string;
  /** Keys (ParsedAddress.key) of sender and recipient; Bitcoin: one input's and one output's address. */
  fromKey: string;
  toKey: string;
  from: string;
  to: string;
  /** Decimal, already scaled: "0.5". */
  amount: string;
  /** `ETH`, `USDC`, `BTC`; a token without a symbol is its contract address. */
  asset: string;
  /** ERC-20 contract; null for the chain's own coin. */
  token: string | null;
}

export interface TransferEvent {
  kind: 'outgoing-transfer' | 'incoming-transfer';
  source: string;
  txHash: string;
  blockNumber: number;
  amount: string;
  asset: string;
  token: string | null;
  /** The recipient of an outgoing transfer, the sender of an incoming one. */
  counterparty: Counterparty;
}

export interface ReportedEvent {
  kind: 'reported';
  category: string;
  /** Where it came from: telegram, discord, api, cli. */
  via: string;
  verified: boolean;
}

export interface ListedEvent {
  kind: 'listed';
  listKind: 'sanctions' | 'scam';
  source: string;
  label: string | null;
}

export interface LookalikeSeenEvent {
  kind: 'lookalike-seen';
  lookalike: string;
  community: string;
}

export type WatchEvent = TransferEvent | ReportedEvent | ListedEvent | LookalikeSeenEvent;

/** One alert: a watch, an event, once (the event key is unique per watch). */
export interface WatchAlert {
  id: number;
  watch: Pick<Watch, 'id' | 'address' | 'label' | 'chain' | 'network' | 'destination'>;
  event: WatchEvent;
  createdAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'digested' | 'failed' | 'skipped';

/** An alert as its delivery stands (`GET /v1/watches/{id}/deliveries`). */
export interface WatchDelivery {
  id: number;
  event: WatchEvent;
  status: DeliveryStatus;
  attempts: number;
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date | null;
  /** The last failure: an HTTP status and reason, or the chat platform's refusal. */
  lastError: string | null;
}

/** Why a delivery attempt failed; `permanent`: retrying cannot help (the bot was removed from the chat). */
export type DeliveryOutcome = { ok: true } | { ok: false; error: string; permanent?: boolean };

/** The alert rate per chat before alerts are folded into one digest message. */
export interface AlertRateLimit {
  perMinute: number;
}

export const DEFAULT_WATCH_LIMITS = {
  maxPerOwner: 20,
  alertsPerMinute: 5,
} as const;
