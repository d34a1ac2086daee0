import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIntelRefresher, type RefreshEvent } from '../../src/intel/index.js';
import { createTestContext, type TestContext } from '../support/context.js';

const DARKLIST = join(import.meta.dirname, '../fixtures/intel/lists/addresses-darklist.json');
const OFAC = join(import.meta.dirname, '../fixtures/intel/ofac/sdn_advanced-constructed.xml');

/** A publisher: serves each file with an ETag, answers 304 to a matching If-None-Match, or fails on demand. */
interface Publisher {
  server: Server;
  base: string;
  requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
  failWith: number | null;
}

async function startPublisher(files: Record<string, { body: Buffer; etag: string }>): Promise<Publisher> {
  const publisher: Publisher = { server: createServer(), base: '', requests: [], failWith: null };
  publisher.server.on('request', (request, response) => {
    publisher.requests.push({ url: request.url ?? '', headers: request.headers });
    const file = files[request.url ?? ''];
    if (publisher.failWith) {
      response.writeHead(publisher.failWith, { 'content-type': 'text/plain' }).end('upstream trouble');
    } else if (!file) {
      response.writeHead(404).end();
    } else if (request.headers['if-none-match'] === file.etag) {
      response.writeHead(304, { etag: file.etag }).end();
    } else {
      response
        .writeHead(200, { etag: file.etag, 'last-modified': 'Fri, 27 Sep 2024 00:00:00 GMT' })
        .end(file.body);
    }
  });
  await new Promise<void>((resolve) => publisher.server.listen(0, '127.0.0.1', resolve));
  publisher.base = `http://127.0.0.1:${(publisher.server.address() as AddressInfo).port}`;
  return publisher;
}

async function stopPublisher(publisher: Publisher): Promise<void> {
  // fetch keeps connections alive; close them instead of waiting for their idle timeout.
  publisher.server.closeAllConnections();
  await new Promise((resolve) => publisher.server.close(resolve));
}

let context: TestContext;
let publisher: Publisher;
beforeAll(async () => {
  context = await createTestContext();
  publisher = await startPublisher({
    '/lists/addresses-darklist.json': { body: await readFile(DARKLIST), etag: '"darklist-v1"' },
    '/exports/SDN_ADVANCED.XML': { body: await readFile(OFAC), etag: '"sdn-v1"' },
  });
});
afterAll(async () => {
  await context?.close();
  if (publisher) await stopPublisher(publisher);
});

