/**
 * Ports: the small interfaces the core needs from the outside world, and nothing else (the records
 * they carry live in the domain files: reports/model.ts, lists.ts, lookalike.ts, community.ts,
 * signals.ts). `src/store` implements the storage ones on drizzle (PGlite or postgres.js),
 * `src/chain` the on-chain ones and the signature verifier. The core never imports an
 * implementation; `src/app.ts` wires them.
 */
import type {
  AppealChallenge,
  AppealOutcome,
  AppealStatus,
  CommunityAppealDecision,
  NewAppeal,
  StoredAppeal,
} from './appeals.js';
import type { CommunityRecord, CommunitySettings, ModerationAction } from './community.js';
import type { AddressHistory, CounterpartyFlags, TraceGraph } from './exposure/history.js';
import type { TraceHops } from './exposure/model.js';
import type { HistoryEvent, NewHistoryEvent } from './history.js';
import type { ListEdition, ListEntry, ListHit, ListKind, ListMeta } from './lists.js';
import type { LookalikeProbe } from './lookalike.js';
import type { OwnershipChain, SignatureCheck } from './ownership/model.js';
import type { NewReport, ReporterLimit, SaveReportResult, StoredReport } from './reports/model.js';
import type { ReporterRecord } from './reports/weight.js';
import type { ScreeningSignals } from './signals.js';
import type { Chain, OnchainFacts, ParsedAddress } from './types.js';
import type { ReviewDecision } from './use-cases/review.js';
import type {
  DeliveryOutcome,
  ObservedTransfer,
  Watch,
  WatchAlert,
  WatchDelivery,
  WatchDestination,
  WatchEvent,
} from './watch.js';

/** Everything a screen needs from storage, fetched in one round trip. */
export interface ScreeningStore {
  signalsFor(
    address: ParsedAddress,
    options: { lookalike: LookalikeProbe | null; community: string | null },
  ): Promise<ScreeningSignals>;
  /**
   * The signals of many addresses outside any community, in order (watch-list counterparties): one
   * round trip for all those not answered moments ago.
   */
  signalsForMany(
    requests: ReadonlyArray<{ address: ParsedAddress; lookalike: LookalikeProbe | null }>,
  ): Promise<ScreeningSignals[]>;
  /** Remember that a community screened or reported this address (look-alike candidates per community). */
  noteCommunityAddress(
    community: string,
    address: ParsedAddress,
    probe: LookalikeProbe | null,
  ): Promise<void>;
}

export interface ReportStore {
  /**
   * Insert, or update the reporter's earlier report on the same address. With a limit, the count and
   * the write happen under one per-reporter lock, so parallel requests cannot slip past it.
   */
  saveReport(
    report: NewReport,
    probe: LookalikeProbe | null,
    limit: ReporterLimit | null,
  ): Promise<SaveReportResult>;
  listReports(addressKey: string, limit: number): Promise<StoredReport[]>;
  /**
   * What moderators decided about this reporter's reports: every rejection, and the approvals that
   * count in `community` (made there or in a community the operator trusts; reports/trust.ts).
   */
  reporterRecord(reporter: string, community: string | null): Promise<ReporterRecord>;
}

/** What the store answers to a decision on one report. */
export type ReportDecisionResult =
  | { decided: true; report: StoredReport }
  | { decided: false; status: StoredReport['status'] | null };

/** A pending appeal and the community reports it disputes (status `active` or `review`). */
export interface PendingAppeal {
  appeal: StoredAppeal;
  disputes: StoredReport[];
}

/** The review queue's storage (src/store/review-store.ts). */
export interface ReviewStore {
  /** Reports with status `review`, oldest first; `community` null: every community's. */
  pendingReports(community: string | null, limit: number): Promise<StoredReport[]>;
  /**
   * Pending appeals, oldest first, each with the reports it disputes. With `community`: only
   * appeals against an address reported there, with that community's reports only.
   */
  pendingAppeals(community: string | null, limit: number): Promise<PendingAppeal[]>;
  /**
   * Decides one waiting report in one statement: approve makes it active and verified by
   * `reviewer` in `verifiedIn`; reject makes it `rejected`. Only a report still in `review`, and
   * (with `community`) filed in that community, is decided; otherwise `status` is the report's
   * when a moderator already decided it, null when no such report waits or waited in that queue.
   */
  decideReport(input: {
    reportId: number;
    decision: ReviewDecision;
    reviewer: string;
    community: string | null;
    note: string | null;
  }): Promise<ReportDecisionResult>;
}

