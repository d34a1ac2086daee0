/**
 * Optional scheduled refresh of OFAC and scam/allow lists from URLs. Conditional GETs (ETag,
 * If-Modified-Since): 304 means nothing to do. A download is written to a temp file and then
 * imported; a failed download or import keeps the last good edition (replaceList is atomic, and
 * the validators are remembered only after a successful import).
 * Scheduled runs go through `runExclusive` (a Postgres advisory lock in the service, so replicas
 * never refresh at the same time) and skip a list another replica or the CLI imported less than an
 * interval ago, so a list is refreshed once per interval across replicas, not once per replica.
 * The ETag/Last-Modified validators live in memory; the freshness check makes a restart cheap.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ListStore, ReportCategory } from '../core/index.js';
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
  | { source: string; url: string; status: 'fresh'; importedAt: Date }
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
  /** Once per run, after every feed's event: e.g. one warning per interval when there is no network. */
  onRunDone?(events: RefreshEvent[]): void;
  /**
   * Wraps every scheduled run, e.g. in a Postgres advisory lock; resolves `null` when the run was
   * skipped because another replica holds the lock. Default: run directly.
   */
  runExclusive?<T>(work: () => Promise<T>): Promise<T | null>;
  /** A scheduled run failed outside any one feed (the lock, or `onEvent` itself): the adapter logs it. */
  onCrash?(error: unknown): void;
  now?: () => number;
}

/** setTimeout fires at once for delays over 2^31-1 ms (about 24.8 days); longer intervals are clamped. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export interface IntelRefresher {
  /** Refresh every feed once, one after another. Concurrent calls share the run in progress. */
  refreshNow(): Promise<RefreshEvent[]>;
  /** Refresh now and then every `intervalMs`; the timer does not keep the process alive. */
  start(): void;
  /** No more runs; resolves once a run in progress has finished (at most `waitMs`, default 30 s). */
  stop(waitMs?: number): Promise<void>;
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
  const now = options.now ?? Date.now;
  const runExclusive = options.runExclusive ?? (<T>(work: () => Promise<T>) => work());
  let running: Promise<RefreshEvent[]> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let stopped = false;
  // stop() aborts downloads in progress: a dead network must not hold up a shutdown for the timeout.
  const stopping = new AbortController();

  async function refreshOne(target: (typeof targets)[number], skipFresh: boolean): Promise<RefreshEvent> {
    const { url, source, feed } = target;
    if (skipFresh) {
      try {
        const current = (await lists.listSources()).find((list) => list.source === source);
        // 10% slack so a replica whose timer fires a little early does not redo the last import.
        // The bundled snapshot is loaded at start, but it is not fresh: it is what a refresh replaces.
        if (
          current &&
          current.origin !== 'bundled' &&
          now() - current.importedAt.getTime() < intervalMs * 0.9
        ) {
          return { source, url, status: 'fresh', importedAt: current.importedAt };
        }
      } catch (cause) {
        return {
          source,
          url,
          status: 'failed',
          reason: `could not read the imported lists: ${String(cause)}`,
        };
      }
    }
    const known = validators.get(url);
    const headers: Record<string, string> = {};
    if (known?.etag) headers['if-none-match'] = known.etag;
    if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
    const dir = await mkdtemp(join(tempDir, 'chainwarden-intel-'));
    try {
      const response = await fetchImpl(url, {
        headers,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
      });
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
            origin: 'refreshed',
            ...(feed.format ? { format: feed.format } : {}),
          }).then((result) => ({
            source,
            url,
            status: 'imported' as const,
            count: result.count,
            listDate: result.listDate,
            invalid: result.invalid.length,
          }))
        : await importOfac(file, lists, { origin: 'refreshed' }).then((result) => ({
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
        reason: failureReason(cause),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function runAll(skipFresh: boolean): Promise<RefreshEvent[]> {
    const events: RefreshEvent[] = [];
    for (const target of targets) {
      if (stopped) break;
      const event = withShownUrl(await refreshOne(target, skipFresh), target.url);
      options.onEvent?.(event);
      events.push(event);
    }
    options.onRunDone?.(events);
    return events;
  }

  function run(skipFresh: boolean): Promise<RefreshEvent[]> {
    running ??= runAll(skipFresh).finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(tick, Math.min(intervalMs, MAX_TIMER_DELAY_MS));
    timer.unref();
  }

  // Every download or import failure is already an event; a throwing onEvent or lock lands here.
  function tick(): void {
    void runExclusive(() => run(true))
      .catch((error: unknown) => options.onCrash?.(error))
      .finally(schedule);
  }

  return {
    refreshNow: () => run(false),
    start() {
      if (started || stopped) return;
      started = true;
      tick();
    },
    async stop(waitMs = 30_000) {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) {
        let timeout: NodeJS.Timeout | undefined;
        await Promise.race([
          running.catch(() => {}),
          new Promise<void>((resolve) => {
            timeout = setTimeout(resolve, waitMs);
          }),
        ]);
        clearTimeout(timeout);
      }
    },
  };
}

/** fetch says only "fetch failed"; its cause says why (getaddrinfo ENOTFOUND, ECONNREFUSED, a timeout). */
function failureReason(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? cause.cause.message : null;
  return inner && !cause.message.includes(inner) ? `${cause.message}: ${inner}` : cause.message;
}

/**
 * A feed URL as events (and so the logs) show it: without credentials or query string, where feeds
 * carry their access keys.
 */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.search !== '' || parsed.username !== '' || parsed.password !== '';
    return hidden ? `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? '?…' : ''}` : url;
  } catch {
    return 'the feed URL';
  }
}

function withShownUrl(event: RefreshEvent, url: string): RefreshEvent {
  const shown = shownUrl(url);
  if (shown === url) return event;
  return event.status === 'failed'
    ? { ...event, url: shown, reason: event.reason.split(url).join(shown) }
    : { ...event, url: shown };
}