describe('createIntelRefresher', () => {
  it('downloads and imports, then sends the ETag and does nothing on 304, then keeps the data on a 500', async () => {
    const events: RefreshEvent[] = [];
    const refresher = createIntelRefresher({
      lists: context.stores.lists,
      ofacUrl: `${publisher.base}/exports/SDN_ADVANCED.XML`,
      feeds: [
        {
          url: `${publisher.base}/lists/addresses-darklist.json`,
          source: 'mew-darklist',
          kind: 'scam',
          category: 'phishing',
        },
      ],
      intervalMs: 60_000,
      onEvent: (event) => events.push(event),
    });

    const first = await refresher.refreshNow();
    expect(first).toEqual([
      expect.objectContaining({ source: 'ofac-sdn', status: 'imported', count: 12, listDate: '2024-09-27' }),
      expect.objectContaining({ source: 'mew-darklist', status: 'imported', count: 652, invalid: 0 }),
    ]);
    expect(events).toEqual(first);
    expect(await context.stores.lists.hitsFor('0x09750ad360fdb7a2ee23669c4503c974d86d8694')).toMatchObject([
      { source: 'mew-darklist', category: 'phishing' },
    ]);

    const second = await refresher.refreshNow();
    expect(second.map((event) => event.status)).toEqual(['not-modified', 'not-modified']);
    const conditional = publisher.requests.slice(-2).map((request) => request.headers);
    expect(conditional.map((headers) => headers['if-none-match'])).toEqual(['"sdn-v1"', '"darklist-v1"']);
    expect(conditional[0]?.['if-modified-since']).toBe('Fri, 27 Sep 2024 00:00:00 GMT');

    publisher.failWith = 500;
    const third = await refresher.refreshNow();
    expect(third).toEqual([
      expect.objectContaining({
        source: 'ofac-sdn',
        status: 'failed',
        reason: expect.stringContaining('HTTP 500'),
      }),
      expect.objectContaining({ source: 'mew-darklist', status: 'failed' }),
    ]);
    expect(await context.stores.lists.hitsFor('0x8589427373d6d84e98730d7795d8f6f8731fda16')).toMatchObject([
      { source: 'ofac-sdn', entity: 'TORNADO CASH' },
    ]);
    expect(await context.stores.lists.hitsFor('0x09750ad360fdb7a2ee23669c4503c974d86d8694')).toHaveLength(1);
    publisher.failWith = null;
  });

  it('never shows a feed URL’s key: events (and so the logs) drop the query string', async () => {
    const refresher = createIntelRefresher({
      lists: context.stores.lists,
      feeds: [
        {
          url: `${publisher.base}/lists/private.json?key=SECRET-TOKEN`,
          source: 'private-feed',
          kind: 'scam',
        },
      ],
      intervalMs: 60_000,
    });
    const [event] = await refresher.refreshNow();
    expect(event).toMatchObject({
      status: 'failed',
      url: `${publisher.base}/lists/private.json?…`,
      reason: `HTTP 404 from ${publisher.base}/lists/private.json?…`,
    });
    expect(JSON.stringify(event)).not.toContain('SECRET-TOKEN');
  });

  it('does not remember the ETag of a download that failed to import', async () => {
    const broken = await startPublisher({
      '/bad.json': { body: Buffer.from('{"not": "a list"'), etag: '"bad-v1"' },
    });
    try {
      const refresher = createIntelRefresher({
        lists: context.stores.lists,
        feeds: [{ url: `${broken.base}/bad.json`, source: 'broken-feed', kind: 'scam' }],
        intervalMs: 60_000,
      });
      expect(await refresher.refreshNow()).toEqual([
        expect.objectContaining({ status: 'failed', reason: expect.stringContaining('not valid JSON') }),
      ]);
      await refresher.refreshNow();
      expect(broken.requests.map((request) => request.headers['if-none-match'])).toEqual([
        undefined,
        undefined,
      ]);
    } finally {
      await stopPublisher(broken);
    }
  });

  it('skips, on a schedule, a list imported less than an interval ago, and runs under the exclusive hook', async () => {
    const events: RefreshEvent[] = [];
    let exclusiveRuns = 0;
    const requestsBefore = publisher.requests.length;
    const refresher = createIntelRefresher({
      lists: context.stores.lists,
      feeds: [
        { url: `${publisher.base}/lists/addresses-darklist.json`, source: 'mew-darklist', kind: 'scam' },
      ],
      // Thirty days: longer than setTimeout can wait, so it must be clamped, not fire at once.
      intervalMs: 30 * 24 * 3600_000,
      onEvent: (event) => events.push(event),
      runExclusive: async (work) => {
        exclusiveRuns += 1;
        return work();
      },
    });
    refresher.start();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await refresher.stop();
    expect(events).toEqual([expect.objectContaining({ source: 'mew-darklist', status: 'fresh' })]);
    expect(exclusiveRuns).toBe(1);
    expect(publisher.requests.length).toBe(requestsBefore);
  });

  it('refreshes, on a schedule, a list the bundled snapshot loaded moments ago, and stores it as refreshed', async () => {
    await context.stores.lists.replaceList(
      { source: 'bundled-darklist', kind: 'scam', listDate: '2020-11-17', origin: 'bundled' },
      (async function* () {})(),
    );
    const runs: RefreshEvent[][] = [];
    const refresher = createIntelRefresher({
      lists: context.stores.lists,
      feeds: [
        { url: `${publisher.base}/lists/addresses-darklist.json`, source: 'bundled-darklist', kind: 'scam' },
      ],
      intervalMs: 60_000,
      onRunDone: (events) => runs.push(events),
    });
    refresher.start();
    await vi.waitFor(() => expect(runs).toHaveLength(1), { timeout: 15_000 });
    await refresher.stop();
    expect(runs[0]).toEqual([expect.objectContaining({ source: 'bundled-darklist', status: 'imported' })]);
    const stored = (await context.stores.lists.listSources()).find(
      (list) => list.source === 'bundled-darklist',
    );
    expect(stored).toMatchObject({ origin: 'refreshed', count: 652 });
  });

  it('stops at once while a download hangs (no network), without waiting for its timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/SDN_ADVANCED.ZIP`;
    try {
      const runs: RefreshEvent[][] = [];
      const refresher = createIntelRefresher({
        lists: context.stores.lists,
        ofacUrl: url,
        intervalMs: 60_000,
        timeoutMs: 60_000,
        onRunDone: (events) => runs.push(events),
      });
      const running = refresher.refreshNow();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await refresher.stop();
      expect(Date.now() - started).toBeLessThan(2000);
      await running;
      expect(runs).toEqual([[expect.objectContaining({ source: 'ofac-sdn', status: 'failed' })]]);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('lets a run in progress finish when stopped', async () => {
    const slow = createServer((_request, response) => {
      setTimeout(() => response.writeHead(500).end(), 300);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/list.txt`;
    try {
      const events: RefreshEvent[] = [];
      const refresher = createIntelRefresher({
        lists: context.stores.lists,
        feeds: [{ url, source: 'slow-feed', kind: 'scam' }],
        intervalMs: 60_000,
        onEvent: (event) => events.push(event),
      });
      refresher.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await refresher.stop();
      expect(events).toEqual([expect.objectContaining({ source: 'slow-feed', status: 'failed' })]);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('reports every feed as failed, not silence, when the database is down on a scheduled run', async () => {
    const down = await createTestContext();
    await down.close();
    const events: RefreshEvent[] = [];
    const refresher = createIntelRefresher({
      lists: down.stores.lists,
      feeds: [
        { url: `${publisher.base}/lists/addresses-darklist.json`, source: 'feed-a', kind: 'scam' },
        { url: `${publisher.base}/lists/addresses-darklist.json`, source: 'feed-b', kind: 'scam' },
      ],
      intervalMs: 60_000,
      onEvent: (event) => events.push(event),
    });
    refresher.start();
    await vi.waitFor(() => expect(events).toHaveLength(2));
    await refresher.stop();
    expect(events.map((e) => [e.source, e.status])).toEqual([
      ['feed-a', 'failed'],
      ['feed-b', 'failed'],
    ]);
  });
});
