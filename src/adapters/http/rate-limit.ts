/**
 * Requests a minute on `/v1/*`, per client: per client IP (`HTTP_RATE_LIMIT_PER_MINUTE`, default
 * 600), or per API key when the operator gave that key its own limit (`apikey create --rate-limit N`).
 * Over the limit: 429 problem+json with `Retry-After`. hono-rate-limiter counts (fixed one-minute
 * windows) and sets the `RateLimit-*` headers; its built-in MemoryStore grows with every client seen
 * in a window, so the counters live in an LRU with a cap instead.
 *
 * Traces have a limit of their own on top (`httpTraceGate`): per API key, else per client address,
 * `HTTP_TRACES_PER_MINUTE` started a minute and two running at once.
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { type ClientRateLimitInfo, rateLimiter, type Store } from 'hono-rate-limiter';
import { LRUCache } from 'lru-cache';
import type { ApiKeyInfo, ApiKeyStore } from '../../store/index.js';
import { type HttpEnv, requestHeader } from './context.js';
import { problem } from './problem.js';

export interface HttpRateLimitOptions {
  /** Requests a minute per client IP; 0 turns the per-IP limit off (keys' own limits still apply). */
  perMinute: number;
  /**
   * Reverse proxies in front of the service (`TRUST_PROXY`). 0: `X-Forwarded-For` is ignored and the
   * client is the TCP peer. N: the client is the Nth entry from the right of `X-Forwarded-For` (the
   * address the outermost of our N proxies saw), since a client can write anything to its left.
   */
  trustProxyHops?: number;
  /** Most clients counted at once; past it the least recently seen are forgotten. Default 100,000. */
  maxClients?: number;
  /**
   * Traces (`/v1/addresses/{address}/exposure`) a minute per client, on top of `perMinute`
   * (`HTTP_TRACES_PER_MINUTE`, default 6; 0: not limited).
   */
  tracesPerMinute?: number;
  /** Traces one client may have running at once (default 2; 0: not limited). */
  tracesAtOnce?: number;
}

export const DEFAULT_HTTP_RATE_LIMIT: HttpRateLimitOptions = { perMinute: 600, trustProxyHops: 0 };
/**
 * A trace reads hundreds of transactions per address for up to TRACE_BUDGET_MS, where a check is
 * one lookup: the chat bots allow 3 a minute per person; an API client (often a program checking
 * its deposits) twice that.
 */
export const DEFAULT_TRACES_PER_MINUTE = 6;
export const DEFAULT_TRACES_AT_ONCE = 2;
/** What a client told to wait for one of its running traces is told to wait: about one trace's read. */
const TRACE_RUNNING_RETRY_SECONDS = 5;

const WINDOW_MS = 60_000;
const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{1,200})[ \t]*$/i;

/** Who a request is counted against, and that counter's limit; decided once per request. */
export interface RateLimitSubject {
  key: string;
  limit: number;
}

