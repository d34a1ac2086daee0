/**
 * List imports through the bulk load (COPY on Postgres, unnest'd arrays on PGlite) into a new
 * partition swapped in at the end: hostile text stored exactly, the previous edition seen until the
 * new one is complete, the list's indexes all in place afterwards, rows written by SQL replaced,
 * and invalid rows still reported by line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntry } from '../../src/core/index.js';
import { importList } from '../../src/intel/index.js';
import { copyField } from '../../src/store/bulk-load.js';
import { rowsOf } from '../../src/store/database.js';
import { batchesOf, listEntry } from '../fixtures/builders.js';
import { createTestContext, type TestContext } from '../support/context.js';

let ctx: TestContext;
let dir = '';
beforeAll(async () => {
  ctx = await createTestContext();
  dir = await mkdtemp(join(tmpdir(), 'chainwarden-bulk-load-'));
});
afterAll(async () => {
  await ctx?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Strings COPY's text format reads specially, and others a careless encoder would mangle. */
const HOSTILE = [
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'crlf\r\nend',
  'back\\slash',
  '\\',
  '\\\\',
  '\\.',
  '\\.\nafter',
  '\\N',
  '\\t literally',
  'quote \' and " and `',
  "'); drop table list_entries; --",
  '{"a",b}',
  'NULL',
  '',
  ' padded ',
  'Ünïcödé, 中文, العربية, 🦊🔥, e\u0301, \u202Eright-to-left',
];

const hex = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

async function storedEntries(source: string) {
  const result = await ctx.database.db.execute(
    sql`select address_key, address, label, entity, program, listed_at from list_entries
         where source = ${source} order by id`,
  );
  return rowsOf<{
    address_key: string;
    address: string;
    label: string | null;
    entity: string | null;
    program: string | null;
    listed_at: string | null;
  }>(result);
}

async function listIndexes(): Promise<string[]> {
  const result = await ctx.database.db.execute(
    sql`select indexdef from pg_indexes where tablename = 'list_entries' order by indexname`,
  );
  return rowsOf<{ indexdef: string }>(result).map((row) => row.indexdef);
}

describe('copyField', () => {
  it('escapes what COPY text format reads specially, and writes null as \\N', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('\\.')).toBe('\\\\.');
    expect(copyField('plain 🦊')).toBe('plain 🦊');
  });
});

