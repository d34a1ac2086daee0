/**
 * A Discord login stuck on a platform that accepts connections and never answers does not hold up
 * the service's stop (a container's stop grace period is often 10 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startService } from '../src/service.js';
import { createTestDatabase } from './support/context.js';

const sockets = new Set<Socket>();
const silent = createServer((socket) => {
  sockets.add(socket); // held open, never answered
  socket.on('close', () => sockets.delete(socket));
});
const dataDir = mkdtempSync(join(tmpdir(), 'chainwarden-stuck-'));
let closeDatabase = async () => {};

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await closeDatabase();
  rmSync(dataDir, { recursive: true, force: true });
});

it('stops within seconds while the Discord login waits on a platform that never answers', async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  const env: Record<string, string> = {
    CHAINWARDEN_DATA_DIR: dataDir,
    HTTP_PORT: '0',
    DISCORD_TOKEN: 'stuck-test-token',
    DISCORD_APPLICATION_ID: '1100000000000000011',
    DISCORD_API_ROOT: `http://127.0.0.1:${port}/api`,
    INTEL_OFAC_URL: 'off',
    INTEL_LISTS: 'off',
  };
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url ?? '';
    closeDatabase = () => database.close();
  }
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const service = await startService(parseConfig(env), createLogger('info', quiet));
  // The login is under way: Discord's REST has been asked for the gateway and holds the request.
  await vi.waitFor(() => expect(sockets.size).toBeGreaterThan(0), { timeout: 10_000 });
  const started = performance.now();
  await service.stop();
  expect(performance.now() - started).toBeLessThan(3_000);
}, 60_000);
