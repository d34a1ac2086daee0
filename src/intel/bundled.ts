/**
 * The bundled snapshot: public lists committed under `data/` (OFAC SDN digital-currency addresses,
 * the MEW darklist, EtherScamDB), so a fresh install screens sanctioned and known scam addresses
 * before its first request, with no network. `data/snapshot.json` names the list files; each holds
 * the publisher's address strings and labels as published, and they are normalised here, at load,
 * with the same rules as an import (so a snapshot never carries keys from an older parser).
 *
 * Loading happens at start, in one transaction, and replaces a stored list only when the snapshot's
 * edition is newer than it (or the list is missing): an operator's newer import or a refresh always
 * wins, and an upgrade that ships a newer snapshot replaces the older bundled one.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  type ListEdition,
  type ListEntry,
  type ListMeta,
  type ListStore,
  REPORT_CATEGORIES,
} from '../core/index.js';
import { IntelFileError } from './errors.js';
import { humanText, listedAddress, sanctionedAddress } from './normalise.js';

/** The repository's `data/` directory (this file is src/intel/bundled.ts). */
export const BUNDLED_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

export const SNAPSHOT_MANIFEST = 'snapshot.json';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');

const bundledEntry = z.object({
  address: z.string().min(1),
  /** Sanctions: OFAC's asset label (XBT, ETH, USDT...), which decides how the string is classified. */
  asset: z.string().nullable().default(null),
  label: z.string().nullable().default(null),
  category: z.enum(REPORT_CATEGORIES).nullable().default(null),
  entity: z.string().nullable().default(null),
  program: z.string().nullable().default(null),
  listedAt: isoDay.nullable().default(null),
});

export const bundledListFile = z.object({
  source: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
  kind: z.enum(['sanctions', 'scam', 'allow']),
  listDate: isoDay,
  category: z.enum(REPORT_CATEGORIES).nullable().default(null),
  entries: z.array(bundledEntry).min(1),
});

export type BundledListFile = z.input<typeof bundledListFile>;
export type BundledEntry = z.input<typeof bundledEntry>;

export const snapshotManifest = z.object({
  /** Paths relative to `data/`. */
  lists: z.array(z.string().regex(/^[A-Za-z0-9._/-]+\.json$/)).min(1),
});

export interface BundledList {
  meta: ListMeta;
  entries: ListEntry[];
}

/** Read and normalise every list the snapshot holds. Throws IntelFileError on a damaged file. */
export async function readBundledLists(dir: string = BUNDLED_DATA_DIR): Promise<BundledList[]> {
  const manifest = snapshotManifest.parse(await readJson(join(dir, SNAPSHOT_MANIFEST)));
  const lists: BundledList[] = [];
  for (const file of manifest.lists) {
    const path = join(dir, file);
    const parsed = bundledListFile.safeParse(await readJson(path));
    if (!parsed.success) {
      throw new IntelFileError(
        path,
        `this is not a bundled list file (${parsed.error.issues[0]?.message ?? 'invalid'})`,
        'Rebuild the snapshot with `npm run data:build`.',
      );
    }
    const { source, kind, listDate, category } = parsed.data;
    lists.push({
      meta: { source, kind, listDate, category, origin: 'bundled' },
      entries: normaliseEntries(parsed.data),
    });
  }
  return lists;
}

function normaliseEntries(list: z.output<typeof bundledListFile>): ListEntry[] {
  const byKey = new Map<string, ListEntry>();
  for (const entry of list.entries) {
    const address = addressOf(list.kind, entry);
    // The build already merged duplicates; a key rule that now folds two strings keeps the first.
    if (!address || byKey.has(address.key)) continue;
    byKey.set(address.key, {
      ...address,
      label: humanText(entry.label),
      category: list.kind === 'allow' ? null : entry.category,
      entity: humanText(entry.entity),
      program: humanText(entry.program),
      listedAt: entry.listedAt,
    });
  }
  return [...byKey.values()];
}

function addressOf(
  kind: ListMeta['kind'],
  entry: z.output<typeof bundledEntry>,
): Pick<ListEntry, 'key' | 'chain' | 'display'> | null {
  if (kind === 'sanctions') {
    const { key, chain, display } = sanctionedAddress(entry.asset ?? '', entry.address);
    return { key, chain, display };
  }
  const parsed = listedAddress(entry.address);
  return parsed.ok
    ? { key: parsed.value.key, chain: parsed.value.chain, display: parsed.value.display }
    : null;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new IntelFileError(
      path,
      'this bundled list cannot be read',
      'Restore data/ from the repository or rebuild it with `npm run data:build`.',
      { cause },
    );
  }
}

/**
 * The snapshot replaces a stored list only when it is missing or an older edition: a newer list the
 * operator imported (or a refresh fetched) is never overwritten, and a restart re-loads nothing.
 */
export function snapshotReplaces(current: ListEdition | null, next: ListMeta): boolean {
  return current === null || current.listDate < next.listDate;
}

export interface BundledLoadResult {
  loaded: Array<{ source: string; listDate: string; count: number }>;
  /** Lists whose stored edition is the same or newer than the snapshot's. */
  kept: Array<{ source: string; listDate: string; origin: ListEdition['origin'] }>;
}

/**
 * Load the snapshot's lists that are missing or older in storage, all in one transaction. A restart
 * with everything current reads the files and one row per list, and writes nothing.
 */
export async function loadBundledLists(
  lists: ListStore,
  /** `read`: the snapshot already being read (`readBundledLists`), e.g. while the database opened. */
  options: { dir?: string; read?: Promise<BundledList[]> } = {},
): Promise<BundledLoadResult> {
  const bundled = await (options.read ?? readBundledLists(options.dir));
  const stored = new Map((await lists.listSources()).map((edition) => [edition.source, edition]));
  const wanted = bundled.filter(({ meta }) => snapshotReplaces(stored.get(meta.source) ?? null, meta));
  const replaced = new Set(wanted.length > 0 ? await lists.replaceLists(wanted, snapshotReplaces) : []);
  const after = replaced.size > 0 ? new Map((await lists.listSources()).map((e) => [e.source, e])) : stored;
  const result: BundledLoadResult = { loaded: [], kept: [] };
  for (const { meta, entries } of bundled) {
    const edition = after.get(meta.source);
    if (replaced.has(meta.source)) {
      result.loaded.push({ source: meta.source, listDate: meta.listDate, count: entries.length });
    } else if (edition) {
      result.kept.push({ source: meta.source, listDate: edition.listDate, origin: edition.origin });
    }
  }
  return result;
}