describe('a list import through the bulk load', () => {
  it('stores hostile text in every column exactly as given', async () => {
    const entries: ListEntry[] = HOSTILE.map((text, i) =>
      listEntry(`verbatim ${i} ${text}`, {
        chain: 'other',
        display: `shown ${text}`,
        label: text,
        entity: text,
        program: `${text}|${i}`,
        listedAt: text,
      }),
    );
    await ctx.stores.lists.replaceList(
      { source: 'hostile', kind: 'sanctions', listDate: '2026-11-30' },
      batchesOf(entries.slice(0, 7), entries.slice(7)),
    );
    expect(await storedEntries('hostile')).toEqual(
      entries.map((entry) => ({
        address_key: entry.key,
        address: entry.display,
        label: entry.label,
        entity: entry.entity,
        program: entry.program,
        listed_at: entry.listedAt,
      })),
    );
    for (const entry of entries) {
      expect(await ctx.stores.lists.hitsFor(entry.key)).toEqual([
        expect.objectContaining({ source: 'hostile', label: entry.label, entity: entry.entity }),
      ]);
    }
  });

  it('stores hostile text shared by every row of a load exactly as given', async () => {
    // One list per hostile string: label, entity, program and date are the same on its three rows.
    for (const [n, text] of HOSTILE.entries()) {
      const entries = [0, 1, 2].map((i) =>
        listEntry(hex(500_000 + n * 3 + i), { label: text, entity: text, program: text, listedAt: text }),
      );
      await ctx.stores.lists.replaceList(
        { source: `shared-${n}`, kind: 'scam', listDate: '2026-11-30' },
        batchesOf(entries),
      );
      expect(await storedEntries(`shared-${n}`)).toEqual(
        entries.map((entry) => ({
          address_key: entry.key,
          address: entry.display,
          label: text,
          entity: text,
          program: text,
          listed_at: text,
        })),
      );
    }
  });

  it('refuses a NUL character, which Postgres text cannot hold, and keeps the previous edition', async () => {
    await expect(
      ctx.stores.lists.replaceList(
        { source: 'hostile', kind: 'sanctions', listDate: '2026-12-01' },
        batchesOf([listEntry(hex(1), { label: 'nul \u0000 inside' })]),
      ),
    ).rejects.toThrow('NUL character');
    expect(await storedEntries('hostile')).toHaveLength(HOSTILE.length);
    const sources = await ctx.stores.lists.listSources();
    expect(sources.find((s) => s.source === 'hostile')?.listDate).toBe('2026-11-30');
  });

  it('shows a concurrent reader the previous edition, whole, until the new one is complete', async () => {
    const meta = { source: 'swap', kind: 'scam' as const, listDate: '2026-11-01' };
    await ctx.stores.lists.replaceList(
      meta,
      batchesOf(Array.from({ length: 300 }, (_, i) => listEntry(hex(1000 + i)))),
    );
    const count = async () =>
      Number(
        rowsOf<{ n: number | string }>(
          await ctx.database.db.execute(sql`select count(*) as n from list_entries where source = 'swap'`),
        )[0]?.n,
      );
    let readDuring: Promise<number> | null = null;
    async function* next(): AsyncGenerator<ListEntry[]> {
      yield Array.from({ length: 500 }, (_, i) => listEntry(hex(5000 + i)));
      // Half the new edition is written: a reader now runs beside the import.
      readDuring = count();
      // Postgres answers the reader at once; PGlite, one session, answers it after the commit.
      await new Promise((resolve) => setTimeout(resolve, 200));
      yield Array.from({ length: 500 }, (_, i) => listEntry(hex(6000 + i)));
    }
    await ctx.stores.lists.replaceList({ ...meta, listDate: '2026-11-20' }, next());
    const seen = await (readDuring as Promise<number> | null);
    expect(seen).toBe(ctx.database.kind === 'postgres' ? 300 : 1000);
    expect(await count()).toBe(1000);
  });

  it('rebuilds no index away: a large import, failed or not, leaves every list index in place', async () => {
    const before = await listIndexes();
    const large = (from: number) =>
      Array.from({ length: 6 }, (_, b) =>
        Array.from({ length: 10_000 }, (_, i) => listEntry(hex(from + b * 10_000 + i))),
      );
    async function* failing(): AsyncGenerator<ListEntry[]> {
      for (const batch of large(100_000)) yield batch;
      throw new Error('download cut off');
    }
    await expect(
      ctx.stores.lists.replaceList({ source: 'large', kind: 'scam', listDate: '2026-11-01' }, failing()),
    ).rejects.toThrow('download cut off');
    expect(await listIndexes()).toEqual(before);
    expect(await storedEntries('large')).toEqual([]);

    const { count } = await ctx.stores.lists.replaceList(
      { source: 'large', kind: 'scam', listDate: '2026-11-02' },
      batchesOf(...large(200_000)),
    );
    expect(count).toBe(60_000);
    expect(await listIndexes()).toEqual(before);
    expect(await ctx.stores.lists.hitsFor(hex(259_999))).toEqual([
      expect.objectContaining({ source: 'large' }),
    ]);
    expect(await ctx.stores.lists.hitsFor(hex(100_000))).toEqual([]);
  }, 120_000);

  it('replaces rows an operator wrote by SQL for the list, and keeps other lists', async () => {
    await ctx.database.db.execute(sql`
      insert into list_entries (source, kind, address_key, address, chain)
      values ('by-hand', 'scam', ${hex(7001)}, ${hex(7001)}, 'evm'),
             ('by-hand-other', 'scam', ${hex(7002)}, ${hex(7002)}, 'evm')`);
    await ctx.stores.lists.replaceList(
      { source: 'by-hand', kind: 'scam', listDate: '2026-11-30' },
      batchesOf([listEntry(hex(7003))]),
    );
    expect((await storedEntries('by-hand')).map((row) => row.address_key)).toEqual([hex(7003)]);
    expect((await storedEntries('by-hand-other')).map((row) => row.address_key)).toEqual([hex(7002)]);
    // A row written by SQL for a list that has been imported joins that list's edition.
    await ctx.database.db.execute(sql`
      insert into list_entries (source, kind, address_key, address, chain)
      values ('by-hand', 'scam', ${hex(7004)}, ${hex(7004)}, 'evm')`);
    expect(await storedEntries('by-hand')).toHaveLength(2);
    await ctx.stores.lists.replaceList(
      { source: 'by-hand', kind: 'scam', listDate: '2026-12-01' },
      batchesOf([listEntry(hex(7005))]),
    );
    expect((await storedEntries('by-hand')).map((row) => row.address_key)).toEqual([hex(7005)]);
  });

  it('still reports invalid rows by line number, across batches, and stores the rest', async () => {
    const lines: string[] = [];
    const bad = new Map<number, string>([
      [1, 'not\tan address'],
      [1500, '\\.'],
      [2600, '0xZZ\\N'],
    ]);
    for (let line = 1; line <= 3000; line += 1) lines.push(bad.get(line) ?? hex(900_000 + line));
    const path = join(dir, 'mixed.txt');
    await writeFile(path, `${lines.join('\n')}\n`);
    const progress: number[] = [];
    const result = await importList(path, ctx.stores.lists, {
      source: 'mixed',
      kind: 'scam',
      onProgress: (n) => progress.push(n),
    });
    expect(result.count).toBe(2997);
    expect(result.invalid.map((row) => row.line)).toEqual([1, 1500, 2600]);
    expect(progress).toEqual([1000, 2000, 2997]);
    expect(await storedEntries('mixed')).toHaveLength(2997);
  });
});
