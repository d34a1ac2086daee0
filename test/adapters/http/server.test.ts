import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { listenHttp } from '../../../src/adapters/http/index.js';
import { createLogger } from '../../../src/logger.js';

const logs: Array<{ msg: string; url?: string }> = [];
const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line)) });

it('listens on a free port with port 0 and logs the URL', async () => {
  const app = new Hono().get('/', (c) => c.text('up'));
  const listener = await listenHttp(app, { port: 0, host: '127.0.0.1', logger });
  try {
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.url).toBe(`http://127.0.0.1:${listener.port}`);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'HTTP API listening', url: listener.url }));
    expect(await (await fetch(listener.url)).text()).toBe('up');
  } finally {
    await listener.close();
  }
});

it('on close, stops accepting, lets an in-flight request finish, then resolves', async () => {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = () => {};
  const inFlight = new Promise<void>((resolve) => {
    started = resolve;
  });
  const app = new Hono().get('/slow', async (c) => {
    started();
    await released;
    return c.text('finished');
  });
  const listener = await listenHttp(app, { port: 0, host: '127.0.0.1', logger });

  const slow = fetch(`${listener.url}/slow`);
  await inFlight;
  let closed = false;
  const closing = listener.close().then(() => {
    closed = true;
  });
  await expect(fetch(`${listener.url}/slow`)).rejects.toThrow();
  expect(closed).toBe(false);

  release();
  const response = await slow;
  expect(await response.text()).toBe('finished');
  await closing;
  expect(closed).toBe(true);
});

it('cuts requests still running after the shutdown timeout', async () => {
  const app = new Hono().get('/stuck', () => new Promise<Response>(() => {}));
  const listener = await listenHttp(app, { port: 0, host: '127.0.0.1', logger, shutdownTimeoutMs: 200 });
  const stuck = fetch(`${listener.url}/stuck`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await listener.close();
  expect(Date.now() - started).toBeLessThan(2000);
  await expect(stuck).rejects.toThrow();
});