/** The append-only history of addresses (history.ts). */
export interface HistoryLog {
  append(event: NewHistoryEvent): Promise<void>;
  /** Oldest first. */
  forAddress(addressKey: string, limit: number): Promise<HistoryEvent[]>;
}

/** When the bot first saw each person in each chat: Telegram's stand-in for a member's tenure. */
export interface MemberSightings {
  /** Records the first sighting (later ones change nothing). */
  noteSeen(chat: string, member: string): Promise<void>;
  /** The first sighting, null when never seen. */
  firstSeen(chat: string, member: string): Promise<Date | null>;
}

export interface ListStore {
  hitsFor(addressKey: string): Promise<ListHit[]>;
  /** Which of these strings are on an imported list (of one of `kinds`, when given), verbatim (one query). */
  listedKeys(candidates: string[], kinds?: readonly ListKind[]): Promise<string[]>;
  /** Replace every entry of `meta.source` atomically with `batches`. */
  replaceList(meta: ListMeta, batches: AsyncIterable<ListEntry[]>): Promise<{ count: number }>;
  /**
   * In one transaction (one at a time across processes), replace each list for which `replaces`
   * says yes, given the stored edition (null when none); resolves the sources replaced.
   */
  replaceLists(
    lists: ReadonlyArray<{ meta: ListMeta; entries: ListEntry[] }>,
    replaces: (current: ListEdition | null, next: ListMeta) => boolean,
  ): Promise<string[]>;
  listSources(): Promise<ListEdition[]>;
}

export interface SettingsStore {
  get(community: string): Promise<CommunitySettings>;
  update(community: string, patch: Partial<CommunitySettings>): Promise<CommunitySettings>;
}

/** The operator's word on communities: whose moderators' verifications count everywhere. */
export interface CommunityStore {
  /** Marks a community trusted or not; says whether anything was known of it and whether it was trusted. */
  setTrusted(community: string, trusted: boolean): Promise<{ known: boolean; wasTrusted: boolean }>;
  /** Remembers a community's title as a bot saw it (shown by `community list`). */
  noteTitle(community: string, title: string): Promise<void>;
  /** Every community known: trusted ones, and those seen in reports, flags, settings or the log. */
  list(): Promise<CommunityRecord[]>;
}

export interface ModerationLog {
  record(action: ModerationAction): Promise<{ id: number; at: Date }>;
  recent(community: string, limit: number): Promise<Array<ModerationAction & { id: number; at: Date }>>;
}

/** Ownership challenges and appeals (use-cases/appeal.ts). */
export interface AppealStore {
  saveChallenge(challenge: AppealChallenge): Promise<void>;
  findChallenge(nonce: string): Promise<AppealChallenge | null>;
  /** The newest challenge for this address asked by `requestedBy`, used or not (chat flows). */
  latestChallenge(addressKey: string, requestedBy: string): Promise<AppealChallenge | null>;
  /**
   * In one transaction: marks the challenge used and files the appeal, unless the challenge was used
   * already or the address has a pending appeal.
   */
  fileAppeal(
    appeal: NewAppeal,
  ): Promise<
    | { filed: true; appeal: StoredAppeal }
    | { filed: false; because: 'challenge-used' }
    | { filed: false; because: 'appeal-pending'; appealId: number }
  >;
  getAppeal(id: number): Promise<StoredAppeal | null>;
  listAppeals(filter: { status: AppealStatus | null; limit: number }): Promise<StoredAppeal[]>;
  /**
   * In one transaction (the appeal row locked): records a decision on a pending appeal and
   * dismisses, when upheld, the address's community reports filed until now (they stop counting).
   * `community` null (the operator): every community's reports, and the appeal's status is the
   * outcome. With `community`: only the reports filed there, recorded as that community's decision
   * (once per community); the appeal's status changes only when no community with disputed
   * reports is left undecided: upheld when none of them counts any more, else rejected.
   * `disputes`: the reports it decided on (as they were before); `dismissedReports`: how many this
   * decision dismissed. `decided: false` when the appeal was decided already (`current`), this
   * community decided it already (`earlier`), or (`current` null) it is unknown or, with
   * `community`, disputes no report filed there.
   */
  decide(
    id: number,
    decision: { outcome: AppealOutcome; note: string | null; decidedBy: string; community: string | null },
  ): Promise<
    | {
        decided: true;
        appeal: StoredAppeal;
        disputes: StoredReport[];
        dismissedReports: number;
        decidedAt: Date;
      }
    | { decided: false; current: StoredAppeal | null; earlier: CommunityAppealDecision | null }
  >;
}

