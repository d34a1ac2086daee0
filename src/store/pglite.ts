/** PGlite: Postgres in WASM, in this process, in a data directory (locked to one process) or in memory. */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { pgliteBulkLoader } from './bulk-load.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { Database, Db } from './database.js';
import { pglitePreparedQuery } from './pglite-prepared.js';
import * as schema from './schema.js';

export async function openPglite(target: { dataDir: string } | { memory: true }): Promise<Database> {
  let releaseLock = () => {};
  let client: PGlite;
  if ('dataDir' in target) {
    // The database holds reporters' ids and API key hashes: only this user may read it.
    mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
    releaseLock = acquireDataDirLock(target.dataDir);
    try {
      client = await PGlite.create({ dataDir: target.dataDir });
    } catch (cause) {
      releaseLock();
      throw new Error(`Could not open the PGlite database in ${target.dataDir}`, { cause });
    }
  } else {
    client = await PGlite.create();
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
    kind: 'pglite',
    location: 'dataDir' in target ? target.dataDir : 'memory',
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}
