/**
 * Plain-text lists: one address a line; `#` starts a comment, which becomes the label when it
 * follows an address. Rows come in batches, one per chunk of the file read.
 */
import { lineBatches, OVERLONG_REASON, type Row } from './list-rows.js';

const WHITESPACE = /\s/;

export async function* textRows(path: string): AsyncGenerator<Row[]> {
  let line = 0;
  for await (const batch of lineBatches(path)) {
    const rows: Row[] = [];
    for (const raw of batch) {
      line += 1;
      if (typeof raw !== 'string') {
        rows.push({ line, unreadable: { input: raw.head, reason: OVERLONG_REASON } });
        continue;
      }
      const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      const hash = text.indexOf('#');
      const content = (hash === -1 ? text : text.slice(0, hash)).trim();
      if (!content) continue;
      if (hash === -1 && !WHITESPACE.test(content)) {
        // The common line: an address alone.
        rows.push({ line, address: content, label: null, category: null, listedAt: null });
        continue;
      }
      const [address = '', ...rest] = content.split(/\s+/);
      const label = (hash === -1 ? rest.join(' ') : text.slice(hash + 1)).trim() || null;
      rows.push({ line, address, label, category: null, listedAt: null });
    }
    if (rows.length > 0) yield rows;
  }
}
