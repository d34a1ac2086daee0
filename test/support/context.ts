/**
 * Real storage for tests: a fresh in-memory PGlite database, or, when TEST_DATABASE_URL is set, a
 * fresh database created on that Postgres server and dropped at close, so runs never see each
 * other's rows. Share one per test file (beforeAll/afterAll): PGlite takes ~1.5 s to start.
 */

import { createSignatureVerifier } from '../../src/chain/ownership/index.js';
import type { Chainwarden } from '../../src/core/index.js';
import { type ChainwardenPorts, createChainwarden } from '../../src/core/index.js';
import { createStores, type Database, openDatabase, type Stores } from '../../src/store/index.js';
import { createScratchDatabase } from '../../src/store/scratch.js';

export interface TestContext {
  chainwarden: Chainwarden;
  stores: Stores;
  database: Database;
  close(): Promise<void>;
}

export type TestContextOptions = Partial<
  Pick<
    ChainwardenPorts,
    | 'chain'
    | 'history'
    | 'traceLimits'
    | 'chainTimeoutMs'
    | 'now'
    | 'limits'
    | 'lookalike'
    | 'warnings'
    | 'onBackgroundError'
    | 'watchOptions'
  >
>;

/** `url` is the fresh Postgres database's URL (null on PGlite), for code under test that opens its own. */
export async function createTestDatabase(): Promise<Database & { url: string | null }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { ...(await openDatabase({ memory: true })), url: null };
  const scratch = await createScratchDatabase(serverUrl, 'chainwarden_test');
  const database = await openDatabase({ url: scratch.url });
  return {
    ...database,
    url: scratch.url,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const stores = createStores(database);
  // A background write that fails in a test is a bug: collected here, raised at close.
  const backgroundErrors: unknown[] = [];
  const chainwarden = createChainwarden({
    ...stores,
    signatures: createSignatureVerifier(),
    onBackgroundError: (error) => backgroundErrors.push(error),
    ...options,
  });
  return {
    chainwarden,
    stores,
    database,
    async close() {
      // Community notes run in the background: let them land before the database goes away.
      await chainwarden.settled();
      await database.close();
      if (backgroundErrors.length > 0) {
        throw new Error('a background write failed during the test', { cause: backgroundErrors[0] });
      }
    },
  };
}
