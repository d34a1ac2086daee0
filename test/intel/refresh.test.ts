import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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

describe('createIntelRefresher: a hostile or broken feed', () => {
  const EVM = '0x8589427373d6d84e98730d7795d8f6f8731fda16';
  /** Serves a few paths on 127.0.0.1; `bytesSent` counts the body bytes each path wrote. */
  let hostile: Server;
  let base = '';
  let port = 0;
  const bytesSent: Record<string, number> = {};
  let tempDir = '';

  /** Writes `total` bytes of `fill` in 64 KiB chunks, waiting for the socket, and stops if the client goes. */
  function stream(response: ServerResponse, path: string, total: number, fill: string) {
    const chunk = Buffer.alloc(64 * 1024, fill);
    bytesSent[path] = 0;
    const write = () => {
      while ((bytesSent[path] ?? 0) < total && !response.destroyed) {
        bytesSent[path] = (bytesSent[path] ?? 0) + chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', write);
          return;
        }
      }
      if (!response.destroyed) response.end();
    };
    write();
  }

  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'chainwarden-refresh-test-'));
    hostile = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      if (path === '/good.txt') response.writeHead(200).end(`${EVM}\n`);
      // 600 MiB without a line break, as in the report, but cut by the test's 1 MiB limit.
      else if (path === '/endless.txt') stream(response.writeHead(200), path, 600 * 1024 * 1024, 'a');
      // Under the download limit, yet one line longer than any list row.
      else if (path === '/one-line.txt') stream(response.writeHead(200), path, 2 * 1024 * 1024, 'b');
      else if (path === '/declared.txt') {
        response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
        stream(response, path, 10 * 1024 * 1024, 'c');
      } else if (path === '/to-other-host.txt')
        response.writeHead(302, { location: `http://localhost:${port}/good.txt` }).end();
      else if (path === '/to-other-port.txt')
        response.writeHead(302, { location: `http://127.0.0.1:${port + 1}/good.txt` }).end();
      else if (path === '/to-same-host.txt') response.writeHead(301, { location: '/good.txt' }).end();
      else if (path === '/loop.txt') response.writeHead(307, { location: '/loop.txt' }).end();
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    port = (hostile.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    hostile?.closeAllConnections();
    await new Promise((resolve) => hostile?.close(resolve));
    await rm(tempDir, { recursive: true, force: true });
  });

  /** Imports a good edition of `source`, then refreshes it from `path` with a 1 MiB download limit. */
  async function refreshFrom(source: string, path: string, maxDownloadBytes = 1024 * 1024) {
    const good = createIntelRefresher({
      lists: context.stores.lists,
      feeds: [{ url: `${base}/good.txt`, source, kind: 'scam' }],
      intervalMs: 60_000,
      tempDir,
    });
    expect(await good.refreshNow()).toEqual([expect.objectContaining({ status: 'imported', count: 1 })]);
    const runs: RefreshEvent[][] = [];
    const refresher = createIntelRefresher({
      lists: context.stores.lists,
      feeds: [{ url: `${base}${path}`, source, kind: 'scam' }],
      intervalMs: 60_000,
      maxDownloadBytes,
      tempDir,
      onRunDone: (events) => runs.push(events),
    });
    const events = await refresher.refreshNow();
    expect(runs).toEqual([events]);
    // The old edition keeps answering, and nothing is left on disk.
    expect(await context.stores.lists.hitsFor(EVM)).toEqual(
      expect.arrayContaining([expect.objectContaining({ source })]),
    );
    expect(await readdir(tempDir)).toEqual([]);
    return events;
  }

  it('stops a download at the size limit (600 MiB without a line break), keeping the old list', async () => {
    const [event] = await refreshFrom('endless-feed', '/endless.txt');
    expect(event).toMatchObject({
      status: 'failed',
      reason: `${base}/endless.txt sent more than the 1 MiB limit (INTEL_MAX_DOWNLOAD_MB); the download was stopped`,
    });
    expect(bytesSent['/endless.txt']).toBeLessThan(64 * 1024 * 1024);
  });

  it('reads a downloaded line longer than any list row as one invalid row, not a crash', async () => {
    const [event] = await refreshFrom('one-line-feed', '/one-line.txt', 4 * 1024 * 1024);
    expect(event).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining(
        'none of its 1 rows is a valid address; line 1: longer than 64 Ki characters, so not a list row',
      ),
    });
  });

  it('refuses a download whose Content-Length is over the limit before reading it, without showing the key', async () => {
    const [event] = await refreshFrom('declared-feed', '/declared.txt?key=SECRET-TOKEN');
    expect(event).toMatchObject({
      status: 'failed',
      url: `${base}/declared.txt?…`,
      reason: `${base}/declared.txt?… is 10 MiB, over the 1 MiB limit (INTEL_MAX_DOWNLOAD_MB)`,
    });
    expect(JSON.stringify(event)).not.toContain('SECRET-TOKEN');
    expect(bytesSent['/declared.txt']).toBeLessThan(10 * 1024 * 1024);
  });

  it('follows a redirect on the same host and port, and refuses one to another host or port', async () => {
    const [same] = await refreshFrom('same-host-feed', '/to-same-host.txt');
    expect(same).toMatchObject({ status: 'imported', count: 1 });
    const [otherHost] = await refreshFrom('other-host-feed', '/to-other-host.txt');
    expect(otherHost).toMatchObject({
      status: 'failed',
      reason: `${base}/to-other-host.txt redirected to another host (http://localhost:${port}), which is not followed; point the feed at the file itself or allow the host in INTEL_REDIRECT_HOSTS`,
    });
    const [otherPort] = await refreshFrom('other-port-feed', '/to-other-port.txt');
    expect(otherPort).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining(`redirected to another host (http://127.0.0.1:${port + 1})`),
    });
    const [loop] = await refreshFrom('loop-feed', '/loop.txt');
    expect(loop).toMatchObject({ status: 'failed', reason: `more than 5 redirects from ${base}/loop.txt` });
  });

  it('refuses plain http to a host that is not loopback, before connecting', async () => {
    let fetched = false;
    const refresher = createIntelRefresher({
      lists: context.stores.lists,
      feeds: [{ url: 'http://lists.example/scams.txt?key=SECRET', source: 'plain-feed', kind: 'scam' }],
      intervalMs: 60_000,
      tempDir,
      fetch: async () => {
        fetched = true;
        return new Response('');
      },
    });
    const [event] = await refresher.refreshNow();
    expect(event).toMatchObject({ status: 'failed', reason: expect.stringContaining('must use https') });
    expect(JSON.stringify(event)).not.toContain('SECRET');
    expect(fetched).toBe(false);
  });

  it('removes at start the download directories of a process that died mid-download, and keeps a live one’s', async () => {
    const stale = await mkdtemp(join(tempDir, 'stale-'));
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.once('exit', () => resolve(child.pid ?? 0));
    });
    const made = async (name: string) => {
      const path = join(stale, name);
      await mkdir(path);
      await writeFile(join(path, 'SDN_ADVANCED.ZIP'), 'partial download');
      return path;
    };
    const earlierRelease = await made('chainwarden-intel-Ab12Cd');
    const deadProcess = await made(`chainwarden-intel-${dead}-Ab12Cd`);
    // A container restarts with the same pid: this pid's directory from before this process started.
    const samePidEarlier = await made(`chainwarden-intel-${process.pid}-Ab12Cd`);
    const beforeStart = new Date(Date.now() - process.uptime() * 1000 - 60_000);
    await utimes(samePidEarlier, beforeStart, beforeStart);
    const liveProcess = await made(`chainwarden-intel-${process.ppid}-Ab12Cd`);
    const unrelated = await made('other-tool-Ab12Cd');

    const removed: string[][] = [];
    const runs: RefreshEvent[][] = [];
    const refresher = createIntelRefresher({
      lists: context.stores.lists,
      feeds: [{ url: `${base}/good.txt`, source: 'cleanup-feed', kind: 'scam' }],
      intervalMs: 60_000,
      tempDir: stale,
      onStaleRemoved: (directories) => removed.push(directories),
      onRunDone: (events) => runs.push(events),
    });
    refresher.start();
    await vi.waitFor(() => expect(runs).toHaveLength(1), { timeout: 15_000 });
    await refresher.stop();
    expect(removed).toEqual([expect.arrayContaining([earlierRelease, deadProcess, samePidEarlier])]);
    expect(removed[0]).toHaveLength(3);
    expect((await readdir(stale)).sort()).toEqual([basename(liveProcess), basename(unrelated)].sort());
  });
});