/**
 * Wallet message signatures (src/chain/ownership): EIP-191 for EVM, BIP-322 or BIP-137 for
 * Bitcoin, signMessageV2 for TRON, ed25519 for Solana, chosen by the address's chain. The core
 * has already checked the address, the message and the signature's length; the verifier checks
 * the signature itself. Never throws for bad input: that is an `invalid-signature` error.
 */
export interface SignatureVerifier {
  verify(proof: {
    address: ParsedAddress & { chain: OwnershipChain };
    message: string;
    signature: string;
  }): Promise<SignatureCheck>;
}

export interface ChainFacts {
  /**
   * Facts for this address, `null` when no node is configured for its chain. Never throws, never
   * exceeds its timeout. With a `budget`, a call that would ask the node first takes one lookup
   * from it, and answers `unavailableBecause: 'skipped'` when none is left (cached facts are free).
   */
  factsFor(address: ParsedAddress, budget?: LookupBudget): Promise<OnchainFacts | null>;
}

/** The on-chain lookups one request (a batch, a message) may still make; shared by its screens. */
export interface LookupBudget {
  /** true, and one lookup fewer, while any is left. */
  take(): boolean;
}

/** Watches (use-cases/watch.ts): who watches which address, and where the alerts go. */
export interface WatchStore {
  /**
   * Adds the watch unless its owner already watches that address or already has `max` watches;
   * the count and the write happen under one per-owner lock, so parallel requests cannot pass it.
   */
  addWatch(
    watch: Omit<Watch, 'id' | 'createdAt'>,
    secret: string | null,
    max: number,
  ): Promise<
    | { added: true; watch: Watch }
    | { added: false; reason: 'duplicate'; existing: Watch }
    | { added: false; reason: 'limit'; count: number }
  >;
  /** Removes the owner's watch with this id or on this address key; resolves the removed one. */
  removeWatch(owner: string, target: { id: string } | { addressKey: string }): Promise<Watch | null>;
  listWatches(owner: string): Promise<Watch[]>;
  getWatch(owner: string, id: string): Promise<Watch | null>;
  /** Every watch on any of these address keys (any owner). */
  watchesOn(addressKeys: readonly string[]): Promise<Watch[]>;
  /** The address keys watched on a chain, each once: what a block source matches against. */
  watchedKeys(chain: Chain): Promise<string[]>;
}

