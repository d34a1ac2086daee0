/**
 * The HTTP API: risk summaries, batch screening, community reports with API keys, health, readiness,
 * Prometheus metrics and an OpenAPI 3.1 document, over the same core as the CLI and the bots.
 *
 * Framework: Hono on @hono/node-server, with @hono/zod-openapi. Why: one set of zod schemas both
 * validates requests and generates /openapi.json (no hand-written spec to drift); Hono's router and
 * the node adapter's lazy Request/Response objects keep per-request overhead small (the API must
 * reach 60% of a bare node:http baseline); built-in body-limit, typed middleware and `app.request`
 * fit our plain-function style; and Web-standard handlers let the Telegram webhook mount beside
 * the API. Fastify would serve as well; its JSON-schema-first validation would mean a second
 * schema language next to the zod the rest of the project uses.
 */
export { createHttpApi, DEFAULT_MAX_BODY_BYTES, type HttpApi, type HttpApiDeps } from './api.js';
export type { HttpEnv } from './context.js';
export {
  createHttpMetrics,
  createMetricsRegistry,
  type HttpMetrics,
  METRIC_NAMES,
  recordImport,
  registerListSizes,
} from './metrics.js';
export { PROBLEM_CONTENT_TYPE, type ProblemBody, type ProblemCode, REPORT_ERROR_STATUS } from './problem.js';
export { DEFAULT_HTTP_RATE_LIMIT, type HttpRateLimitOptions } from './rate-limit.js';
export { type HttpListener, type ListenOptions, listenHttp } from './server.js';
