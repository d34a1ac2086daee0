/**
 * What the three list readers (`list-json.ts`, `list-text.ts`, `list-csv.ts`) hand to
 * `readListFile`: rows with their line numbers, read from the file a line at a time.
 */
import { createReadStream } from 'node:fs';
import type { ReportCategory } from '../core/index.js';
import { humanText } from './normalise.js';

export interface InvalidRow {
  /** 1-based line in the file (for JSON: the line where the array element starts). */
  line: number;
  input: string;
  reason: string;
}

export type Row =
  | {
      line: number;
      address: string;
      label: string | null;
      category: ReportCategory | null;
      listedAt: string | null;
    }
  /** A row that could not even be split into fields (a CSV record with an unclosed quote). */
  | { line: number; unreadable: { input: string; reason: string } };

/** A rejected input as shown back to the person importing: printable and short. */
export function shownInput(input: string): string {
  return humanText(input) ?? '';
}

/**
 * Longest line the text and CSV readers take (64 Ki characters; a list row is an address and a
 * label). A longer line is one invalid row, and only its first characters are kept in memory.
 */
export const MAX_LINE_CHARS = 64 * 1024;

/** A line longer than MAX_LINE_CHARS: its first characters, for the invalid-row report. */
export interface OverlongLine {
  overlong: true;
  head: string;
}

export const OVERLONG_REASON = `longer than ${MAX_LINE_CHARS / 1024} Ki characters, so not a list row`;

/** Bytes read from the file at a time: one batch of lines per read. */
const READ_CHUNK = 1024 * 1024;

/**
 * The file's lines, streamed, in batches (the lines of each chunk read): a list import of a million
 * lines resumes one generator per batch instead of per line. A break is \n, \r\n or \r, as
 * readline reads them. Hand-written because readline has no length limit: it builds the whole
 * line, and a 600 MiB line without a break makes it throw a RangeError out of its event handler,
 * which nothing can catch.
 */
export async function* lineBatches(path: string): AsyncGenerator<(string | OverlongLine)[]> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK });
  let line = '';
  let head: string | null = null;
  // A \r that ended the previous chunk: a \n starting this one belongs to it.
  let afterCR = false;
  const take = (text: string) => {
    if (head !== null) return;
    line += text;
    if (line.length > MAX_LINE_CHARS) {
      head = `${line.slice(0, 100)}…`;
      line = '';
    }
  };
  const finish = (): string | OverlongLine => {
    const done: string | OverlongLine = head === null ? line : { overlong: true, head };
    line = '';
    head = null;
    return done;
  };
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const batch: (string | OverlongLine)[] = [];
      let from = afterCR && chunk.startsWith('\n') ? 1 : 0;
      afterCR = false;
      const hasCR = chunk.includes('\r');
      while (from < chunk.length) {
        const breakAt = nextBreak(chunk, from, hasCR);
        if (breakAt === -1) {
          take(chunk.slice(from));
          break;
        }
        if (line === '' && head === null) {
          // The common case, a line within one chunk: no concatenation.
          const text = chunk.slice(from, breakAt);
          if (text.length > MAX_LINE_CHARS) batch.push({ overlong: true, head: `${text.slice(0, 100)}…` });
          else batch.push(text);
        } else {
          take(chunk.slice(from, breakAt));
          batch.push(finish());
        }
        if (chunk.charCodeAt(breakAt) === 13) {
          if (breakAt + 1 === chunk.length) afterCR = true;
          else if (chunk.charCodeAt(breakAt + 1) === 10) from = breakAt + 2;
          else from = breakAt + 1;
          if (afterCR) break;
        } else from = breakAt + 1;
      }
      if (batch.length > 0) yield batch;
    }
    if (line !== '' || head !== null) yield [finish()];
  } finally {
    // Storage may stop reading early (a failed insert): release the file either way.
    input.destroy();
  }
}

/** The file's lines one at a time (`lineBatches`, flattened). */
export async function* lines(path: string): AsyncGenerator<string | OverlongLine> {
  for await (const batch of lineBatches(path)) yield* batch;
}

const BREAK = /[\r\n]/g;

/** The next \r or \n at or after `from`, or -1; `hasCR`: the text holds a \r at all. */
function nextBreak(text: string, from: number, hasCR: boolean): number {
  if (!hasCR) return text.indexOf('\n', from);
  BREAK.lastIndex = from;
  return BREAK.exec(text)?.index ?? -1;
}
