/**
 * JSON lists: an array of addresses or of objects (MyEtherWallet ethereum-lists darklist/lightlist
 * shape `[{address, comment, date}]`), read whole.
 */
import { readFile, stat } from 'node:fs/promises';
import { IntelFileError } from './errors.js';
import { type InvalidRow, type Row, shownInput } from './list-rows.js';
import { isoDate, reportCategory } from './normalise.js';

/**
 * JSON lists are parsed whole (JSON.parse needs the full text). 64 MB is ~100x the largest public
 * list seen (MEW darklist ~100 KB); bigger lists should come as text or CSV, which stream.
 */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

export async function* jsonRows(path: string, invalid: InvalidRow[]): AsyncGenerator<Row> {
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
