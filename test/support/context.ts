/**
 * Real storage for tests: a fresh in-memory PGlite database, or, when TEST_DATABASE_URL is set, a
 * fresh database created on that Postgres server and dropped at close, so runs never see each
 * other's rows. Share one per test file (beforeAll/afterAll): PGlite takes ~1.5 s to start.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type ChainwardenPorts, createChainwarden } from '../../src/core/screening.js';
import type { Chainwarden } from '../../src/core/service.js';
import { createStores, type Database, openDatabase, type Stores } from '../../src/store/index.js';

export interface TestContext {
  chainwarden: Chainwarden;
  stores: Stores;
  database: Database;
  close(): Promise<void>;
}

export type TestContextOptions = Partial<Pick<ChainwardenPorts, 'chain' | 'now' | 'limits' | 'lookalike'>>;

/** `url` is the fresh Postgres database's URL (null on PGlite), for code under test that opens its own. */
export async function createTestDatabase(): Promise<Database & { url: string | null }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { ...(await openDatabase({ memory: true })), url: null };
  const name = `chainwarden_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const stores = createStores(database);
  const chainwarden = createChainwarden({ ...stores, ...options });
  return { chainwarden, stores, database, close: () => database.close() };
}