/** Alerts and their delivery (the outbox): each (watch, event key) once. */
export interface WatchAlertStore {
  /**
   * Stores each alert unless that watch already has one with that key; resolves how many were new.
   * `skipped` records an event as seen without delivering it (what was already true when a watch began).
   */
  record(
    alerts: ReadonlyArray<{
      watchId: string;
      key: string;
      event: WatchEvent;
      status?: 'pending' | 'skipped';
    }>,
  ): Promise<number>;
  /**
   * Claims up to `limit` pending alerts whose next attempt is due, oldest first, with the watch's
   * webhook secret: in one statement their next attempt moves to `leaseUntil`, so no other deliverer
   * takes them meanwhile (rows another one is claiming are skipped, not waited for), and a deliverer
   * that dies before recording them leaves them due again at `leaseUntil`.
   */
  claim(
    now: Date,
    limit: number,
    leaseUntil: Date,
  ): Promise<Array<WatchAlert & { attempts: number; secret: string | null }>>;
  /** Gives claimed alerts back, due at `at` (held by the chat's rate, or the claim ran short). */
  release(ids: readonly number[], at: Date): Promise<void>;
  /** Alerts delivered to this chat since `since` (digests count as one each): the per-chat rate. */
  deliveredSince(destination: WatchDestination, since: Date): Promise<number>;
  markDelivered(ids: readonly number[], status: 'delivered' | 'digested', at: Date): Promise<void>;
  markFailed(id: number, error: string, nextAttemptAt: Date | null, at: Date): Promise<void>;
  deliveries(watchId: string, limit: number): Promise<WatchDelivery[]>;
}

/** How far the poller has read each chain (`evm:1`, `bitcoin`), kept across restarts. */
export interface ChainCursorStore {
  get(source: string): Promise<{ height: number; hash: string } | null>;
  set(source: string, height: number, hash: string): Promise<void>;
}

/** New blocks of one chain (src/chain): an EVM node, an Esplora server. Failures throw. */
export interface BlockSource {
  /** `evm:<chainId>` or `bitcoin`: the cursor's name. */
  readonly id: string;
  readonly chain: Chain;
  /** The newest block's height. */
  tip(): Promise<number>;
  /** The hash of the block at `height` on the node's chain now, or null past the tip. */
  blockHash(height: number): Promise<string | null>;
  /**
   * Transfers in blocks `from`..`to` (inclusive) that touch any of `watched` (address keys), and the
   * hash of block `to` as read. Never includes a log the node marked `removed`; throws when the
   * blocks changed while they were read (a reorg), so the caller reads them again.
   */
  transfers(
    from: number,
    to: number,
    watched: ReadonlySet<string>,
  ): Promise<{ transfers: ObservedTransfer[]; toHash: string }>;
}

/** Sends alerts to one kind of destination (Telegram, Discord, webhooks). Never throws for a refusal. */
export interface AlertChannel {
  send(alert: WatchAlert, secret: string | null): Promise<DeliveryOutcome>;
  /** One message standing for many alerts to one chat (past the per-chat rate). */
  sendDigest?(destination: WatchDestination, alerts: readonly WatchAlert[]): Promise<DeliveryOutcome>;
}

/**
 * Address histories for tracing (exposure): an EVM node, an Esplora server, TronGrid. Calls reject
 * on failure (a dead node, an answer past CHAIN_TIMEOUT_MS, an abort of `signal`); the trace turns
 * every rejection into `complete: false`, never an error.
 */
export interface ChainHistory {
  /** What answers for this chain (`evm:1 trace_filter`, `esplora`, `trongrid`), or null when nothing does. */
  sourceFor(chain: Chain): string | null;
  /** The chain's head (a block height), for the cache key. */
  head(chain: Chain, signal: AbortSignal): Promise<string>;
  /** The address's transfers (native value and tokens), newest first, from its `maxTx` most recent transactions. */
  history(
    address: Pick<ParsedAddress, 'chain' | 'key'>,
    options: { maxTx: number; signal: AbortSignal },
  ): Promise<AddressHistory>;
}

/** Storage for tracing: who the counterparties are, and the traces read before (by chain head). */
export interface ExposureStore {
  /** List hits and active reports of each key that has any (one round trip); others are absent. */
  flagsFor(keys: readonly string[]): Promise<Map<string, CounterpartyFlags>>;
  /** The graph read for this address, hops and head, or null. */
  cachedTrace(key: string, chain: Chain, hops: TraceHops, head: string): Promise<TraceGraph | null>;
  /** Keeps the graph for this address and hops (replacing the one of an older head). */
  rememberTrace(key: string, chain: Chain, graph: TraceGraph): Promise<void>;
}
