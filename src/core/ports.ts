/**
 * Ports: the small interfaces the core needs from the outside world. `src/store` implements the
 * storage ones on drizzle (PGlite or postgres.js), `src/chain` the on-chain one. The core never
 * imports an implementation; `src/main.ts` wires them.
 */
import type { Chain, OnchainFacts, ParsedAddress, ReportCategory, ReportSource, RiskLevel } from './types.js';

/** `active` reports count towards the level; `review` ones (against an allowlisted address) wait for a moderator. */
export type ReportStatus = 'active' | 'review';

export interface NewReport {
  address: ParsedAddress;
  category: ReportCategory;
  note: string | null;
  evidence: string | null;
  /** `platform:user id`, e.g. `telegram:12345`, `discord:8012...`, `cli:alice`, `api:key-id`. */
  reporter: string;
  source: ReportSource;
  /** `telegram:<chat id>` or `discord:<guild id>` when filed inside a community. */
  community: string | null;
  /** Moderator id (`platform:user id`) when a moderator verified or filed it. */
  verifiedBy: string | null;
  status: ReportStatus;
}

export interface StoredReport {
  id: number;
  addressKey: string;
  address: string;
  chain: Chain;
  category: ReportCategory;
  note: string | null;
  evidence: string | null;
  reporter: string;
  source: ReportSource;
  community: string | null;
  verifiedBy: string | null;
  status: ReportStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReportStats {
  /** Active reports (one per reporter, so also the number of distinct reporters). */
  total: number;
  verified: number;
  categories: Partial<Record<ReportCategory, number>>;
  underReview: number;
  firstAt: Date | null;
  latestAt: Date | null;
}

export type ListKind = 'sanctions' | 'scam' | 'allow';

/**
 * Where the stored edition of a list came from: the snapshot shipped with the service (`data/`),
 * an operator's `chainwarden import`, or the scheduled refresh from the publisher.
 */
export type ListOrigin = 'bundled' | 'imported' | 'refreshed';

/** One imported list: OFAC SDN, a scam list, an allowlist. */
export interface ListMeta {
  /** Short stable name shown to users: `ofac-sdn`, `mew-darklist`, `exchange-wallets`. */
  source: string;
  kind: ListKind;
  /** The publisher's date of this edition (YYYY-MM-DD), or the import date when it has none. */
  listDate: string;
  /** Default category for scam-list entries without one. */
  category?: ReportCategory | null;
  /** `imported` when absent. */
  origin?: ListOrigin;
}

/** A stored list as `listSources` reports it. */
export interface ListEdition extends ListMeta {
  origin: ListOrigin;
  count: number;
  importedAt: Date;
}

export interface ListEntry {
  /** Normalised key (ParsedAddress.key), or the verbatim string for chains the core does not parse. */
  key: string;
  chain: Chain;
  display: string;
  /** Human label: `Binance 14`, a comment from the list. */
  label: string | null;
  category: ReportCategory | null;
  /** Sanctions: the SDN entity name and program. */
  entity: string | null;
  program: string | null;
  /** Per-entry listing date (YYYY-MM-DD) when the list gives one. */
  listedAt: string | null;
}

export interface ListHit {
  kind: ListKind;
  source: string;
  listDate: string;
  label: string | null;
  category: ReportCategory | null;
  entity: string | null;
  program: string | null;
  listedAt: string | null;
  /** The list edition's origin; `imported` when absent. */
  origin?: ListOrigin;
}

/** Where a look-alike candidate is known from. */
export type LookalikeOrigin = 'allow' | 'sanctions' | 'scam' | 'report' | 'community';

export interface LookalikeCandidate {
  key: string;
  address: string;
  chain: Chain;
  label: string | null;
  origin: LookalikeOrigin;
  /** List name for list origins, community id for community, `community reports` for reports. */
  source: string;
  /** Community origin: when it was first seen there (ISO time). */
  firstSeen?: string | null;
  /**
   * Community origin: true when it first appeared there after the screened address did, so it is
   * likelier the copy than the original (set by the core).
   */
  newerThanScreened?: boolean;
}

/** The indexed look-alike probe: same chain, same first and last characters (4 each in the index). */
export interface LookalikeProbe {
  chain: Chain;
  prefix: string;
  suffix: string;
}

export interface ScreeningSignals {
  listHits: ListHit[];
  reports: ReportStats;
  lookalikes: LookalikeCandidate[];
  /** When the screened address was first seen in the asking community; null when never or no community. */
  firstSeenHere: Date | null;
  /** The oldest sanctions list held, when known: a summary says when sanctions data is old. */
  sanctionsList?: SanctionsListEdition | null;
}

export interface SanctionsListEdition {
  source: string;
  listDate: string;
  origin: ListOrigin;
}

/** Everything a screen needs from storage, fetched in one round trip. */
export interface ScreeningStore {
  signalsFor(
    address: ParsedAddress,
    options: { lookalike: LookalikeProbe | null; community: string | null },
  ): Promise<ScreeningSignals>;
  /** Remember that a community screened or reported this address (look-alike candidates per community). */
  noteCommunityAddress(
    community: string,
    address: ParsedAddress,
    probe: LookalikeProbe | null,
  ): Promise<void>;
}

/** At most `max` unverified reports per reporter in any `windowSeconds`. */
export interface ReporterLimit {
  max: number;
  windowSeconds: number;
}

export type SaveReportResult =
  | { saved: true; report: StoredReport; created: boolean }
  | { saved: false; recent: number; retryAfterSeconds: number };

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
}

export interface ListStore {
  hitsFor(addressKey: string): Promise<ListHit[]>;
  /** Which of these strings are on any imported list, verbatim (one query). */
  listedKeys(candidates: string[]): Promise<string[]>;
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

export const SCAN_MODES = ['off', 'warn', 'delete'] as const;
export type ScanMode = (typeof SCAN_MODES)[number];

/** Levels a community may choose as the trigger for scanning actions. */
export const SCAN_TRIGGER_LEVELS = ['medium', 'high', 'severe'] as const satisfies ReadonlyArray<RiskLevel>;

export interface CommunitySettings {
  scanMode: ScanMode;
  /** Lowest level that triggers scanning actions. */
  minLevel: (typeof SCAN_TRIGGER_LEVELS)[number];
  /** Discord: channel id of the mod-log. */
  modLogChannel: string | null;
}

export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = {
  scanMode: 'warn',
  minLevel: 'high',
  modLogChannel: null,
};

export interface SettingsStore {
  get(community: string): Promise<CommunitySettings>;
  update(community: string, patch: Partial<CommunitySettings>): Promise<CommunitySettings>;
}

export interface ModerationAction {
  community: string;
  /** `platform:user id` of the moderator, or `system` for auto-moderation. */
  actor: string;
  action: 'flag' | 'delete-message' | 'timeout' | 'auto-warn' | 'auto-delete' | 'settings';
  /** What it acted on: message id, user id, address. */
  target: string;
  details: Record<string, unknown>;
}

export interface ModerationLog {
  record(action: ModerationAction): Promise<{ id: number; at: Date }>;
  recent(community: string, limit: number): Promise<Array<ModerationAction & { id: number; at: Date }>>;
}

export interface ChainFacts {
  /** Facts for this address, `null` when no node is configured for its chain. Never throws, never exceeds its timeout. */
  factsFor(address: ParsedAddress): Promise<OnchainFacts | null>;
}
