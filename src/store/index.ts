/**
 * Storage: drizzle on PGlite (embedded default) or postgres.js (DATABASE_URL), implementing the
 * core's ports. `createStores(database)` returns every repository; `openDatabase` opens and migrates.
 */
import { type ApiKeyStore, createApiKeyStore } from './api-keys.js';
import type { Database } from './db.js';
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

export function createStores(database: Database): Stores {
  const { db } = database;
  return {
    screening: createScreeningStore(database),
    reports: createReportStore(db),
    lists: createListStore(db),
    settings: createSettingsStore(db),
    moderationLog: createModerationLog(db),
    apiKeys: createApiKeyStore(db),
  };
}
