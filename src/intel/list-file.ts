/**
 * Scam and allow lists from files: JSON arrays (MyEtherWallet ethereum-lists darklist/lightlist
 * shape `[{address, comment, date}]`, `list-json.ts`), plain text (one address a line, `#`
 * comments, `list-text.ts`) and CSV with a header naming an address column (Forta, EtherScamDB,
 * `list-csv.ts`). This file picks the reader (by extension, else by the first bytes) and turns
 * its rows into entries. Bad rows are collected with their line numbers; they never abort an
 * import. Duplicate addresses (any letter case) merge: first row wins. Every label and rejected
 * input passes `humanText`: list files are third-party text that ends up in terminals and chats.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ListEntry } from '../core/index.js';
import { IntelFileError } from './errors.js';
import { csvRows } from './list-csv.js';
import { jsonRows } from './list-json.js';
import { type InvalidRow, type Row, shownInput } from './list-rows.js';
import { textRows } from './list-text.js';
import { humanText, listedAddress } from './normalise.js';

export { MAX_JSON_BYTES } from './list-json.js';
export type { InvalidRow } from './list-rows.js';

export const LIST_BATCH_SIZE = 1000;

export type ListFormat = 'json' | 'text' | 'csv';

export interface ListFileStats {
  /** Set once reading starts: the given format or the sniffed one. */
  format: ListFormat | null;
  /** Rows that carried an address field (comments and blank lines excluded). */
  rows: number;
  /** Distinct addresses produced. */
  accepted: number;
  /** Rows whose address was already produced earlier in the file. */
  duplicates: number;
}

export interface ListFileReader {
  /** Entries in batches of 1000. Reading the file happens while these are consumed. */
  batches: AsyncIterable<ListEntry[]>;
  /** Filled while `batches` is consumed; complete once it is done. */
  invalid: InvalidRow[];
  /** Rows accepted with a caveat (e.g. a wrong EIP-55 checksum), with their line numbers. */
  warnings: string[];
  stats: ListFileStats;
}

export interface ReadListFileOptions {
  /** Sniffed from the extension (.json, .csv, .txt/.list) or the content when absent. */
  format?: ListFormat;
}

export function readListFile(path: string, options: ReadListFileOptions = {}): ListFileReader {
  const invalid: InvalidRow[] = [];
  const warnings: string[] = [];
  const stats: ListFileStats = { format: null, rows: 0, accepted: 0, duplicates: 0 };

  async function* entries(): AsyncGenerator<ListEntry[]> {
    const format = options.format ?? (await sniffFormat(path));
    stats.format = format;
    const rowBatches =
      format === 'json'
        ? inBatches(jsonRows(path, invalid))
        : format === 'csv'
          ? inBatches(csvRows(path))
          : textRows(path);
    const seen = new Set<string>();
    let batch: ListEntry[] = [];
    for await (const rows of rowBatches) {
      for (const row of rows) {
        stats.rows += 1;
        if ('unreadable' in row) {
          invalid.push({
            line: row.line,
            input: shownInput(row.unreadable.input),
            reason: row.unreadable.reason,
          });
          continue;
        }
        const parsed = listedAddress(row.address);
        if (!parsed.ok) {
          invalid.push({ line: row.line, input: shownInput(row.address), reason: parsed.reason });
          continue;
        }
        if (parsed.warning) warnings.push(`line ${row.line}: ${parsed.warning}`);
        const address = parsed.value;
        if (seen.has(address.key)) {
          stats.duplicates += 1;
          continue;
        }
        seen.add(address.key);
        stats.accepted += 1;
        batch.push({
          key: address.key,
          chain: address.chain,
          display: address.display,
          label: humanText(row.label),
          category: row.category,
          entity: null,
          program: null,
          listedAt: row.listedAt,
        });
        if (batch.length >= LIST_BATCH_SIZE) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
    // An error page or a file of junk must not replace a good list with an empty one.
    if (stats.accepted === 0) {
      throw new IntelFileError(
        path,
        stats.rows === 0
          ? 'this list holds no addresses'
          : `none of its ${stats.rows} rows is a valid address${invalid[0] ? `; line ${invalid[0].line}: ${invalid[0].reason}` : ''}`,
        'Check the file: one address a line, a JSON array of {address}, or a CSV with an "address" column.',
      );
    }
  }

  return { batches: { [Symbol.asyncIterator]: entries }, invalid, warnings, stats };
}

/** Rows a reader yields one at a time, handed on in batches (text lists come in batches already). */
async function* inBatches(rows: AsyncIterable<Row>): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= LIST_BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function sniffFormat(path: string): Promise<ListFormat> {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.csv') return 'csv';
  if (extension === '.txt' || extension === '.list') return 'text';
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const trimmed = text.trimStart();
    if (trimmed.startsWith('[')) return 'json';
    const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
    return !firstLine.startsWith('#') && firstLine.includes(',') ? 'csv' : 'text';
  } finally {
    await handle.close();
  }
}
