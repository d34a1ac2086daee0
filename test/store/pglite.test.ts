/** The embedded database's files as an operator finds them on disk. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';

const parent = mkdtempSync(join(tmpdir(), 'chainwarden-pglite-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('a PGlite data directory', () => {
  it('is created readable by its owner only: it holds reporter ids and API key hashes', async () => {
    const dataDir = join(parent, 'data');
    const database = await openDatabase({ dataDir }, { migrate: false });
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    } finally {
      await database.close();
    }
  });
});

describe('prepared statements on PGlite', () => {
  it('answer again after one fails, and wait for a transaction rather than run inside it', async () => {
    const database = await openDatabase({ memory: true }, { migrate: false });
    try {
      const text = 'select $1::int + 1 as n';
      expect(await database.queryPrepared(text, [1])).toEqual([{ n: 2 }]);
      await expect(database.queryPrepared(text, ['not a number'])).rejects.toThrow('invalid input syntax');
      expect(await database.queryPrepared(text, [41])).toEqual([{ n: 42 }]);
      await expect(database.queryPrepared('select from nowhere', [])).rejects.toThrow('nowhere');
      expect(await database.queryPrepared('select $1::text as s', ["it's\t\\"])).toEqual([{ s: "it's\t\\" }]);

      await database.queryPrepared('create table t (n int)', []);
      let seen: unknown = null;
      await database.bulkTransaction(async (tx) => {
        await tx.execute(sql.raw('insert into t values (1)'));
        seen = database.queryPrepared('select count(*)::int as n from t', []);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await tx.execute(sql.raw('insert into t values (2)'));
      });
      expect(await seen).toEqual([{ n: 2 }]);
    } finally {
      await database.close();
    }
  });
});
