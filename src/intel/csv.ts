/**
 * RFC 4180 records from a stream of lines: quoted fields may hold commas, doubled quotes and line
 * breaks (a record then spans several lines and keeps the number of its first line). csv-parse
 * reads the fields; this file adds line numbers and the recovery from a stray quote.
 *
 * A quoted field is bounded (`MAX_QUOTED_LINES` lines, `MAX_QUOTED_CHARS` characters): a list's
 * labels never need more, and past that the quote is taken for a stray one. The record's first
 * line is then reported invalid and reading resumes at the line after it, so one bad row cannot
 * swallow the rest of a list. csv-parse cannot resume there (it stops, or skips the whole
 * swallowed record), so lines go to it in batches, and a batch is parsed again from the line after
 * a stray quote. Without stray quotes each line is parsed once (twice if a batch ends inside a
 * quoted field). Text after a closing quote (`"a"b`) is kept verbatim, as csv-parse's
 * `relax_quotes` does.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { OVERLONG_REASON, type OverlongLine } from './list-rows.js';

/** Lines a quoted field may span before its opening quote is taken for a stray one. */
export const MAX_QUOTED_LINES = 100;
/** Characters (64 KiB) a record with an open quoted field may hold before the same happens. */
export const MAX_QUOTED_CHARS = 64 * 1024;

/** Lines handed to csv-parse at once: big enough that its per-call setup does not show. */
const BATCH_LINES = 512;

export type CsvRecord =
  | {
      ok: true;
      /** 1-based line number where the record starts. */
      line: number;
      fields: string[];
    }
  | {
      ok: false;
      line: number;
      /** The record's first line, verbatim. */
      input: string;
      reason: string;
    };

interface Line {
  number: number;
  text: string;
}

export async function* csvRecords(lines: AsyncIterable<string | OverlongLine>): AsyncGenerator<CsvRecord> {
  let pending: Line[] = [];
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (typeof text !== 'string') {
      // A line over MAX_LINE_CHARS (list-rows.ts) is one invalid record. A quote still open before
      // it would pass MAX_QUOTED_CHARS on this line alone: it is a stray one.
      yield* readBatch(pending, `within ${MAX_QUOTED_CHARS / 1024} KiB`).records;
      pending = [];
      yield { ok: false, line: number, input: text.head, reason: OVERLONG_REASON };
      continue;
    }
    pending.push({ number, text });
    if (pending.length >= BATCH_LINES) {
      const { records, open } = readBatch(pending, null);
      yield* records;
      pending = open;
    }
  }
  yield* readBatch(pending, 'before the end of the file').records;
}

/**
 * The records of `lines`, and the lines of a last record whose quote is still open (within the
 * limits) when more lines may follow (`end` null). Otherwise (the end of the file, or an over-long
 * line next) such a quote is stray as well, and `end` says where it did not close.
 */
function readBatch(lines: Line[], end: string | null): { records: CsvRecord[]; open: Line[] } {
  const records: CsvRecord[] = [];
  let from = 0;
  reading: while (from < lines.length) {
    const { rows, closed } = parseLines(lines.slice(from));
    let start = from;
    for (const fields of rows) {
      // Records end at a line break; the only breaks inside one are those its quoted fields hold.
      const end = start + fields.reduce((breaks, field) => breaks + lineBreaks(field), 0);
      const limit = quoteLimit(lines, start, end);
      if (limit) {
        records.push(unclosed(lines[start] as Line, `within ${limit}`));
        from = start + 1;
        continue reading;
      }
      records.push({ ok: true, line: (lines[start] as Line).number, fields });
      start = end + 1;
    }
    if (closed) break;
    const limit = quoteLimit(lines, start, lines.length);
    if (!limit && end === null) return { records, open: lines.slice(start) };
    records.push(unclosed(lines[start] as Line, limit ? `within ${limit}` : (end as string)));
    from = start + 1;
  }
  return { records, open: [] };
}

const OPTIONS = {
  // Lines come without their breaks and are joined with \n, so that is the only record delimiter.
  record_delimiter: '\n',
  relax_quotes: true,
  relax_column_count: true,
} as const;

/** The records of these lines; `closed` is false when the last one ends inside a quoted field. */
function parseLines(lines: Line[]): { rows: string[][]; closed: boolean } {
  const text = `${lines.map((line) => line.text).join('\n')}\n`;
  try {
    return { rows: parse(text, OPTIONS), closed: true };
  } catch (error) {
    if (!isOpenQuote(error)) throw error;
  }
  // csv-parse/sync drops the records read before it throws; `on_record` keeps them. It slows
  // every record a little, so it is used only for a batch that ends inside a quote.
  const rows: string[][] = [];
  try {
    parse(text, {
      ...OPTIONS,
      on_record: (fields: string[]) => {
        rows.push(fields);
        return null;
      },
    });
  } catch (error) {
    if (!isOpenQuote(error)) throw error;
  }
  return { rows, closed: false };
}

function isOpenQuote(error: unknown): boolean {
  return error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED';
}

function lineBreaks(field: string): number {
  let count = 0;
  for (let index = field.indexOf('\n'); index !== -1; index = field.indexOf('\n', index + 1)) count += 1;
  return count;
}

/** The limit passed when `lines[from..to)` are the lines a quoted field stayed open on, or null. */
function quoteLimit(lines: Line[], from: number, to: number): string | null {
  let chars = 0;
  for (let index = from; index < to; index += 1) {
    chars += (lines[index] as Line).text.length;
    if (index - from + 1 > MAX_QUOTED_LINES) return `${MAX_QUOTED_LINES} lines`;
    if (chars > MAX_QUOTED_CHARS) return `${MAX_QUOTED_CHARS / 1024} KiB`;
  }
  return null;
}

function unclosed(opening: Line, where: string): CsvRecord {
  return {
    ok: false,
    line: opening.number,
    input: opening.text,
    reason: `unclosed quote: a quoted field opens on this line and does not close ${where}`,
  };
}
