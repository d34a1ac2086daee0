/** The `ChainCursorStore` port: the last block the watch poller read on each chain, and its hash. */
import { eq } from 'drizzle-orm';
import type { ChainCursorStore } from '../core/index.js';
import type { Db } from './database.js';
import { watchCursors } from './schema.js';

export function createChainCursorStore(db: Db): ChainCursorStore {
  return {
    async get(source) {
      const [row] = await db.select().from(watchCursors).where(eq(watchCursors.source, source));
      return row ? { height: row.height, hash: row.hash } : null;
    },
    async set(source, height, hash) {
      await db
        .insert(watchCursors)
        .values({ source, height, hash })
        .onConflictDoUpdate({ target: watchCursors.source, set: { height, hash, updatedAt: new Date() } });
    },
  };
}
