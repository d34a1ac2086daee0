/**
 * PGlite: Postgres in WASM, in this process, in a data directory (locked to one process) or in memory.
 * Memory (docs/DESIGN.md, "Footprint"): shared_buffers is 16 MB instead of Postgres's 128 MB, since
 * PGlite's WASM heap holds all of it from the start; a fresh database is unpacked from the template
 * `npm run build` makes (scripts/build.js) instead of running initdb here.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { Database, Db } from './database.js';
import * as schema from './schema.js';

const CACHE = fileURLToPath(new URL('../../.cache/', import.meta.url));

/**
 * PGlite's own start parameters plus the memory settings. WASM memory is touched as Postgres
 * allocates it: the default 128 MB of shared buffers cost 128 MB of RSS at once. 16 MB holds the
 * hot pages of the lists and reports; the rest is read through the OS's file cache.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'temp_buffers=2MB'];

/** The empty cluster scripts/build.js made, when it was made by the installed PGlite; else null. */
function template(): Blob | null {
  try {
    const made = JSON.parse(readFileSync(join(CACHE, 'pglite-template.json'), 'utf8')) as { pglite?: string };
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const installed = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    if (made.pglite !== installed.version) return null;
    return new Blob([readFileSync(join(CACHE, 'pglite-template.tar.gz'))]);
  } catch {
    return null; // not built (tests from a fresh checkout): PGlite runs initdb
  }
}

function options(dataDir?: string): PGliteOptions {
  const fresh = dataDir === undefined || !existsSync(join(dataDir, 'PG_VERSION'));
  const loadDataDir = fresh ? template() : null;
  return { dataDir, startParams: START_PARAMS, ...(loadDataDir ? { loadDataDir } : {}) };
}

export async function openPglite(target: { dataDir: string } | { memory: true }): Promise<Database> {
  let releaseLock = () => {};
  let client: PGlite;
  if ('dataDir' in target) {
    // The database holds reporters' ids and API key hashes: only this user may read it.
    mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
    releaseLock = acquireDataDirLock(target.dataDir);
    try {
      client = await PGlite.create(options(target.dataDir));
    } catch (cause) {
      releaseLock();
      throw new Error(`Could not open the PGlite database in ${target.dataDir}`, { cause });
    }
  } else {
    client = await PGlite.create(options());
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    queryPrepared: async <T>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows,
    listen: (channel, onNotify, onListen) => {
      // One process, one session: this hears its own commits, including an operator's SQL run here.
      client.listen(channel, onNotify).then(onListen, () => {});
    },
    ping: async () => {
      await client.query('select 1');
    },
    kind: 'pglite',
    location: 'dataDir' in target ? target.dataDir : 'memory',
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}
