/**
 * Scam and allow lists from files: JSON arrays (MyEtherWallet ethereum-lists darklist/lightlist
 * shape `[{address, comment, date}]`), plain text (one address a line, `#` comments) and CSV with
 * a header naming an address column (Forta, EtherScamDB). Bad rows are collected with their line
 * numbers; they never abort an import. Duplicate addresses (any letter case) merge: first row wins.
 * Every label and rejected input passes `humanText`: list files are third-party text that ends up
 * in terminals and chats.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { ListEntry, ReportCategory } from '../core/index.js';
import { csvRecords } from './csv.js';
import { IntelFileError } from './errors.js';
import { humanText, isoDate, listedAddress, reportCategory } from './normalise.js';

export const LIST_BATCH_SIZE = 1000;

/**
 * JSON lists are parsed whole (JSON.parse needs the full text). 64 MB is ~100x the largest public
 * list seen (MEW darklist ~100 KB); bigger lists should come as text or CSV, which stream.
 */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

export type ListFormat = 'json' | 'text' | 'csv';

export interface InvalidRow {
  /** 1-based line in the file (for JSON: the line where the array element starts). */
  line: number;
  input: string;
  reason: string;
}

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

type Row =
  | {
      line: number;
      address: string;
      label: string | null;
      category: ReportCategory | null;
      listedAt: string | null;
    }
  /** A row that could not even be split into fields (a CSV record with an unclosed quote). */
  | { line: number; unreadable: { input: string; reason: string } };

export function readListFile(path: string, options: ReadListFileOptions = {}): ListFileReader {
  const invalid: InvalidRow[] = [];
  const warnings: string[] = [];
  const stats: ListFileStats = { format: null, rows: 0, accepted: 0, duplicates: 0 };

  async function* entries(): AsyncGenerator<ListEntry[]> {
    const format = options.format ?? (await sniffFormat(path));
    stats.format = format;
    const rows =
      format === 'json' ? jsonRows(path, invalid) : format === 'csv' ? csvRows(path) : textRows(path);
    const seen = new Set<string>();
    let batch: ListEntry[] = [];
    for await (const row of rows) {
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
    if (batch.length > 0) yield batch;
    // An error page or a file of junk must not replace a good list with an empty one.
    if (stats.accepted === 0) {
      throw new IntelFileError(
        path,
        stats.rows === 0
          ? 'this list holds no addresses'
          : `none of its ${stats.rows} rows is a valid address`,
        'Check the file: one address a line, a JSON array of {address}, or a CSV with an "address" column.',
      );
    }
  }

  return { batches: { [Symbol.asyncIterator]: entries }, invalid, warnings, stats };
}

/** A rejected input as shown back to the person importing: printable and short. */
function shownInput(input: string): string {
  return humanText(input) ?? '';
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

async function* lines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  // crlfDelay: Infinity treats \r\n as one line break, so Windows files keep their line numbers.
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    yield* reader;
  } finally {
    // Storage may stop reading early (a failed insert): release the file either way.
    reader.close();
    input.destroy();
  }
}

/** One address a line; `#` starts a comment, which becomes the label when it follows an address. */
async function* textRows(path: string): AsyncGenerator<Row> {
  let line = 0;
  for await (const raw of lines(path)) {
    line += 1;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    const hash = text.indexOf('#');
    const content = (hash === -1 ? text : text.slice(0, hash)).trim();
    if (!content) continue;
    const [address = '', ...rest] = content.split(/\s+/);
    const label = (hash === -1 ? rest.join(' ') : text.slice(hash + 1)).trim() || null;
    yield { line, address, label, category: null, listedAt: null };
  }
}

const ADDRESS_COLUMNS = ['address', 'contract_address', 'banned_address', 'wallet_address', 'wallet', 'addr'];
const LABEL_COLUMNS = [
  'label',
  'name',
  'comment',
  'wallet_tag',
  'etherscan_tag',
  'contract_tag',
  'tag',
  'description',
  'note',
];
const CATEGORY_COLUMNS = ['category', 'etherscan_labels', 'data_source', 'labels'];
const DATE_COLUMNS = ['date', 'listed_at', 'date_added', 'created_at'];

function pickColumn(header: string[], names: readonly string[]): number {
  for (const name of names) {
    const index = header.indexOf(name);
    if (index !== -1) return index;
  }
  return -1;
}

