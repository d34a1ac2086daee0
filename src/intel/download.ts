/**
 * One list download to a file, bounded: at most `maxBytes` (the Content-Length is checked before
 * reading, and the bytes are counted while they stream, since a server may send no length or lie),
 * redirects followed only to the feed's own host (host and port) or a host the operator allowed,
 * at most MAX_REDIRECTS of them, and every hop https unless it is a loopback host. fetch follows
 * redirects itself to any host, internal addresses included, so redirects are handled here.
 */
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { feedUrlProblem, shownUrl } from '../config.js';

export const MAX_REDIRECTS = 5;
export const DEFAULT_MAX_DOWNLOAD_BYTES = 256 * 1024 * 1024;

/** A download refused or cut short on purpose; `message` names the URL as logs may show it. */
export class DownloadRefusedError extends Error {
  override readonly name = 'DownloadRefusedError';
}

export interface DownloadOptions {
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  signal: AbortSignal;
  maxBytes: number;
  /** Hosts (names, any port) a feed may be redirected to besides its own host, over https only. */
  redirectHosts?: readonly string[];
}

export type DownloadResult =
  | { status: 'not-modified' }
  | { status: 'saved'; etag: string | null; lastModified: string | null };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Download `url` into `file`. Throws DownloadRefusedError for a refused redirect or an over-size body. */
export async function downloadToFile(
  url: string,
  file: string,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const shown = shownUrl(url);
  const first = new URL(url);
  const problem = feedUrlProblem(first);
  if (problem) throw new DownloadRefusedError(`refused ${shown}: the URL ${problem}`);
  let current = first;
  for (let hop = 0; ; hop += 1) {
    const response = await options.fetch(current, {
      headers: options.headers,
      signal: options.signal,
      redirect: 'manual',
    });
    if (REDIRECT_STATUSES.has(response.status)) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) {
        throw new DownloadRefusedError(`more than ${MAX_REDIRECTS} redirects from ${shown}`);
      }
      current = nextHop(first, current, response.headers.get('location'), shown, options.redirectHosts ?? []);
      continue;
    }
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 'not-modified' };
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status} from ${shown}`);
    }
    const limit = `the ${formatSize(options.maxBytes)} limit (INTEL_MAX_DOWNLOAD_MB)`;
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > options.maxBytes) {
      await response.body.cancel();
      throw new DownloadRefusedError(`${shown} is ${formatSize(declared)}, over ${limit}`);
    }
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) {
          callback(new DownloadRefusedError(`${shown} sent more than ${limit}; the download was stopped`));
        } else callback(null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      counter,
      createWriteStream(file),
    );
    return {
      status: 'saved',
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    };
  }
}

/** Where a redirect may go: the feed's own host and port, or an allowed host over https. */
function nextHop(
  first: URL,
  current: URL,
  location: string | null,
  shown: string,
  redirectHosts: readonly string[],
): URL {
  if (!location) throw new DownloadRefusedError(`${shown} redirected without a Location header`);
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    throw new DownloadRefusedError(`${shown} redirected to something that is not a URL`);
  }
  // Only the host is shown: a redirect target's path and query may carry a signature.
  const target = `${next.protocol}//${next.host}`;
  const allowed =
    next.host === first.host ||
    (next.protocol === 'https:' && redirectHosts.includes(next.hostname.toLowerCase()));
  if (!allowed) {
    throw new DownloadRefusedError(
      `${shown} redirected to another host (${target}), which is not followed; point the feed at the file itself or allow the host in INTEL_REDIRECT_HOSTS`,
    );
  }
  const problem = feedUrlProblem(next);
  if (problem || (current.protocol === 'https:' && next.protocol !== 'https:')) {
    throw new DownloadRefusedError(`${shown} redirected to ${target}, which is not https`);
  }
  return next;
}

function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${Number((bytes / 1024).toFixed(1))} KiB`;
}
