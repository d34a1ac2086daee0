/**
 * OFAC SDN reader for both published XML forms, streamed through saxes (the advanced file is
 * 80-130 MB; it is never held as a DOM). This file parses the stream and picks the reader by the
 * root element: `ofac-legacy.ts` for `sdn.xml` (<sdnList>), `ofac-advanced.ts` for
 * `sdn_advanced.xml` (<Sanctions>); `ofac-listing.ts` merges what they found into list entries,
 * and `source.ts` opens SDN_ADVANCED.ZIP.
 * Elements are matched by local name: OFAC changed both namespaces in May 2024.
 * Only the digital-currency addresses are kept (hundreds to a few thousand), so buffering them
 * until the end of the file costs little; the rest of the file only streams through.
 */
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import type { ListEntry } from '../core/index.js';
import { IntelFileError } from './errors.js';
import { today } from './normalise.js';
import { advancedHandler } from './ofac-advanced.js';
import { legacyHandler } from './ofac-legacy.js';
import { type Collected, type ElementHandler, mergeListings, type OfacFormat } from './ofac-listing.js';
import { openXmlFile } from './source.js';

export const OFAC_BATCH_SIZE = 1000;

export type { OfacFormat } from './ofac-listing.js';

/** What one OFAC file held, besides its address entries. */
export interface OfacSdnSummary {
  format: OfacFormat;
  /** Publish date of this edition (YYYY-MM-DD). */
  listDate: string;
  /** sdnEntry (legacy) or DistinctParty (advanced) elements read. */
  parties: number;
  /** Digital-currency address listings read, before merging duplicates. */
  listings: number;
  /** Distinct address entries produced. */
  count: number;
  warnings: string[];
}

export interface OfacSdnReader {
  /** Resolves once the whole file is parsed (the advanced form gives programs only at its end). */
  listDate: Promise<string>;
  summary: Promise<OfacSdnSummary>;
  /** Address entries in batches of 1000; rejects like `summary` when the file is not OFAC XML. */
  batches: AsyncIterable<ListEntry[]>;
}

/**
 * Read an OFAC SDN file: a path (`sdn.xml`, `sdn_advanced.xml` or SDN_ADVANCED.ZIP) or a stream of
 * XML bytes. Parsing starts at once; rejections surface on whichever of the three is awaited.
 */
export function readOfacSdn(input: NodeJS.ReadableStream | string): OfacSdnReader {
  const name = typeof input === 'string' ? input : 'OFAC XML stream';
  const parsed = (async () => {
    const stream = typeof input === 'string' ? await openXmlFile(input) : input;
    return parseOfacStream(stream, name);
  })();
  const listDate = parsed.then((result) => result.summary.listDate);
  const summary = parsed.then((result) => result.summary);
  // The caller may await only one of these; the others must not become unhandled rejections.
  for (const promise of [parsed, listDate, summary]) promise.catch(() => {});
  return {
    listDate,
    summary,
    batches: {
      async *[Symbol.asyncIterator]() {
        const { entries } = await parsed;
        for (let start = 0; start < entries.length; start += OFAC_BATCH_SIZE) {
          yield entries.slice(start, start + OFAC_BATCH_SIZE);
        }
      },
    },
  };
}

async function parseOfacStream(
  stream: NodeJS.ReadableStream | Readable,
  name: string,
): Promise<{ summary: OfacSdnSummary; entries: ListEntry[] }> {
  const collected: Collected = { format: null, listDate: null, parties: 0, listings: [] };
  const parser = new SaxesParser({ xmlns: false, position: false });
  const handler = createHandler(collected, name);
  parser.on('opentag', (tag) => handler.open(localName(tag.name), tag.attributes as Record<string, string>));
  parser.on('text', (text) => handler.text(text));
  parser.on('cdata', (text) => handler.text(text));
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));

  const feed = (text: string, end: boolean) => {
    try {
      parser.write(text);
      if (end) parser.close();
    } catch (cause) {
      if (cause instanceof IntelFileError) throw cause;
      throw new IntelFileError(
        name,
        `this is not well-formed XML (${cause instanceof Error ? cause.message : String(cause)})`,
        'Download the file again from OFAC; it may be truncated.',
        { cause },
      );
    }
  };
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first) {
      if (text.startsWith('PK\u0003\u0004')) {
        throw new IntelFileError(name, 'this is a zip file', 'Pass the zip as a file path, not a stream.');
      }
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
    }
    feed(text, false);
  }
  feed(decoder.decode(), true);
  if (!collected.format) {
    throw new IntelFileError(
      name,
      'this file has no OFAC SDN content',
      'Use OFAC’s sdn.xml or sdn_advanced.xml.',
    );
  }
  handler.finish();
  const warnings: string[] = [];
  let listDate = collected.listDate;
  if (!listDate) {
    listDate = today();
    warnings.push(`no publish date in the file; using the import date ${listDate}`);
  }
  const entries = mergeListings(collected.listings, warnings);
  return {
    entries,
    summary: {
      format: collected.format,
      listDate,
      parties: collected.parties,
      listings: collected.listings.length,
      count: entries.length,
      warnings,
    },
  };
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

function createHandler(collected: Collected, name: string): ElementHandler {
  const stack: string[] = [];
  let text = '';
  let delegate: ElementHandler | null = null;
  return {
    open(local, attributes) {
      if (stack.length === 0) {
        if (local === 'sdnList') {
          collected.format = 'legacy';
          delegate = legacyHandler(collected, stack);
        } else if (local === 'Sanctions') {
          collected.format = 'advanced';
          delegate = advancedHandler(collected, stack);
        } else {
          throw new IntelFileError(
            name,
            `the root element is <${local}>, not OFAC's <sdnList> or <Sanctions>`,
            'Use OFAC’s sdn.xml or sdn_advanced.xml (or SDN_ADVANCED.ZIP).',
          );
        }
      }
      stack.push(local);
      text = '';
      delegate?.open(local, attributes);
    },
    text(chunk) {
      text += chunk;
    },
    close(local) {
      delegate?.text(text);
      delegate?.close(local);
      stack.pop();
      text = '';
    },
    finish() {
      delegate?.finish();
    },
  };
}
