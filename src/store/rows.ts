/**
 * Raw SQL rows read by more than one store (the screening union, the exposure flags, the list
 * index), made into the core's records in one place.
 */
import type { ListHit, ListOrigin, ReportCategory } from '../core/index.js';

/** The columns of a `list_entries` row joined to its `list_sources` row, as raw SQL names them. */
export interface ListHitRow {
  kind: string | null;
  source: string | null;
  list_date: string | null;
  label: string | null;
  category: string | null;
  entity: string | null;
  program: string | null;
  listed_at: string | null;
  origin: string | null;
}

export function listHitOf(row: ListHitRow): ListHit {
  return {
    kind: row.kind as ListHit['kind'],
    source: row.source ?? '',
    listDate: row.list_date ?? '',
    label: row.label,
    category: row.category as ReportCategory | null,
    entity: row.entity,
    program: row.program,
    listedAt: row.listed_at,
    origin: (row.origin ?? 'imported') as ListOrigin,
  };
}

/**
 * A `report_tallies.categories` value (jsonb: an object from postgres.js, text from PGlite's
 * prepared statements) as a new object: the row may be a cached one, shared with other screens.
 */
export function tallyCategories(
  value: Record<string, number> | string | null,
): Partial<Record<ReportCategory, number>> {
  return typeof value === 'string' ? JSON.parse(value) : { ...value };
}
