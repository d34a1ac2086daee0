/**
 * Plain-text lists: one address a line; `#` starts a comment, which becomes the label when it
 * follows an address.
 */
import { lines, OVERLONG_REASON, type Row } from './list-rows.js';

export async function* textRows(path: string): AsyncGenerator<Row> {
  let line = 0;
  for await (const raw of lines(path)) {
    line += 1;
    if (typeof raw !== 'string') {
      yield { line, unreadable: { input: raw.head, reason: OVERLONG_REASON } };
      continue;
    }
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    const hash = text.indexOf('#');
    const content = (hash === -1 ? text : text.slice(0, hash)).trim();
    if (!content) continue;
    const [address = '', ...rest] = content.split(/\s+/);
    const label = (hash === -1 ? rest.join(' ') : text.slice(hash + 1)).trim() || null;
    yield { line, address, label, category: null, listedAt: null };
  }
}
