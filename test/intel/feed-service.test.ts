/**
 * The running service against a hostile list feed: 600 MiB without a line break, from the report
 * that crash-looped the service. The download stops at INTEL_MAX_DOWNLOAD_MB (1 here, to keep the
 * test fast), the failure is logged once without the feed's key, and the bundled list keeps answering.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningService } from '../../src/service.js';
import { type ServiceUnderTest, startServiceUnderTest } from '../support/service.js';

const DARKLISTED = '0x09750ad360fdb7a2ee23669c4503c974d86d8694';

let feed: Server;
let bytesSent = 0;
let running: ServiceUnderTest;
let service: RunningService;
let logLines: string[] = [];

beforeAll(async () => {
  feed = createServer((_request, response) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    response.writeHead(200);
    const write = () => {
      while (bytesSent < 600 * 1024 * 1024 && !response.destroyed) {
        bytesSent += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', write);
          return;
        }
      }
      if (!response.destroyed) response.end();
    };
    write();
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/darklist.txt?key=FEED-SECRET`;
  running = await startServiceUnderTest({
    // The bundled snapshot holds an older mew-darklist: the refresh would replace it.
    INTEL_LISTS: `mew-darklist=scam:${url}`,
    INTEL_MAX_DOWNLOAD_MB: '1',
  });
  ({ service, logLines } = running);
}, 120_000);

afterAll(async () => {
  await running?.close();
  feed?.closeAllConnections();
  await new Promise((resolve) => feed?.close(resolve));
});

describe('the service with a list feed that never ends a line', () => {
  it('stops the download at the limit, logs it once without the key, and keeps answering from the old list', async () => {
    const failures = () =>
      logLines
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.msg?.startsWith('list refresh failed'));
    await vi.waitFor(() => expect(failures()).toHaveLength(1), { timeout: 60_000, interval: 200 });
    expect(failures()[0].failed).toEqual([
      {
        source: 'mew-darklist',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/darklist\.txt\?…$/),
        reason: expect.stringContaining('sent more than the 1 MiB limit (INTEL_MAX_DOWNLOAD_MB)'),
      },
    ]);
    expect(logLines.join('\n')).not.toContain('FEED-SECRET');
    expect(bytesSent).toBeLessThan(64 * 1024 * 1024);

    const response = await fetch(`${service.url}/v1/addresses/${DARKLISTED}`);
    expect(response.status).toBe(200);
    const summary = (await response.json()) as { level: string; reasons: Array<{ source: string }> };
    expect(summary.level).toBe('high');
    expect(summary.reasons.map((reason) => reason.source).join(' ')).toContain('mew-darklist');
  }, 90_000);
});
