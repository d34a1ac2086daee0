/**
 * RFC 4180 records from a stream of lines: quoted fields may hold commas, doubled quotes and line
 * breaks (a record then spans several lines and keeps the number of its first line).
 */

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

export async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let lineNumber = 0;
  let pending: { line: number; text: string } | null = null;
  for await (const line of lines) {
    lineNumber += 1;
    const record: { line: number; text: string } = pending
      ? { line: pending.line, text: `${pending.text}\n${line}` }
      : { line: lineNumber, text: line };
    const fields = splitCsv(record.text);
    if (fields === null) {
      pending = record;
      continue;
    }
    pending = null;
    yield { line: record.line, fields };
  }
  // An unterminated quote at the end of the file: keep the text as one field rather than lose it.
  if (pending) yield { line: pending.line, fields: [pending.text] };
}

/** The fields of one record, or null when a quoted field is still open at the end of `text`. */
export function splitCsv(text: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        field += char;
      }
    } else if (char === '"' && field.length === 0) {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
    index += 1;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
