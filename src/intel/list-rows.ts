/**
 * What the three list readers (`list-json.ts`, `list-text.ts`, `list-csv.ts`) hand to
 * `readListFile`: rows with their line numbers, read from the file a line at a time.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
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

/** The file's lines, streamed. */
export async function* lines(path: string): AsyncGenerator<string> {
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
