/**
 * Appeals over HTTP: an owner asks for a challenge and files an appeal with the signed challenge
 * (both open: the wallet signature is the credential), and moderators with an admin-scoped key
 * list appeals and decide them. The rules (challenge text, expiry, single use, who may dispute)
 * live in the core's use case; this file maps its results.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { type AppealError, SIGNING_HOWTO, type StoredAppeal } from '../../../core/index.js';
import { requireApiKey, requireScope } from '../auth.js';
import type { HttpEnv } from '../context.js';
import { APPEAL_ERROR_STATUS, appealProblemCode, describeError, errorExtras, problem } from '../problem.js';
import {
  AddressParamSchema,
  AppealDecisionRequestSchema,
  AppealDecisionSchema,
  AppealIdParamSchema,
  AppealListQuerySchema,
  AppealListSchema,
  AppealRequestSchema,
  AppealSchema,
  ChallengeSchema,
} from '../schemas.js';
import { defaultProblem, problemResponse, type RouteDeps } from './openapi.js';

/** What anyone may read of an appeal: no contact, no submitter. */
export function publicAppeal(appeal: StoredAppeal) {
  return {
    id: appeal.id,
    status: appeal.status,
    address: appeal.address,
    chain: appeal.chain,
    method: appeal.method,
    statement: appeal.statement,
    createdAt: appeal.createdAt.toISOString(),
    decidedAt: appeal.decidedAt?.toISOString() ?? null,
    note: appeal.note,
    dismissedReports: appeal.dismissedReports,
  };
}

function moderatorAppeal(appeal: StoredAppeal) {
  return {
    ...publicAppeal(appeal),
    message: appeal.message,
    signature: appeal.signature,
    contact: appeal.contact,
    source: appeal.source,
  };
}

const challengeRoute = createRoute({
  method: 'post',
  path: '/v1/addresses/{address}/appeals/challenge',
  tags: ['appeals'],
  summary: 'Ask for a challenge to sign, to appeal the reports against an address you control',
  description:
    'The answer’s `message` is signed in the address’s own wallet (“Sign message”) and sent with a ' +
    'statement to POST /v1/addresses/{address}/appeals within an hour. A challenge files one appeal.',
  request: { params: AddressParamSchema },
  responses: {
    201: { content: { 'application/json': { schema: ChallengeSchema } }, description: 'The challenge.' },
    400: problemResponse('Not an address, or a chain whose wallet signatures are not verified.'),
    503: problemResponse('The database is unavailable; `Retry-After` says when to try again.'),
    default: defaultProblem,
  },
});

const appealRoute = createRoute({
  method: 'post',
  path: '/v1/addresses/{address}/appeals',
  tags: ['appeals'],
  summary: 'File an appeal: the signed challenge and a statement',
  description:
    'Only a valid signature of an unexpired, unused challenge for this address by the address’s key ' +
    'files an appeal. While it waits for a moderator every summary of the address carries the reason ' +
    '`appeal-pending`.',
  request: {
    params: AddressParamSchema,
    body: { content: { 'application/json': { schema: AppealRequestSchema } }, required: true },
  },
  responses: {
    201: { content: { 'application/json': { schema: AppealSchema } }, description: 'Filed: status pending.' },
    400: problemResponse(
      'Not an address, a chain without signature checks, or input that is not a signature.',
    ),
    409: problemResponse('The challenge was used already, or an appeal for this address is pending.'),
    422: problemResponse(
      'The signature does not prove control of the address (`signature-mismatch`), the message is not a challenge issued for it, the challenge expired, or the statement is empty or too long.',
    ),
    503: problemResponse('The database is unavailable: nothing was saved.'),
    default: defaultProblem,
  },
});

