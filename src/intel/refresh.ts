/**
 * Optional scheduled refresh of OFAC and scam/allow lists from URLs. Conditional GETs (ETag,
 * If-Modified-Since): 304 means nothing to do. A download is written to a temp file and then
 * imported; a failed download or import keeps the last good edition (replaceList is atomic, and
 * the validators are remembered only after a successful import).
 * Run it in one replica only (the caller wraps `refreshNow` in a Postgres advisory lock or a job
 * queue); the validators live in memory, so a restart costs one full download per feed.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ListStore } from '../core/ports.js';
import type { ReportCategory } from '../core/types.js';
import { importList, importOfac, OFAC_SOURCE } from './import.js';
import type { ListFormat } from './list-file.js';

export interface RefreshFeed {
  url: string;
  source: string;
  kind: 'scam' | 'allow';
  category?: ReportCategory | null;
  format?: ListFormat;
}

export type RefreshEvent =
  | { source: string; url: string; status: 'imported'; count: number; listDate: string; invalid: number }
  | { source: string; url: string; status: 'not-modified' }
  | { source: string; url: string; status: 'failed'; reason: string };

export interface IntelRefresherOptions {
  lists: ListStore;
  /** e.g. https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.ZIP */
  ofacUrl?: string | null;
  feeds?: RefreshFeed[];
  intervalMs: number;
  /** Per download, headers to end of body. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  tempDir?: string;
  /** One call per feed per refresh: the adapter logs it. */
  onEvent?(event: RefreshEvent): void;
}

export interface IntelRefresher {
  /** Refresh every feed once, one after another. Concurrent calls share the run in progress. */
  refreshNow(): Promise<RefreshEvent[]>;
  /** Refresh now and then every `intervalMs`; the timer does not keep the process alive. */
  start(): void;
  stop(): void;
}

interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export function createIntelRefresher(options: IntelRefresherOptions): IntelRefresher {
  const {
    lists,
    intervalMs,
    timeoutMs = 120_000,
    fetch: fetchImpl = globalThis.fetch,
    tempDir = tmpdir(),
  } = options;
  const targets: Array<{ url: string; source: string; feed: RefreshFeed | null }> = [
    ...(options.ofacUrl ? [{ url: options.ofacUrl, source: OFAC_SOURCE, feed: null }] : []),
    ...(options.feeds ?? []).map((feed) => ({ url: feed.url, source: feed.source, feed })),
  ];
  const validators = new Map<string, Validators>();
  let running: Promise<RefreshEvent[]> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function refreshOne(target: (typeof targets)[number]): Promise<RefreshEvent> {
    const { url, source, feed } = target;
    const known = validators.get(url);
    const headers: Record<string, string> = {};
    if (known?.etag) headers['if-none-match'] = known.etag;
    if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
    const dir = await mkdtemp(join(tempDir, 'chainwarden-intel-'));
    try {
      const response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      if (response.status === 304) return { source, url, status: 'not-modified' };
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        return { source, url, status: 'failed', reason: `HTTP ${response.status} from ${url}` };
      }
      // Keep the URL's file name: list formats are sniffed from the extension.
      const file = join(dir, basename(new URL(url).pathname) || 'download');
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        createWriteStream(file),
      );
      const fresh: Validators = {
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
      const event: RefreshEvent = feed
        ? await importList(file, lists, {
            source,
            kind: feed.kind,
            category: feed.category ?? null,
            ...(feed.format ? { format: feed.format } : {}),
          }).then((result) => ({
            source,
            url,
            status: 'imported' as const,
            count: result.count,
            listDate: result.listDate,
            invalid: result.invalid.length,
          }))
        : await importOfac(file, lists).then((result) => ({
            source,
            url,
            status: 'imported' as const,
            count: result.count,
            listDate: result.listDate,
            invalid: 0,
          }));
      validators.set(url, fresh);
      return event;
    } catch (cause) {
      return {
        source,
        url,
        status: 'failed',
        reason: cause instanceof Error ? cause.message : String(cause),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function runAll(): Promise<RefreshEvent[]> {
    const events: RefreshEvent[] = [];
    for (const target of targets) {
      const event = await refreshOne(target);
      options.onEvent?.(event);
      events.push(event);
    }
    return events;
  }

  function refreshNow(): Promise<RefreshEvent[]> {
    running ??= runAll().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    refreshNow,
    start() {
      if (timer) return;
      // Every download or import failure is already an event; only a throwing onEvent lands here.
      const tick = () => void refreshNow().catch(() => {});
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
