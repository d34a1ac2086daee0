/** The embedded database's files as an operator finds them on disk. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