export function httpRateLimit(apiKeys: ApiKeyStore, options: HttpRateLimitOptions) {
  const { perMinute, trustProxyHops = 0, maxClients = 100_000 } = options;
  const store = new BoundedWindowStore(maxClients);
  /** True when the request's address has used up its allowance: then its key is not even looked up. */
  const addressSpent = (c: Context<HttpEnv>) => {
    if (perMinute === 0) return false;
    const counted = store.get(`ip:${clientAddress(c, trustProxyHops)}`);
    return (
      counted !== undefined &&
      (counted.resetTime?.getTime() ?? 0) > Date.now() &&
      counted.totalHits >= perMinute
    );
  };
  return rateLimiter<HttpEnv>({
    windowMs: WINDOW_MS,
    store,
    standardHeaders: 'draft-6',
    // Runs first: decides the subject (an API key with its own limit, else the client IP).
    skip: async (c) => {
      // An address past its limit gets its 429 without a database lookup of whatever key it sends
      // (random keys would otherwise cost one query each); a key with its own limit used from
      // that address waits for the address's window too.
      const subject = addressSpent(c)
        ? { key: `ip:${clientAddress(c, trustProxyHops)}`, limit: perMinute }
        : await rateLimitSubject(c, apiKeys, perMinute, trustProxyHops);
      if (subject === null) return true;
      c.set('rateLimitSubject', subject);
      return false;
    },
    keyGenerator: (c) => c.get('rateLimitSubject')?.key ?? 'ip:unknown',
    limit: (c) => c.get('rateLimitSubject')?.limit ?? perMinute,
    handler: (c) => {
      const info = c.get('rateLimit');
      const resetAt = info?.resetTime?.getTime() ?? Date.now() + WINDOW_MS;
      const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      const who = c.get('rateLimitSubject')?.key.startsWith('key:') ? 'this API key' : 'your address';
      return problem(
        c,
        429,
        'too-many-requests',
        `Too many requests: ${who} may make ${info?.limit ?? perMinute} a minute. Try again after ${retryAfterSeconds} seconds.`,
        { retryAfterSeconds },
        { 'Retry-After': String(retryAfterSeconds) },
      );
    },
  });
}

export interface TraceGate {
  /**
   * Counts one trace of the request's client (its API key when it sent a valid one, else its
   * address): `release` to call when the trace has answered (`refund`: it read nothing, a bad
   * address or a chain without a source, and is not counted), or why it is refused (a 429).
   */
  enter(
    c: Context<HttpEnv>,
  ):
    | { release(refund?: boolean): void; refused?: undefined }
    | { refused: { detail: string; retryAfterSeconds: number } };
}

/**
 * Runs one trace admitted by `gate` and releases it when it has answered; a bad address or a chain
 * without a source read nothing, so it costs none of the allowance.
 */
export async function countedTrace<T extends { ok: boolean }>(
  gate: { release(refund?: boolean): void } | undefined,
  trace: () => Promise<T>,
): Promise<T> {
  let readNothing = false;
  try {
    const result = await trace();
    readNothing = !result.ok;
    return result;
  } finally {
    gate?.release(readNothing);
  }
}

/** The per-client trace limit: `tracesAtOnce` running, `tracesPerMinute` started in a fixed minute. */
export function httpTraceGate(options: HttpRateLimitOptions): TraceGate {
  const {
    trustProxyHops = 0,
    maxClients = 100_000,
    tracesPerMinute = DEFAULT_TRACES_PER_MINUTE,
    tracesAtOnce = DEFAULT_TRACES_AT_ONCE,
  } = options;
  const started = new BoundedWindowStore(maxClients);
  const running = new Map<string, number>();
  const refuse = (detail: string, retryAfterSeconds: number) => ({
    refused: { detail: `${detail} Try again after ${retryAfterSeconds} seconds.`, retryAfterSeconds },
  });
  return {
    enter(c) {
      const apiKey = c.get('verifiedApiKey');
      const client = apiKey ? `key:${apiKey.id}` : `ip:${clientAddress(c, trustProxyHops)}`;
      const who = apiKey ? 'this API key' : 'your address';
      const now = running.get(client) ?? 0;
      if (tracesAtOnce > 0 && now >= tracesAtOnce) {
        return refuse(
          `A trace reads a lot of chain history, so ${who} may have ${tracesAtOnce} running at once.`,
          TRACE_RUNNING_RETRY_SECONDS,
        );
      }
      if (tracesPerMinute > 0) {
        const counted = started.increment(client);
        if (counted.totalHits > tracesPerMinute) {
          // A refused trace is not one started: it does not push the client's next one further off.
          started.decrement(client);
          const resetAt = counted.resetTime?.getTime() ?? Date.now() + WINDOW_MS;
          return refuse(
            `A trace reads a lot of chain history, so ${who} may start ${tracesPerMinute} a minute.`,
            Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)),
          );
        }
      }
      if (tracesAtOnce > 0) running.set(client, now + 1);
      let released = false;
      return {
        release(refund = false) {
          if (released) return;
          released = true;
          if (refund && tracesPerMinute > 0) started.decrement(client);
          if (tracesAtOnce === 0) return;
          const left = (running.get(client) ?? 1) - 1;
          if (left <= 0) running.delete(client);
          else running.set(client, left);
        },
      };
    },
  };
}

