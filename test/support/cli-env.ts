/**
 * Storage for a CLI or service run as its own process would see it: a fresh PGlite data directory,
 * and on the Postgres run (TEST_DATABASE_URL) a fresh database of its own in DATABASE_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from './context.js';

export interface CliEnv {
  dataDir: string;
  env: Record<string, string | undefined>;
  close(): Promise<void>;
}

export async function createCliEnv(prefix: string, extra: Record<string, string> = {}): Promise<CliEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  // Tests bring their own lists (the bundled snapshot has its own tests) and never reach the network.
  const env: Record<string, string | undefined> = {
    CHAINWARDEN_DATA_DIR: dataDir,
    USER: 'tester',
    CHAINWARDEN_BUNDLED_LISTS: 'off',
    INTEL_OFAC_URL: 'off',
    INTEL_LISTS: 'off',
    ...extra,
  };
  let closeDatabase = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url ?? undefined;
    closeDatabase = () => database.close();
  }
  return {
    dataDir,
    env,
    async close() {
      await closeDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
