/** `GET /healthz`, `GET /readyz` and `GET /metrics`: what an orchestrator and Prometheus poll. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpEnv } from '../context.js';
import { requestLog } from '../context.js';
import { problem } from '../problem.js';
import { HealthSchema, ReadySchema } from '../schemas.js';
import { problemResponse, type RouteDeps } from './openapi.js';

/** A readiness probe must answer before the orchestrator's own timeout, even when the database hangs. */
const READY_TIMEOUT_MS = 2000;

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'The process is up',
  responses: { 200: { content: { 'application/json': { schema: HealthSchema } }, description: 'Up.' } },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'The database answers',
  responses: {
    200: { content: { 'application/json': { schema: ReadySchema } }, description: 'Ready to serve.' },
    503: problemResponse('The database did not answer `select 1`.'),
  },
});

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['operations'],
  summary: 'Prometheus metrics',
  responses: {
    200: {
      content: { 'text/plain': { schema: z.string() } },
      description: 'Prometheus text exposition format.',
    },
  },
});

export function registerOperationRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { database, registry, logger } = deps;

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(readyRoute, async (c) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)),
            READY_TIMEOUT_MS,
          );
        }),
      ]);
      return c.json({ status: 'ready' as const, database: database.kind }, 200);
    } catch (error) {
      requestLog(c, logger).warn({ err: error, database: database.location }, 'readiness check failed');
      return problem(
        c,
        503,
        'not-ready',
        `The ${database.kind} database does not answer; see the service log.`,
      );
    } finally {
      clearTimeout(timer);
    }
  });

  app.openapi(metricsRoute, async (c) =>
    c.text(await registry.metrics(), 200, { 'Content-Type': registry.contentType }),
  );
}