async function rateLimitSubject(
  c: Context<HttpEnv>,
  apiKeys: ApiKeyStore,
  perMinute: number,
  trustProxyHops: number,
): Promise<RateLimitSubject | null> {
  const key = await bearerKey(c, apiKeys);
  if (key && key.rateLimitPerMinute !== null) {
    return key.rateLimitPerMinute === 0 ? null : { key: `key:${key.id}`, limit: key.rateLimitPerMinute };
  }
  if (perMinute === 0) return null;
  return { key: `ip:${clientAddress(c, trustProxyHops)}`, limit: perMinute };
}

/** The request's valid API key, kept for `requireApiKey`; an unknown key or a database outage: null. */
async function bearerKey(c: Context<HttpEnv>, apiKeys: ApiKeyStore): Promise<ApiKeyInfo | null> {
  const header = requestHeader(c, 'authorization');
  const secret = header === undefined ? undefined : BEARER.exec(header)?.[1];
  if (!secret) return null;
  // The write routes answer 401 or 503 themselves; here an unreadable key only means "count the IP".
  const key = await apiKeys.verify(secret).catch(() => null);
  if (key) c.set('verifiedApiKey', key);
  return key;
}

/**
 * The client's address as counted: the TCP peer, or with `trustProxyHops` N the Nth
 * `X-Forwarded-For` entry from the right (the peer when there are fewer: then the request did not
 * come through every proxy, and the entries are the client's own words). IPv6 clients are
 * counted per /64, the block one subscriber is usually given, so rotating addresses within it does
 * not escape the limit.
 */
export function clientAddress(c: Context<HttpEnv>, trustProxyHops: number): string {
  const peer = c.env?.incoming?.socket.remoteAddress ?? 'unknown';
  if (trustProxyHops === 0) return addressKey(peer);
  const forwarded = (requestHeader(c, 'x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (forwarded.length < trustProxyHops) return addressKey(peer);
  const entry = forwarded[forwarded.length - trustProxyHops]!;
  const address = stripPort(entry);
  // A trusted proxy writes addresses; anything else means a misconfigured hop count: count the peer.
  return isIP(address) === 0 ? addressKey(peer) : addressKey(address);
}

/** `1.2.3.4:5678` and `[2001:db8::1]:5678` (some proxies append the port) to the bare address. */
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4 ? v4[1]! : entry;
}

/** IPv4 as is (also when IPv4-mapped), IPv6 cut to its /64 prefix. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  // A dotted IPv4 tail (`64:ff9b::1.2.3.4`) fills two groups, all within the last 64 bits.
  const rightGroups = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - rightGroups).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** Fixed one-minute windows per client, at most `maxClients` counters (least recently seen dropped). */
class BoundedWindowStore implements Store<HttpEnv> {
  private windowMs = WINDOW_MS;
  private readonly clients: LRUCache<string, { totalHits: number; resetTime: Date }>;

  constructor(maxClients: number) {
    this.clients = new LRUCache({ max: maxClients });
  }

  init(options: { windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  get(key: string): ClientRateLimitInfo | undefined {
    return this.clients.get(key);
  }

  increment(key: string): ClientRateLimitInfo {
    const now = Date.now();
    let client = this.clients.get(key);
    if (!client || client.resetTime.getTime() <= now) {
      client = { totalHits: 0, resetTime: new Date(now + this.windowMs) };
      this.clients.set(key, client);
    }
    client.totalHits += 1;
    return client;
  }

  decrement(key: string): void {
    const client = this.clients.get(key);
    if (client && client.totalHits > 0) client.totalHits -= 1;
  }

  resetKey(key: string): void {
    this.clients.delete(key);
  }

  resetAll(): void {
    this.clients.clear();
  }
}
