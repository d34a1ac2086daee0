/**
 * `createHttpApi(deps)`: the Hono app with every route, the request-id and metrics middleware, the
 * body cap and the one error boundary. It does not listen; `listenHttp` does, so the caller can
 * mount more routes (the Telegram webhook) on the returned app first.
 */
import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { matchedRoutes } from 'hono/route';
import type { Registry } from 'prom-client';
import type { ZodError } from 'zod';
import {
  type Chainwarden,
  type ListStore,
  STORAGE_RETRY_AFTER_SECONDS,
  StorageUnavailableError,
} from '../../core/index.js';
import type { Logger } from '../../logger.js';
import type { ApiKeyStore, Database, WebSessionStore } from '../../store/index.js';
import { type HttpEnv, requestHeader, requestLog } from './context.js';
import { createHttpMetrics, createMetricsRegistry } from './metrics.js';
import { DATABASE_UNAVAILABLE_DETAIL, problem } from './problem.js';
import {
  DEFAULT_HTTP_RATE_LIMIT,
  type HttpRateLimitOptions,
  httpRateLimit,
  httpTraceGate,
} from './rate-limit.js';
import { registerAppealRoutes } from './routes/appeals.js';
import { registerExposureRoutes } from './routes/exposure.js';
import { registerListRoutes } from './routes/lists.js';
import type { RouteDeps } from './routes/openapi.js';
import { registerOperationRoutes } from './routes/operations.js';
import { registerOwnershipRoutes } from './routes/ownership.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerReviewRoutes } from './routes/reviews.js';
import { registerScreeningRoutes } from './routes/screening.js';
import { registerWatchRoutes } from './routes/watches.js';
import { registerWebRoutes, wantsHtml, webError, webNotFound } from './web/routes.js';

