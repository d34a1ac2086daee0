/**
 * Storage: drizzle on PGlite (embedded default) or postgres.js (DATABASE_URL), implementing the
 * core's ports, one file per port. `openDatabase` opens and migrates; `createStores(database)`
 * returns every store. The only place in the service with SQL or a database driver: what the rest
 * needs of the database itself (`database.ping()`, `runExclusively`) is a function here.
 */
import { type ApiKeyStore, createApiKeyStore } from './api-keys.js';
import { createAppealStore } from './appeal-store.js';
import { createCommunityStore } from './community-store.js';
import type { Database } from './database.js';
import { createListIndex, type ListIndexOptions } from './list-index.js';
import { createListStore } from './list-store.js';
import { createMemberSightings } from './member-sightings.js';
import { createModerationLog } from './moderation-log.js';
import { createReportStore } from './report-store.js';
import { createReviewStore } from './review-store.js';
import { createScreeningStore } from './screening-store.js';
import { createSettingsStore } from './settings-store.js';
import { classifyFailures } from './unavailable.js';
import { createWebSessionStore, type WebSessionStore } from './web-sessions.js';

export { API_KEY_SCOPES, type ApiKeyInfo, type ApiKeyScope, type ApiKeyStore } from './api-keys.js';
export { DataDirInUseError } from './data-dir-lock.js';
export { type Database, type DatabaseTarget, type Db, openDatabase } from './database.js';
export { type ExclusiveOutcome, runExclusively } from './exclusive.js';
export { redactUrl } from './redact-url.js';
export { rekeyListedStrings } from './rekey-listed.js';
export {
  LOGIN_LINK_TTL_MS,
  type LoginLinkProblem,
  type RedeemResult,
  SESSION_TTL_MS,
  type WebIdentity,
  type WebSession,
  type WebSessionStore,
} from './web-sessions.js';

export interface Stores {
  screening: ReturnType<typeof createScreeningStore>;
  reports: ReturnType<typeof createReportStore>;
  lists: ReturnType<typeof createListStore>;
  settings: ReturnType<typeof createSettingsStore>;
  moderationLog: ReturnType<typeof createModerationLog>;
  communities: ReturnType<typeof createCommunityStore>;
  apiKeys: ApiKeyStore;
  webSessions: WebSessionStore;
  appeals: ReturnType<typeof createAppealStore>;
  sightings: ReturnType<typeof createMemberSightings>;
  reviews: ReturnType<typeof createReviewStore>;
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
  // Every store rethrows "the database cannot be reached" as the core's StorageUnavailableError.
  return {
    screening: classifyFailures('screening', createScreeningStore(database, listIndex)),
    reports: classifyFailures('reports', createReportStore(db)),
    // An import that committed is not reported as failed when the reload after it fails: the next
    // screen retries the load and waits for it.
    lists: classifyFailures(
      'lists',
      createListStore(
        database,
        () =>
          listIndex.refresh().catch((error: unknown) => {
            options.logger?.warn({ err: error }, 'could not reload the imported lists after an import');
          }),
        listIndex,
      ),
    ),
    settings: classifyFailures('settings', createSettingsStore(db)),
    moderationLog: classifyFailures('moderationLog', createModerationLog(db)),
    communities: classifyFailures('communities', createCommunityStore(db)),
    apiKeys: classifyFailures('apiKeys', createApiKeyStore(db)),
    webSessions: classifyFailures('webSessions', createWebSessionStore(db)),
    appeals: classifyFailures('appeals', createAppealStore(db)),
    sightings: classifyFailures('sightings', createMemberSightings(db)),
    reviews: classifyFailures('reviews', createReviewStore(db)),
  };
}
