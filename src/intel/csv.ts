/**
 * RFC 4180 records from a stream of lines: quoted fields may hold commas, doubled quotes and line
 * breaks (a record then spans several lines and keeps the number of its first line).
 *
 * Each line is scanned once, so reading is linear in the file size. A quoted field is bounded
 * (`MAX_QUOTED_LINES` lines, `MAX_QUOTED_CHARS` characters): a list's labels never need more, and
 * past that the quote is taken for a stray one. The record's first line is then reported invalid
 * and reading resumes at the line after it, so one bad row cannot swallow the rest of a list.
 */

/** Lines a quoted field may span before its opening quote is taken for a stray one. */
export const MAX_QUOTED_LINES = 100;
/** Characters (64 KiB) a record with an open quoted field may hold before the same happens. */
export const MAX_QUOTED_CHARS = 64 * 1024;

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

export async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const reader = new RecordReader();
  let number = 0;
  for await (const text of lines) {
    number += 1;
    yield* reader.read([{ number, text }]);
  }
  yield* reader.end();
}

class RecordReader {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  /**
   * Lines of a record whose quoted field is still open (at most `MAX_QUOTED_LINES + 1`), kept to
   * read them again as records of their own if the quote turns out to be stray.
   */
  private openLines: Line[] = [];
  private openChars = 0;

  *read(lines: Line[]): Generator<CsvRecord> {
    const queue = [...lines];
    for (let line = queue.shift(); line; line = queue.shift()) {
      const fields = this.scan(line);
      if (fields) {
        const start = this.openLines[0]?.number ?? line.number;
        this.openLines = [];
        this.openChars = 0;
        yield { ok: true, line: start, fields };
        continue;
      }
      this.openLines.push(line);
      this.openChars += line.text.length;
      const limit =
        this.openLines.length > MAX_QUOTED_LINES
          ? `${MAX_QUOTED_LINES} lines`
          : this.openChars > MAX_QUOTED_CHARS
            ? `${MAX_QUOTED_CHARS / 1024} KiB`
            : null;
      if (limit) {
        const [opening, ...rest] = this.abandon();
        if (opening) yield unclosed(opening, `within ${limit}`);
        queue.unshift(...rest);
      }
    }
  }

  /** The end of the file: a quote still open there is stray as well. */
  *end(): Generator<CsvRecord> {
    while (this.openLines.length > 0) {
      const [opening, ...rest] = this.abandon();
      if (opening) yield unclosed(opening, 'before the end of the file');
      yield* this.read(rest);
    }
  }

  /** Scan one line into the record in progress; its fields once the line ends it, else null. */
  private scan({ text }: Line): string[] | null {
    if (this.quoted) this.field += '\n';
    let field = this.field;
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index];
      if (this.quoted) {
        if (char !== '"') field += char;
        else if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else this.quoted = false;
      } else if (char === '"' && field.length === 0) {
        this.quoted = true;
      } else if (char === ',') {
        this.fields.push(field);
        field = '';
      } else {
        field += char;
      }
    }
    if (this.quoted) {
      this.field = field;
      return null;
    }
    const fields = [...this.fields, field];
    this.fields = [];
    this.field = '';
    return fields;
  }

  private abandon(): Line[] {
    const lines = this.openLines;
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.openLines = [];
    this.openChars = 0;
    return lines;
  }
}

function unclosed(opening: Line, where: string): CsvRecord {
  return {
    ok: false,
    line: opening.number,
    input: opening.text,
    reason: `unclosed quote: a quoted field opens on this line and does not close ${where}`,
  };
}