export function registerAppealRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { chainwarden } = deps;
  const fail = (
    // biome-ignore lint/suspicious/noExplicitAny: any route's context
    c: any,
    error: AppealError,
  ) => {
    const headers: Record<string, string> =
      'retryAfterSeconds' in error ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
    if (error.code === 'storage-unavailable') deps.metrics.databaseUnavailable('refused');
    return problem(
      c,
      APPEAL_ERROR_STATUS[error.code],
      appealProblemCode(error.code),
      describeError(error),
      errorExtras(error),
      headers,
    );
  };

  app.openapi(challengeRoute, async (c) => {
    const result = await chainwarden.appeals.challenge({ address: c.req.valid('param').address });
    if (!result.ok) return fail(c, result.error);
    const challenge = result.value;
    return c.json(
      {
        message: challenge.message,
        expiresAt: challenge.expiresAt.toISOString(),
        address: challenge.address,
        chain: challenge.chain,
        howToSign: SIGNING_HOWTO[challenge.chain as keyof typeof SIGNING_HOWTO] ?? '',
      },
      201,
    );
  });

  app.openapi(appealRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await chainwarden.appeals.submit({
      address: c.req.valid('param').address,
      message: body.message,
      signature: body.signature,
      statement: body.statement,
      contact: body.contact ?? null,
      source: 'api',
    });
    if (!result.ok) return fail(c, result.error);
    return c.json(publicAppeal(result.value), 201, { Location: `/v1/appeals/${result.value.id}` });
  });

  const listRoute = createRoute({
    method: 'get',
    path: '/v1/appeals',
    tags: ['appeals'],
    summary: 'Appeals, newest first (moderators)',
    security: [{ ApiKey: [] }],
    middleware: [requireApiKey(deps.apiKeys), requireScope('admin')] as const,
    request: { query: AppealListQuerySchema },
    responses: {
      200: { content: { 'application/json': { schema: AppealListSchema } }, description: 'The appeals.' },
      401: problemResponse('No API key, or an unknown or revoked one.'),
      403: problemResponse('The key is not admin-scoped.'),
      default: defaultProblem,
    },
  });

  app.openapi(listRoute, async (c) => {
    const appeals = await chainwarden.appeals.list({
      status: c.req.valid('query').status ?? null,
      limit: 200,
    });
    return c.json({ appeals: appeals.map(moderatorAppeal) }, 200);
  });

  const decisionRoute = createRoute({
    method: 'post',
    path: '/v1/appeals/{id}/decision',
    tags: ['appeals'],
    summary: 'Uphold or reject an appeal (moderators)',
    description:
      'Upheld: the community reports against the address filed until now are dismissed and stop ' +
      'counting; summaries carry `appeal-upheld`. Sanctions and scam lists are never changed: `delist` ' +
      'names who must delist the address.',
    security: [{ ApiKey: [] }],
    middleware: [requireApiKey(deps.apiKeys), requireScope('admin')] as const,
    request: {
      params: AppealIdParamSchema,
      body: { content: { 'application/json': { schema: AppealDecisionRequestSchema } }, required: true },
    },
    responses: {
      200: { content: { 'application/json': { schema: AppealDecisionSchema } }, description: 'Decided.' },
      400: problemResponse('Not JSON, or an unknown outcome.'),
      401: problemResponse('No API key, or an unknown or revoked one.'),
      403: problemResponse('The key is not admin-scoped.'),
      404: problemResponse('No such appeal.'),
      409: problemResponse('The appeal was decided already.'),
      422: problemResponse('The note is too long.'),
      503: problemResponse('The database is unavailable: nothing was decided.'),
      default: defaultProblem,
    },
  });

  app.openapi(decisionRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await chainwarden.appeals.decide({
      id: c.req.valid('param').id,
      outcome: body.outcome,
      note: body.note ?? null,
      decidedBy: `api:${c.get('apiKey').id}`,
    });
    if (!result.ok) return fail(c, result.error);
    return c.json({ ...publicAppeal(result.value.appeal), delist: result.value.delist }, 200);
  });
}
