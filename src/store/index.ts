/**
 * Storage: drizzle on PGlite (embedded default) or postgres.js (DATABASE_URL), implementing the
 * core's ports. `createStores(database)` returns every repository; `openDatabase` opens and migrates.
 */
import { type ApiKeyStore, createApiKeyStore } from './api-keys.js';
import type { Database } from './db.js';
import { createListIndex, type ListIndexOptions } from './list-index.js';
import {
  createListStore,
  createModerationLog,
  createReportStore,
  createScreeningStore,
  createSettingsStore,
} from './repositories.js';

export type { ApiKeyInfo, ApiKeyStore } from './api-keys.js';
export {
  type Database,
  type DatabaseTarget,
  DataDirInUseError,
  type Db,
  defaultPoolSize,
  openDatabase,
  redactUrl,
  rowsOf,
} from './db.js';

export interface Stores {
  screening: ReturnType<typeof createScreeningStore>;
  reports: ReturnType<typeof createReportStore>;
  lists: ReturnType<typeof createListStore>;
  settings: ReturnType<typeof createSettingsStore>;
  moderationLog: ReturnType<typeof createModerationLog>;
  apiKeys: ApiKeyStore;
}

export interface StoreOptions {
  /** Past this many list entries, screens probe the lists in SQL instead of memory (list-index.ts). */
  listMemoryMaxEntries?: number;
  logger?: ListIndexOptions['logger'];
}

export function createStores(database: Database, options: StoreOptions = {}): Stores {
  const { db } = database;
  const listIndex = createListIndex(database, {
    maxEntries: options.listMemoryMaxEntries,
    logger: options.logger,
  });
  return {
    screening: createScreeningStore(database, listIndex),
    reports: createReportStore(db),
    // An import that committed is not reported as failed when the reload after it fails: the next
    // screen retries the load and waits for it.
    lists: createListStore(db, () =>
      listIndex.refresh().catch((error: unknown) => {
        options.logger?.warn({ err: error }, 'could not reload the imported lists after an import');
      }),
    ),
    settings: createSettingsStore(db),
    moderationLog: createModerationLog(db),
    apiKeys: createApiKeyStore(db),
  };
}
