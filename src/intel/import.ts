/**
 * Importers: read a file, then replace that list in storage in one transaction
 * (`ListStore.replaceList`). A file that fails half-way leaves the previous edition in place.
 */
import type { ListEntry, ListKind, ListMeta, ListOrigin, ListStore, ReportCategory } from '../core/index.js';
import { type InvalidRow, type ListFormat, readListFile } from './list-file.js';
import { today } from './normalise.js';
import { type OfacFormat, readOfacSdn } from './ofac.js';

export const OFAC_SOURCE = 'ofac-sdn';

export interface ImportProgress {
  /** Called after each stored batch with the number of entries handed to storage so far. */
  onProgress?(entries: number): void;
  /** `imported` (the CLI) unless the scheduled refresh says `refreshed`. */
  origin?: ListOrigin;
}

export interface OfacImportResult {
  source: typeof OFAC_SOURCE;
  listDate: string;
  /** Entries stored (distinct addresses). */
  count: number;
  warnings: string[];
  format: OfacFormat;
  /** Parties (sdnEntry / DistinctParty) read, with or without addresses. */
  parties: number;
}

/** Replace the `ofac-sdn` list with the addresses in an OFAC SDN file (XML, legacy or advanced, or zip). */
export async function importOfac(
  path: string,
  lists: ListStore,
  options: ImportProgress = {},
): Promise<OfacImportResult> {
  const reader = readOfacSdn(path);
  const summary = await reader.summary;
  const meta: ListMeta = {
    source: OFAC_SOURCE,
    kind: 'sanctions',
    listDate: summary.listDate,
    origin: options.origin ?? 'imported',
  };
  const { count } = await lists.replaceList(meta, withProgress(reader.batches, options.onProgress));
  return {
    source: OFAC_SOURCE,
    listDate: summary.listDate,
    count,
    warnings: summary.warnings,
    format: summary.format,
    parties: summary.parties,
  };
}

export interface ListImportOptions extends ImportProgress {
  /** Short stable name shown to users, e.g. `mew-darklist`. */
  source: string;
  kind: Exclude<ListKind, 'sanctions'>;
  /** Default category for entries whose row names none (scam lists). */
  category?: ReportCategory | null;
  /** The publisher's date of this edition; the import date when absent. */
  listDate?: string;
  format?: ListFormat;
}

export interface ListImportResult {
  source: string;
  listDate: string;
  /** Entries stored (distinct addresses). */
  count: number;
  /** Rows read that carried an address. */
  rows: number;
  duplicates: number;
  invalid: InvalidRow[];
  warnings: string[];
}

/** Replace the list `options.source` with the addresses in a JSON, text or CSV file. */
export async function importList(
  path: string,
  lists: ListStore,
  options: ListImportOptions,
): Promise<ListImportResult> {
  const listDate = options.listDate ?? today();
  const reader = readListFile(path, options.format ? { format: options.format } : {});
  const meta: ListMeta = {
    source: options.source,
    kind: options.kind,
    listDate,
    category: options.kind === 'scam' ? (options.category ?? null) : null,
    origin: options.origin ?? 'imported',
  };
  // An allowlist says "known good": a category from its file would read as an accusation.
  const batches =
    options.kind === 'allow'
      ? mapBatches(reader.batches, (entry) => ({ ...entry, category: null }))
      : reader.batches;
  const { count } = await lists.replaceList(meta, withProgress(batches, options.onProgress));
  return {
    source: options.source,
    listDate,
    count,
    rows: reader.stats.rows,
    duplicates: reader.stats.duplicates,
    invalid: reader.invalid,
    warnings: reader.warnings,
  };
}

async function* withProgress(
  batches: AsyncIterable<ListEntry[]>,
  onProgress: ((entries: number) => void) | undefined,
): AsyncGenerator<ListEntry[]> {
  let total = 0;
  for await (const batch of batches) {
    yield batch;
    // After the yield: storage has taken the batch when it asks for the next one.
    total += batch.length;
    onProgress?.(total);
  }
}

async function* mapBatches(
  batches: AsyncIterable<ListEntry[]>,
  map: (entry: ListEntry) => ListEntry,
): AsyncGenerator<ListEntry[]> {
  for await (const batch of batches) yield batch.map(map);
}
