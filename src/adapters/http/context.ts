/**
 * What every request carries through the API: its id, and a pino child logger made only when a
 * line is actually logged (most requests log nothing, so most requests never pay for a child).
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Logger } from '../../logger.js';
import type { ApiKeyInfo, WebSession } from '../../store/index.js';

export interface HttpEnv {
  /** Set by @hono/node-server; absent under `app.request()`. */
  Bindings: { incoming?: IncomingMessage } | undefined;
  Variables: {
    requestId: string;
    log?: Logger;
    /** Who the rate limit counts this request against (rate-limit.ts). */
    rateLimitSubject?: { key: string; limit: number };
    /** Set by hono-rate-limiter on every counted request. */
    rateLimit?: { limit: number; remaining: number; resetTime: Date | undefined };
    /** The Bearer key, when the rate limit already verified it: `requireApiKey` need not look it up again. */
    verifiedApiKey?: ApiKeyInfo;
    /** The web page's signed-in moderator (web/sign-in.tsx); null when signed out. */
    signedIn?: (WebSession & { token: string }) | null;
  };
}

// biome-ignore lint/suspicious/noExplicitAny: any route's context (path and input types differ per route)
export function requestLog(c: Context<HttpEnv, any, any>, root: Logger): Logger {
  let log = c.get('log');
  if (!log) {
    log = root.child({ requestId: c.get('requestId') });
    c.set('log', log);
  }
  return log;
}

/**
 * One request header, read from node's parsed headers when served by @hono/node-server: asking the
 * Web `Request` instead makes the adapter build a full `Headers` object for every request.
 */
// biome-ignore lint/suspicious/noExplicitAny: any route's context (path and input types differ per route)
export function requestHeader(c: Context<HttpEnv, any, any>, name: string): string | undefined {
  const incoming = c.env?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
