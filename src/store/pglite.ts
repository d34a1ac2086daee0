/**
 * PGlite: Postgres in WASM, in this process, in a data directory (locked to one process) or in memory.
 * Memory (docs/DESIGN.md, "Footprint"): shared_buffers is 8 MB instead of Postgres's 128 MB, since
 * PGlite's WASM heap holds all of it from the start; a fresh database is unpacked from the template
 * `npm run build` makes (scripts/build.js) instead of running initdb here.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { pgliteBulkLoader } from './bulk-load.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { Database, Db } from './database.js';
import { pglitePreparedQuery } from './pglite-prepared.js';
import * as schema from './schema.js';

const CACHE = fileURLToPath(new URL('../../.cache/', import.meta.url));

/**
 * PGlite's own start parameters plus the memory settings. WASM memory is touched as Postgres
 * allocates it: the default 128 MB of shared buffers cost 128 MB of RSS at once. 8 MB holds the
 * hot pages of the lists and reports; the rest is read through the OS's file cache.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB', '-c', 'temp_buffers=2MB'];

/**
 * The migrated cluster scripts/build.js made (a gzipped tar), when made by the installed PGlite from
 * today's migrations (`templateKey` there, computed the same way here); else null.
 */
function template(): Buffer | null {
  try {
    const made = JSON.parse(readFileSync(join(CACHE, 'pglite-template.json'), 'utf8')) as {
      pglite?: string;
      migrations?: string;
    };
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const installed = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    const journal = readFileSync(
      fileURLToPath(new URL('../../migrations/meta/_journal.json', import.meta.url)),
    );
    const migrations = createHash('sha256').update(journal).digest('hex');
    if (made.pglite !== installed.version || made.migrations !== migrations) return null;
    return readFileSync(join(CACHE, 'pglite-template.tar.gz'));
  } catch {
    return null; // not built (tests from a fresh checkout): PGlite runs initdb
  }
}

/**
 * Unpacks the template into an empty data directory. Hand-written rather than PGlite's `loadDataDir`,
 * which keeps about 100 MB more resident for the life of the process; the template is a plain ustar
 * of files and folders (PGlite's `dumpDataDir`), and no tar library is among the dependencies.
 * PG_VERSION is written last: a directory left half-unpacked is unpacked again at the next start.
 */
function unpackTemplate(tarball: Buffer, dataDir: string): void {
  const tar = gunzipSync(tarball);
  const root = resolve(dataDir);
  let version: { path: string; data: Buffer } | null = null;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('latin1')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = `${prefix ? `${prefix}/` : ''}${field(0, 100)}`;
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const path = join(root, name);
    if (!path.startsWith(root + sep)) throw new Error(`unexpected path in the template: ${name}`);
    const file = path.slice(root.length + 1);
    if (type === '5') mkdirSync(path, { recursive: true, mode: 0o700 });
    else if (type === '0') {
      const data = tar.subarray(offset + 512, offset + 512 + size);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // postmaster.pid is the template maker's; PGlite writes its own.
      if (file === 'PG_VERSION') version = { path, data };
      else if (file !== 'postmaster.pid') writeFileSync(path, data, { mode: 0o600 });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  if (!version) throw new Error('the PGlite template has no PG_VERSION');
  writeFileSync(version.path, version.data, { mode: 0o600 });
}

function options(target: { dataDir: string } | { memory: true }): PGliteOptions {
  const dataDir = 'dataDir' in target ? target.dataDir : undefined;
  const fresh = dataDir === undefined || !existsSync(join(dataDir, 'PG_VERSION'));
  const tarball = fresh ? template() : null;
  if (tarball && dataDir !== undefined) {
    unpackTemplate(tarball, dataDir);
    return { dataDir, startParams: START_PARAMS };
  }
  // In memory (tests) PGlite unpacks it itself.
  return { dataDir, startParams: START_PARAMS, ...(tarball ? { loadDataDir: new Blob([tarball]) } : {}) };
}

export async function openPglite(target: { dataDir: string } | { memory: true }): Promise<Database> {
  let releaseLock = () => {};
  let client: PGlite;
  if ('dataDir' in target) {
    // The database holds reporters' ids and API key hashes: only this user may read it.
    mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
    releaseLock = acquireDataDirLock(target.dataDir);
    try {
      client = await PGlite.create(options(target));
    } catch (cause) {
      releaseLock();
      throw new Error(`Could not open the PGlite database in ${target.dataDir}`, { cause });
    }
  } else {
    client = await PGlite.create(options(target));
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    queryPrepared: pglitePreparedQuery(client),
    bulkTransaction: (work) =>
      client.transaction((tx) =>
        work(drizzle({ client: tx as never, schema }) as unknown as Db, pgliteBulkLoader(tx)),
      ),
    listen: (channel, onNotify, onListen) => {
      // One process, one session: this hears its own commits, including an operator's SQL run here.
      client.listen(channel, onNotify).then(onListen, () => {});
    },
    ping: async () => {
      await client.query('select 1');
    },
    // One process holds the data directory (data-dir-lock.ts): nobody else could hold the lock.
    tryAdvisoryLock: async () => ({ release: async () => {}, lost: new AbortController().signal }),
    kind: 'pglite',
    location: 'dataDir' in target ? target.dataDir : 'memory',
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}
