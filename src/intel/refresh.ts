/**
 * Optional scheduled refresh of OFAC and scam/allow lists from URLs. Conditional GETs (ETag,
 * If-Modified-Since): 304 means nothing to do. A download is written to a temp file and then
 * imported; a failed download or import keeps the last good edition (replaceList is atomic, and
 * the validators are remembered only after a successful import).
 * Scheduled runs go through `runExclusive` (a Postgres advisory lock in the service, so replicas
 * never refresh at the same time) and skip a list another replica or the CLI imported less than an
 * interval ago, so a list is refreshed once per interval across replicas, not once per replica.
 * The ETag/Last-Modified validators live in memory; the freshness check makes a restart cheap.
 * Downloads are bounded (`download.ts`: size cap, same-host redirects, https); `start()` first
 * removes download directories a killed process left behind.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { feedUrlProblem, shownUrl } from '../config.js';
import type { ListStore, ReportCategory } from '../core/index.js';
import { isProcessAlive } from '../process-alive.js';
import { DEFAULT_MAX_DOWNLOAD_BYTES, downloadToFile } from './download.js';
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
  /** Largest download (decompressed bytes); a bigger one fails and is deleted. Default 256 MiB. */
  maxDownloadBytes?: number;
  /** Hosts a feed may be redirected to besides its own (https only). Default none. */
  redirectHosts?: readonly string[];
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
  /** `start()` removed download directories left by a process that died mid-download. */
  onStaleRemoved?(directories: string[]): void;
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
    maxDownloadBytes = DEFAULT_MAX_DOWNLOAD_BYTES,
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
    const problem = feedUrlProblem(url);
    if (problem)
      return { source, url, status: 'failed', reason: `refused ${shownUrl(url)}: the URL ${problem}` };
    // The pid in the name tells `removeStaleDownloads` whose directory it is.
    const dir = await mkdtemp(join(tempDir, `${TEMP_PREFIX}${process.pid}-`));
    try {
      // Keep the URL's file name: list formats are sniffed from the extension.
      const file = join(dir, basename(new URL(url).pathname) || 'download');
      const downloaded = await downloadToFile(url, file, {
        fetch: fetchImpl,
        headers,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
        maxBytes: maxDownloadBytes,
        redirectHosts: options.redirectHosts ?? [],
      });
      if (downloaded.status === 'not-modified') return { source, url, status: 'not-modified' };
      const fresh: Validators = { etag: downloaded.etag, lastModified: downloaded.lastModified };
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
      // A process killed mid-download (or by a bad list, before the line cap) left its file behind.
      void removeStaleDownloads(tempDir)
        .then((removed) => {
          if (removed.length > 0) options.onStaleRemoved?.(removed);
        })
        .catch((error: unknown) => options.onCrash?.(error))
        .finally(() => {
          if (!stopped) tick();
        });
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

const TEMP_PREFIX = 'chainwarden-intel-';
/** No download and import takes this long: a directory this old is stale whoever made it. */
const STALE_AFTER_MS = 24 * 3600_000;

/**
 * Removes the download directories (`chainwarden-intel-<pid>-*` in `tempDir`) that no running
 * refresh is using: those of a process that is gone, those this pid made before this process
 * started (a container restarts with the same pid), those a day old, and those named without a
 * pid (made by earlier releases). A live process's download in progress is kept. Returns the paths
 * removed.
 */
export async function removeStaleDownloads(tempDir: string = tmpdir()): Promise<string[]> {
  const startedAt = Date.now() - process.uptime() * 1000;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(tempDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const path = join(tempDir, name);
    try {
      const info = await stat(path);
      if (!info.isDirectory()) continue;
      const pid = /^(\d+)-/.exec(name.slice(TEMP_PREFIX.length))?.[1];
      const stale =
        pid === undefined ||
        Date.now() - info.mtimeMs > STALE_AFTER_MS ||
        (Number(pid) === process.pid ? info.mtimeMs < startedAt : !isProcessAlive(Number(pid)));
      if (!stale) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

function withShownUrl(event: RefreshEvent, url: string): RefreshEvent {
  const shown = shownUrl(url);
  if (shown === url) return event;
  return event.status === 'failed'
    ? { ...event, url: shown, reason: event.reason.split(url).join(shown) }
    : { ...event, url: shown };
}
