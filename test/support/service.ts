/**
 * The whole service as `npm start` runs it (`startService` with a parsed environment), for tests:
 * on a fresh PGlite data directory, or with TEST_DATABASE_URL on a fresh Postgres database of its
 * own, with every log line kept. No scheduled refresh unless the test's environment asks for one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningService, startService } from '../../src/service.js';
import { createTestDatabase } from './context.js';

export interface ServiceUnderTest {
  service: RunningService;
  /** The service's log, one JSON line each. */
  logLines: string[];
  /** Stops the service (again, if a test did), then drops its database or data directory. */
  close(): Promise<void>;
}

export async function startServiceUnderTest(env: Record<string, string>): Promise<ServiceUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chainwarden-service-'));
  let closeDatabase = async () => {};
  const full: Record<string, string> = {
    CHAINWARDEN_DATA_DIR: dataDir,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    // No refresh trying the network (there is none in CI); the bundled lists stay on.
    INTEL_OFAC_URL: 'off',
    INTEL_LISTS: 'off',
    ...env,
  };
  const cleanUp = async () => {
    await closeDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const logLines: string[] = [];
  try {
    if (process.env.TEST_DATABASE_URL) {
      const database = await createTestDatabase();
      full.DATABASE_URL = database.url ?? '';
      // The service opens its own connection; this one only owns the database's lifetime.
      closeDatabase = () => database.close();
    }
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    const service = await startService(parseConfig(full), createLogger('info', sink));
    return {
      service,
      logLines,
      async close() {
        await service.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
