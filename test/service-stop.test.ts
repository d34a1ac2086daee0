/**
 * A Discord login stuck on a platform that accepts connections and never answers does not hold up
 * the service's stop (a container's stop grace period is often 10 s).
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, expect, it, vi } from 'vitest';
import { type ServiceUnderTest, startServiceUnderTest } from './support/service.js';

const sockets = new Set<Socket>();
const silent = createServer((socket) => {
  sockets.add(socket); // held open, never answered
  socket.on('close', () => sockets.delete(socket));
});
let running: ServiceUnderTest | undefined;

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await running?.close();
});

it('stops within seconds while the Discord login waits on a platform that never answers', async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  running = await startServiceUnderTest({
    DISCORD_TOKEN: 'stuck-test-token',
    DISCORD_APPLICATION_ID: '1100000000000000011',
    DISCORD_API_ROOT: `http://127.0.0.1:${port}/api`,
  });
  const { service } = running;
  // The login is under way: Discord's REST has been asked for the gateway and holds the request.
  await vi.waitFor(() => expect(sockets.size).toBeGreaterThan(0), { timeout: 10_000 });
  const started = performance.now();
  await service.stop();
  expect(performance.now() - started).toBeLessThan(3_000);
}, 60_000);
