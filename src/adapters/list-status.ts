/**
 * What `chainwarden lists` and `GET /v1/lists` show for each stored list: its edition, where it came
 * from (bundled snapshot, an operator's import, the scheduled refresh), its size and its age, plus
 * one warning when the sanctions data is old enough to miss later designations.
 */
import { type ListEdition, listAgeDays, STALE_SANCTIONS_DAYS, staleSanctionsText } from '../core/index.js';

export interface ListStatus {
  source: string;
  kind: ListEdition['kind'];
  /** The publisher's date of this edition (YYYY-MM-DD). */
  listDate: string;
  origin: ListEdition['origin'];
  /** Addresses stored. */
  count: number;
  /** When this edition was stored (ISO time). */
  importedAt: string;
  /** Whole days since `listDate`. */
  ageDays: number;
}

export interface ListsReport {
  lists: ListStatus[];
  /** Set when a sanctions list is older than STALE_SANCTIONS_DAYS: how old, and how to refresh. */
  warning: string | null;
}

export function listsReport(editions: ListEdition[], now: Date): ListsReport {
  const lists = editions.map((edition) => ({
    source: edition.source,
    kind: edition.kind,
    listDate: edition.listDate,
    origin: edition.origin,
    count: edition.count,
    importedAt: edition.importedAt.toISOString(),
    ageDays: listAgeDays(edition.listDate, now),
  }));
  const oldest = lists
    .filter((list) => list.kind === 'sanctions')
    .reduce<ListStatus | null>((old, list) => (old && old.ageDays >= list.ageDays ? old : list), null);
  return {
    lists,
    warning: oldest && oldest.ageDays > STALE_SANCTIONS_DAYS ? staleSanctionsText(oldest.ageDays) : null,
  };
}
