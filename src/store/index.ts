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
import { createExposureStore } from './exposure-store.js';
import { createHistoryLog } from './history-log.js';
import { createListIndex, type ListIndexOptions } from './list-index.js';
import { createListStore } from './list-store.js';
import { createMemberSightings } from './member-sightings.js';
import { createModerationLog } from './moderation-log.js';
import { createReportStore } from './report-store.js';
import { createReviewStore } from './review-store.js';
import { createScreeningStore } from './screening-store.js';
import { createSettingsStore } from './settings-store.js';
import {
  createSignalsCache,
  DEFAULT_SIGNALS_CACHE_MS,
  invalidatesOnWrite,
  SIGNALS_CHANGED_CHANNEL,
} from './signals-cache.js';
import { classifyFailures } from './unavailable.js';
import { createWatchAlertStore } from './watch-alert-store.js';
import { createChainCursorStore } from './watch-cursor-store.js';
import { createWatchStore } from './watch-store.js';
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
  watches: ReturnType<typeof createWatchStore>;
  watchAlerts: ReturnType<typeof createWatchAlertStore>;
  chainCursors: ReturnType<typeof createChainCursorStore>;
  sightings: ReturnType<typeof createMemberSightings>;
  appeals: ReturnType<typeof createAppealStore>;
  exposure: ReturnType<typeof createExposureStore>;
  webSessions: WebSessionStore;
  reviews: ReturnType<typeof createReviewStore>;
  /**
   * Something a screen reads changed other than through these stores (raw SQL in this process):
   * recent screens' answers are forgotten. Writes through the stores, and any write on Postgres
   * that the database's triggers see, do this by themselves (signals-cache.ts).
   */
  signalsChanged(): void;
  historyLog: ReturnType<typeof createHistoryLog>;
}

export interface StoreOptions {
  /** Past this many list entries, screens probe the lists in SQL instead of memory (list-index.ts). */
  listMemoryMaxEntries?: number;
  logger?: ListIndexOptions['logger'];
  /** How long a screen's answer is reused at most (signals-cache.ts); 0 reads the database every time. */
  screeningCacheMs?: number;
}

export function createStores(database: Database, options: StoreOptions = {}): Stores {
  const { db } = database;
  const listIndex = createListIndex(database, {
    maxEntries: options.listMemoryMaxEntries,
    logger: options.logger,
  });
  const cache = createSignalsCache(options.screeningCacheMs ?? DEFAULT_SIGNALS_CACHE_MS);
  if ((options.screeningCacheMs ?? DEFAULT_SIGNALS_CACHE_MS) > 0) {
    // Each (re)connection forgets too: notifications sent while the listener was down are lost.
    database.listen(SIGNALS_CHANGED_CHANNEL, cache.invalidate, cache.invalidate);
  }
  // Every store rethrows "the database cannot be reached" as the core's StorageUnavailableError,
  // and every write empties the screening cache once it is done (the names: what leaves it alone).
  return {
    screening: classifyFailures(
      'screening',
      invalidatesOnWrite(
        createScreeningStore(database, listIndex, cache),
        // It forgets by itself when a sighting is new: a repeated one only moves last_seen.
        ['signalsFor', 'noteCommunityAddress'],
        cache,
      ),
    ),
    reports: classifyFailures('reports', invalidatesOnWrite(createReportStore(db), ['listReports'], cache)),
    // An import that committed is not reported as failed when the reload after it fails: the next
    // screen retries the load and waits for it.
    lists: classifyFailures(
      'lists',
      invalidatesOnWrite(
        createListStore(
          database,
          () =>
            listIndex.refresh().catch((error: unknown) => {
              options.logger?.warn({ err: error }, 'could not reload the imported lists after an import');
            }),
          listIndex,
        ),
        ['hitsFor', 'listedKeys', 'listSources'],
        cache,
      ),
    ),
    settings: classifyFailures('settings', createSettingsStore(db)),
    moderationLog: classifyFailures('moderationLog', createModerationLog(db)),
    communities: classifyFailures(
      'communities',
      invalidatesOnWrite(createCommunityStore(db), ['noteTitle', 'list'], cache),
    ),
    apiKeys: classifyFailures('apiKeys', createApiKeyStore(db)),
    watches: classifyFailures('watches', createWatchStore(db)),
    watchAlerts: classifyFailures('watchAlerts', createWatchAlertStore(db)),
    chainCursors: classifyFailures('chainCursors', createChainCursorStore(db)),
    sightings: classifyFailures('sightings', createMemberSightings(db)),
    // Filing and deciding appeals change what a screen reads (its appeal probe; dismissed reports).
    appeals: classifyFailures(
      'appeals',
      invalidatesOnWrite(
        createAppealStore(db),
        ['saveChallenge', 'findChallenge', 'latestChallenge', 'getAppeal', 'listAppeals'],
        cache,
      ),
    ),
    exposure: classifyFailures('exposure', createExposureStore(database, listIndex)),
    webSessions: classifyFailures('webSessions', createWebSessionStore(db)),
    reviews: classifyFailures(
      'reviews',
      invalidatesOnWrite(createReviewStore(db), ['pendingReports', 'pendingAppeals'], cache),
    ),
    signalsChanged: cache.invalidate,
    historyLog: classifyFailures('historyLog', createHistoryLog(db)),
  };
}
