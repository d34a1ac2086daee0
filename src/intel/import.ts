/**
 * Importers: read a file, then replace that list in storage in one transaction
 * (`ListStore.replaceList`). A file that fails half-way leaves the previous edition in place.
 */
import type { ListEntry, ListKind, ListMeta, ListOrigin, ListStore, ReportCategory } from '../core/index.js';
import { IntelFileError } from './errors.js';
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

/** An OFAC edition that lists this much less than the stored one is refused unless forced. */
export const MAX_OFAC_SHRINK = 0.2;

export interface OfacImportOptions extends ImportProgress {
  /** Store an edition even when it lists no address or much less than the stored one. */
  force?: boolean;
}

/**
 * Replace the `ofac-sdn` list with the addresses in an OFAC SDN file (XML, legacy or advanced, or
 * zip). A well-formed file that lists no address, or more than a fifth fewer than the stored edition,
 * is refused (IntelFileError) and the stored edition kept: a cut-short or empty publication must not
 * turn every sanctioned address clean.
 */
export async function importOfac(
  path: string,
  lists: ListStore,
  options: OfacImportOptions = {},
): Promise<OfacImportResult> {
  // The bundled snapshot is pieced together from older lists: a real OFAC edition replaces it
  // whatever its size (an empty one is still refused).
  const edition = (await lists.listSources()).find((list) => list.source === OFAC_SOURCE);
  const stored = options.force || !edition || edition.origin === 'bundled' ? null : edition.count;
  const reader = readOfacSdn(path);
  const summary = await reader.summary;
  const meta: ListMeta = {
    source: OFAC_SOURCE,
    kind: 'sanctions',
    listDate: summary.listDate,
    origin: options.origin ?? 'imported',
  };
  const batches = withProgress(reader.batches, options.onProgress);
  const { count } = await lists.replaceList(
    meta,
    options.force ? batches : refuseShrunk(batches, path, stored),
  );
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

/**
 * Passes the batches through, then throws (inside the list store's transaction, so nothing is
 * replaced) when the edition lists no address or shrank by more than MAX_OFAC_SHRINK.
 */
async function* refuseShrunk(
  batches: AsyncIterable<ListEntry[]>,
  path: string,
  stored: number | null,
): AsyncGenerator<ListEntry[]> {
  let total = 0;
  for await (const batch of batches) {
    total += batch.length;
    yield batch;
  }
  const force = 'pass --force to store it anyway (chainwarden import ofac FILE --force)';
  if (total === 0) {
    throw new IntelFileError(
      path,
      'lists no digital-currency address; the stored edition is kept',
      `every OFAC SDN edition lists some: check the file, or ${force}`,
    );
  }
  if (stored !== null && total < stored * (1 - MAX_OFAC_SHRINK)) {
    const drop = Math.round((1 - total / stored) * 100);
    throw new IntelFileError(
      path,
      `lists ${total} addresses, ${drop}% fewer than the ${stored} stored; the stored edition is kept`,
      `an edition that drops more than ${MAX_OFAC_SHRINK * 100}% may be cut short: if the delistings are real, ${force}`,
    );
  }
}