export interface HttpApiDeps {
  chainwarden: Chainwarden;
  apiKeys: ApiKeyStore;
  /** `GET /v1/lists` reads the stored lists' editions. */
  lists: Pick<ListStore, 'listSources'>;
  database: Database;
  logger: Logger;
  /** Where the API's metrics go; a fresh registry (with process metrics) when absent. */
  metrics?: Registry;
  /** Largest request body accepted; default 64 KiB (a report or 100 addresses need far less). */
  maxBodyBytes?: number;
  /**
   * Requests a minute per client on /v1/*; default 600 per client IP, X-Forwarded-For ignored. Also
   * the trace limit (`tracesPerMinute`, `tracesAtOnce`).
   */
  rateLimit?: HttpRateLimitOptions;
  /** The web page's moderator sessions (sign-in links from the bots); absent: no sign-in routes. */
  webSessions?: WebSessionStore;
  /** `PUBLIC_URL`: with https, the web page's cookies are Secure. */
  publicUrl?: string | null;
  /** The clock of sign-in links and sessions (tests move it); default the system clock. */
  now?: () => Date;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** A caller's X-Request-Id is kept when it is a plain token (uuid, ulid, trace id), else replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type HttpApi = OpenAPIHono<HttpEnv>;

export function createHttpApi(deps: HttpApiDeps): HttpApi {
  const registry = deps.metrics ?? createMetricsRegistry();
  const metrics = createHttpMetrics(registry);
  const { logger } = deps;
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new OpenAPIHono<HttpEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationProblem(c, result.target, result.error);
    },
  });

  // Runs for every request, so it stays small: no logger, no header parsing beyond the one id.
  app.use('*', async (c, next) => {
    const started = performance.now();
    const incoming = requestHeader(c, 'x-request-id');
    const requestId = incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
    // Handlers mounted by the caller may return a Response built without the prepared headers.
    if (!c.res.headers.has('x-request-id')) c.res.headers.set('X-Request-Id', requestId);
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c);
    metrics.observeRequest(c.req.method, route, c.res.status, seconds);
    if (logger.isLevelEnabled('debug')) {
      requestLog(c, logger).debug(
        { method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) },
        'http request',
      );
    }
  });

  // Only the API proper: health, readiness, metrics and the OpenAPI document stay reachable for probes.
  // Before the body limit, so an over-limit client's body is never read.
  const rateLimit = httpRateLimit(deps.apiKeys, deps.rateLimit ?? DEFAULT_HTTP_RATE_LIMIT);
  const traceGate = httpTraceGate(deps.rateLimit ?? DEFAULT_HTTP_RATE_LIMIT);
  app.use('/v1/*', rateLimit);

  // Only methods with a body: reading `body` on a GET would make the node adapter build a full Request.
  app.on(
    ['POST', 'PUT', 'PATCH', 'DELETE'],
    '*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        problem(
          c,
          413,
          'body-too-large',
          `The request body is larger than ${maxBodyBytes} bytes. Send at most 100 addresses per request.`,
          {},
          // The rest of the body is never read: the connection cannot carry another request.
          { Connection: 'close' },
        ),
    }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A key from `chainwarden apikey create --name NAME`.',
  });

  const routeDeps: RouteDeps = { ...deps, registry, metrics };
  registerScreeningRoutes(app, routeDeps);
  registerExposureRoutes(app, routeDeps, traceGate);
  registerReportRoutes(app, routeDeps);
  registerReviewRoutes(app, routeDeps);
  registerListRoutes(app, routeDeps);
  registerOwnershipRoutes(app, routeDeps);
  registerWatchRoutes(app, routeDeps);
  registerAppealRoutes(app, routeDeps);
  registerOperationRoutes(app, routeDeps);
  // The web page counts against the same per-client limit as the API: a check costs the same.
  registerWebRoutes(app, {
    chainwarden: deps.chainwarden,
    rateLimit,
    traces: traceGate,
    signIn: deps.webSessions
      ? {
          sessions: deps.webSessions,
          secureCookies: deps.publicUrl?.startsWith('https:') ?? false,
          now: deps.now ?? (() => new Date()),
        }
      : null,
  });

  let document: unknown;
  app.get('/openapi.json', (c) => {
    // Built once, on first request: every route is registered by then.
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Chainwarden API',
        version: '1.0.0',
        description:
          'Screens cryptocurrency addresses for scam and sanctions risk. Errors are RFC 9457 ' +
          'application/problem+json carrying the request id (also in the X-Request-Id header).',
      },
    });
    return c.json(document as Record<string, unknown>);
  });

  app.notFound((c) =>
    wantsHtml(c)
      ? webNotFound(c)
      : problem(
          c,
          404,
          'not-found',
          `There is no ${c.req.method} ${c.req.path}. The API is described at /openapi.json.`,
        ),
  );

  // The one boundary for unexpected failures: logged once with context; the caller gets the id, never the message.
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      if (error.status === 415) {
        return problem(
          c,
          415,
          'unsupported-media-type',
          'Send the body as JSON, with Content-Type: application/json.',
        );
      }
      if (error.status === 413) {
        return problem(c, 413, 'body-too-large', `The request body is larger than ${maxBodyBytes} bytes.`);
      }
      if (error.status === 400 && /json/i.test(error.message)) {
        return problem(c, 400, 'malformed-json', 'The request body is not valid JSON.');
      }
      return problem(c, error.status, 'invalid-request', error.message || 'The request was refused.');
    }
    if (error instanceof StorageUnavailableError) {
      requestLog(c, logger).warn(
        { err: error, method: c.req.method, route: routeLabel(c) },
        'database unavailable while handling an HTTP request',
      );
      metrics.databaseUnavailable('refused');
      return problem(
        c,
        503,
        'database-unavailable',
        DATABASE_UNAVAILABLE_DETAIL,
        { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS },
        { 'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS) },
      );
    }
    const requestId = c.get('requestId');
    requestLog(c, logger).error(
      { err: error, method: c.req.method, path: c.req.path, route: routeLabel(c) },
      'unexpected error while handling an HTTP request',
    );
    if (wantsHtml(c)) return webError(c, requestId);
    return problem(
      c,
      500,
      'internal',
      `Something went wrong on our side. Quote request id ${requestId} if you report it.`,
    );
  });

  return app;
}

/** The matched route pattern (`/v1/addresses/:address`), never the raw path: label values stay few. */
function routeLabel(c: Context<HttpEnv>): string {
  const routes = matchedRoutes(c);
  const path = routes[routes.length - 1]?.path;
  return path === undefined || path === '/*' || path === '*' ? 'unmatched' : path;
}

// biome-ignore lint/suspicious/noExplicitAny: the validation hook serves every route
function validationProblem(c: Context<HttpEnv, any, any>, target: string, error: ZodError) {
  const where = target === 'json' ? 'body' : target;
  const errors = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const detail = `The request does not match the API: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`;
  return problem(c, 400, 'invalid-request', detail, { errors });
}
