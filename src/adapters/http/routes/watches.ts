/**
 * Watch-lists over HTTP (API key): `POST /v1/watches` (alerts to a webhook, signed with the secret
 * answered once), `GET /v1/watches`, `DELETE /v1/watches/{id}`, `GET /v1/watches/{id}/deliveries`.
 * Each key sees and changes only its own watches (owner `api:<key id>`).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { WatchError } from '../../../core/index.js';
import { sentence } from '../../presentation.js';
import { watchJson } from '../../watch-presentation.js';
import { webhookPayload } from '../../webhook/payload.js';
import { requireApiKey } from '../auth.js';
import type { HttpEnv } from '../context.js';
import { problem, WATCH_ERROR_STATUS } from '../problem.js';
import {
  CreatedWatchSchema,
  DeliveryListSchema,
  WatchIdParamSchema,
  WatchListSchema,
  WatchRequestSchema,
  WatchSchema,
} from '../schemas.js';
import { defaultProblem, problemResponse, type RouteDeps } from './openapi.js';

// biome-ignore lint/suspicious/noExplicitAny: any route's context
function watchProblem(c: any, error: WatchError) {
  const what =
    error.code === 'invalid-address' || error.code === 'watch-not-found'
      ? `"${error.input}": ${error.reason}`
      : `"${error.input}" ${error.reason}`;
  return problem(c, WATCH_ERROR_STATUS[error.code], error.code, `${sentence(what)} ${sentence(error.hint)}`, {
    reason: error.reason,
    hint: error.hint,
    input: error.input,
  });
}

const owner = (keyId: string) => `api:${keyId}`;

export function registerWatchRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { chainwarden } = deps;
  const auth = requireApiKey(deps.apiKeys);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/watches',
      tags: ['watches'],
      summary: 'Watch an address; alerts are POSTed to a webhook',
      description:
        'Events: outgoing-transfer, incoming-transfer (from a sanctioned, scam-listed or reported address; every one with allIncoming), ' +
        'reported, listed, lookalike-seen. Each is delivered once, as JSON signed ' +
        '`X-Chainwarden-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>`, retried with exponential backoff for 24 hours.',
      security: [{ ApiKey: [] }],
      middleware: [auth] as const,
      request: { body: { content: { 'application/json': { schema: WatchRequestSchema } }, required: true } },
      responses: {
        201: { content: { 'application/json': { schema: CreatedWatchSchema } }, description: 'Watching.' },
        400: problemResponse('Not JSON, unknown or missing fields, or not an address.'),
        401: problemResponse('No API key, or an unknown or revoked one.'),
        409: problemResponse('This key already watches the address, or holds the most watches allowed.'),
        422: problemResponse(
          'A webhook URL that is not http(s) or points at this service; a label too long.',
        ),
        503: problemResponse('The database is unavailable: nothing was saved.'),
        default: defaultProblem,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const keyId = c.get('apiKey').id;
      const result = await chainwarden.watching.addWatch({
        address: body.address,
        label: body.label ?? null,
        allIncoming: body.allIncoming === true,
        owner: owner(keyId),
        destination: { kind: 'webhook', url: body.webhookUrl },
        community: null,
        createdBy: owner(keyId),
      });
      if (!result.ok) return watchProblem(c, result.error);
      const { watch, secret, transfersUnavailable } = result.value;
      return c.json({ ...watchJson(watch), secret: secret ?? '', transfersUnavailable }, 201, {
        Location: `/v1/watches/${watch.id}`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/watches',
      tags: ['watches'],
      summary: "This key's watches",
      security: [{ ApiKey: [] }],
      middleware: [auth] as const,
      responses: {
        200: { content: { 'application/json': { schema: WatchListSchema } }, description: 'The watches.' },
        401: problemResponse('No API key, or an unknown or revoked one.'),
        default: defaultProblem,
      },
    }),
    async (c) => {
      const list = await chainwarden.watching.listWatches(owner(c.get('apiKey').id));
      return c.json({ watches: list.map(watchJson) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/watches/{id}',
      tags: ['watches'],
      summary: 'Stop watching',
      security: [{ ApiKey: [] }],
      middleware: [auth] as const,
      request: { params: WatchIdParamSchema },
      responses: {
        200: { content: { 'application/json': { schema: WatchSchema } }, description: 'The watch removed.' },
        401: problemResponse('No API key, or an unknown or revoked one.'),
        404: problemResponse('No watch of this key has that id.'),
        default: defaultProblem,
      },
    }),
    async (c) => {
      const result = await chainwarden.watching.removeWatch(
        owner(c.get('apiKey').id),
        c.req.valid('param').id,
      );
      if (!result.ok) return watchProblem(c, result.error);
      return c.json(watchJson(result.value), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/watches/{id}/deliveries',
      tags: ['watches'],
      summary: 'The last 50 alerts of a watch and their delivery',
      security: [{ ApiKey: [] }],
      middleware: [auth] as const,
      request: { params: WatchIdParamSchema },
      responses: {
        200: {
          content: { 'application/json': { schema: DeliveryListSchema } },
          description: 'Newest first.',
        },
        401: problemResponse('No API key, or an unknown or revoked one.'),
        404: problemResponse('No watch of this key has that id.'),
        default: defaultProblem,
      },
    }),
    async (c) => {
      const keyOwner = owner(c.get('apiKey').id);
      const id = c.req.valid('param').id;
      const result = await chainwarden.watching.deliveries(keyOwner, id);
      if (!result.ok) return watchProblem(c, result.error);
      const watch = (await chainwarden.watching.listWatches(keyOwner)).find((w) => w.id === id);
      return c.json(
        {
          deliveries: result.value.map((d) => ({
            id: d.id,
            event: d.event.kind,
            status: d.status,
            attempts: d.attempts,
            createdAt: d.createdAt.toISOString(),
            deliveredAt: d.deliveredAt?.toISOString() ?? null,
            nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
            lastError: d.lastError,
            body: watch
              ? (webhookPayload({ id: d.id, watch, event: d.event, createdAt: d.createdAt }) as Record<
                  string,
                  unknown
                >)
              : {},
          })),
        },
        200,
      );
    },
  );
}