async function* csvRows(path: string): AsyncGenerator<Row> {
  let columns: { address: number; label: number; category: number; date: number } | null = null;
  for await (const record of csvRecords(lines(path))) {
    if (!record.ok) {
      // Without a header there is no telling which column holds the address.
      if (!columns) {
        throw new IntelFileError(
          path,
          `the CSV header on line ${record.line} cannot be read (${record.reason})`,
          'Fix the quotes in the header line.',
        );
      }
      yield { line: record.line, unreadable: { input: record.input, reason: record.reason } };
      continue;
    }
    const fields = record.fields.map((field, index) =>
      (record.line === 1 && index === 0 ? field.replace(/^\uFEFF/, '') : field).trim(),
    );
    if (fields.every((field) => field === '')) continue;
    if (!columns) {
      const header = fields.map((field) => field.toLowerCase());
      const address = pickColumn(header, ADDRESS_COLUMNS);
      const found = {
        address,
        label: pickColumn(header, LABEL_COLUMNS),
        category: pickColumn(header, CATEGORY_COLUMNS),
        date: pickColumn(header, DATE_COLUMNS),
      };
      if (address !== -1) {
        columns = found;
        continue;
      }
      // No header at all: a first field that is an address means address-first rows.
      if (listedAddress(fields[0] ?? '').ok) {
        columns = { address: 0, label: fields.length > 1 ? 1 : -1, category: -1, date: -1 };
      } else {
        throw new IntelFileError(
          path,
          `no address column in the CSV header (${humanText(fields.join(', ')) ?? ''})`,
          `Name the column one of: ${ADDRESS_COLUMNS.join(', ')}.`,
        );
      }
    }
    const cell = (index: number) => (index === -1 ? null : fields[index] || null);
    yield {
      line: record.line,
      address: cell(columns.address) ?? '',
      label: cell(columns.label),
      category: reportCategory(cell(columns.category)),
      listedAt: isoDate(cell(columns.date)),
    };
  }
}

async function* jsonRows(path: string, invalid: InvalidRow[]): AsyncGenerator<Row> {
  const { size } = await stat(path);
  if (size > MAX_JSON_BYTES) {
    throw new IntelFileError(
      path,
      `this JSON list is ${Math.round(size / 1024 / 1024)} MB; JSON lists are read whole, up to ${MAX_JSON_BYTES / 1024 / 1024} MB`,
      'Convert it to a text list (one address a line) or CSV, which are streamed.',
    );
  }
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new IntelFileError(path, 'this is not valid JSON', 'Check the file; it may be truncated.', {
      cause,
    });
  }
  if (!Array.isArray(data)) {
    throw new IntelFileError(
      path,
      'this JSON is not an array',
      'Use an array of addresses or of {"address", "comment", "date"} objects.',
    );
  }
  const elementLines = arrayElementLines(text);
  for (const [index, element] of data.entries()) {
    const line = elementLines[index] ?? index + 1;
    if (typeof element === 'string') {
      yield { line, address: element.trim(), label: null, category: null, listedAt: null };
      continue;
    }
    if (typeof element !== 'object' || element === null) {
      invalid.push({
        line,
        input: shownInput(JSON.stringify(element)),
        reason: 'not an address or an {address} object',
      });
      continue;
    }
    const record = element as Record<string, unknown>;
    const field = (...names: string[]) => {
      for (const name of names) {
        const value = record[name];
        if (typeof value === 'string' && value.trim()) return value.trim();
      }
      return null;
    };
    const address = field('address', 'contract_address', 'addr');
    if (!address) {
      invalid.push({ line, input: shownInput(JSON.stringify(element)), reason: 'no "address" field' });
      continue;
    }
    yield {
      line,
      address,
      label: field('comment', 'label', 'name', 'description'),
      category: reportCategory(field('category')),
      listedAt: isoDate(field('date')),
    };
  }
}

/** Line (1-based) where each top-level array element starts; JSON.parse keeps no positions. */
function arrayElementLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\n') line += 1;
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    if (depth === 1 && expectElement) {
      starts.push(line);
      expectElement = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth += 1;
      if (depth === 1) expectElement = true;
    } else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 1) expectElement = true;
  }
  return starts;
}
