/**
 * Imported lists (OFAC SDN, public scam lists, allowlists): what one list is, one entry of it, and
 * a hit when a screened address is on one.
 */
import type { Chain, ReportCategory } from './types.js';

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
