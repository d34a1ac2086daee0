/**
 * `GET /v1/reviews` and `POST /v1/reviews/{id}` (admin-scoped API keys): every community's review
 * queue, and the decision on one item. A report key gets 403 `forbidden-scope`. The key decides as
 * `api:<key id>`, the operator's hand: an approval is the verification of the community the report
 * was filed in.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { parseCommunityId, type ReviewError, type ReviewItem } from '../../../core/index.js';
import { requireApiKey, requireScope } from '../auth.js';
import type { HttpEnv } from '../context.js';
import { DATABASE_UNAVAILABLE_DETAIL, type ProblemCode, problem } from '../problem.js';
import {
  ReviewDecisionRequestSchema,
  ReviewIdParamSchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  ReviewOutcomeSchema,
} from '../schemas.js';
import { defaultProblem, problemResponse, type RouteDeps } from './openapi.js';

const REVIEW_ERROR_STATUS = {
  'invalid-review-id': 400,
  'review-not-found': 404,
  'already-decided': 409,
  'note-too-long': 422,
  'storage-unavailable': 503,
} as const satisfies Record<ReviewError['code'], ContentfulStatusCode>;

const reviewProblemCode = (code: ReviewError['code']): ProblemCode =>
  code === 'storage-unavailable' ? 'database-unavailable' : code;

const itemJson = (item: ReviewItem) =>
  item.kind === 'report'
    ? { ...item, createdAt: item.createdAt.toISOString() }
    : {
        ...item,
        verifiedAt: item.verifiedAt.toISOString(),
        createdAt: item.createdAt.toISOString(),
        disputes: item.disputes.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
      };

export function registerReviewRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { chainwarden } = deps;
  const authProblems = {
    401: problemResponse('No API key, or an unknown or revoked one.'),
    403: problemResponse('A report-scoped key: the review queue needs an admin-scoped key.'),
  };

  const listRoute = createRoute({
    method: 'get',
    path: '/v1/reviews',
    tags: ['reviews'],
    summary: 'What waits for moderator review, oldest first',
    description:
      'Reports from new accounts or members, from reporters whose reports were rejected, and against allowlisted addresses; and owners’ appeals (`kind: appeal`, with the reports they dispute). Reporter and owner ids are never shown: `platform` and `weight` only.',
    security: [{ ApiKey: [] }],
    middleware: [requireApiKey(deps.apiKeys), requireScope('admin')] as const,
    request: { query: ReviewListQuerySchema },
    responses: {
      200: { content: { 'application/json': { schema: ReviewListSchema } }, description: 'The queue.' },
      400: problemResponse('A bad `community` or `limit`.'),
      ...authProblems,
      default: defaultProblem,
    },
  });

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    let community: string | null = null;
    if (query.community !== undefined) {
      const parsed = parseCommunityId(query.community);
      if (!parsed.ok) {
        return problem(c, 400, 'invalid-community', `"${parsed.error.input}" ${parsed.error.reason}.`, {
          reason: parsed.error.reason,
          hint: parsed.error.hint,
        });
      }
      community = parsed.value;
    }
    const items = await chainwarden.review.listReviews({ community }, query.limit ?? 50);
    return c.json({ reviews: items.map(itemJson) }, 200);
  });

  const decideRoute = createRoute({
    method: 'post',
    path: '/v1/reviews/{id}',
    tags: ['reviews'],
    summary: 'Approve or reject one waiting item',
    description:
      'A report: approve, it counts, verified by a moderator of the community it was filed in; reject, it never counts, and its reporter counts for less. An appeal (`appeal-<id>`): approve upholds it (the community reports are dismissed; sanctions and imported lists never are), reject rejects it; the same decision as `POST /v1/appeals/{id}/decision`. A decision stands: deciding again answers 409.',
    security: [{ ApiKey: [] }],
    middleware: [requireApiKey(deps.apiKeys), requireScope('admin')] as const,
    request: {
      params: ReviewIdParamSchema,
      body: { content: { 'application/json': { schema: ReviewDecisionRequestSchema } }, required: true },
    },
    responses: {
      200: { content: { 'application/json': { schema: ReviewOutcomeSchema } }, description: 'Decided.' },
      400: problemResponse('Not a review id, or a body that does not match the schema.'),
      ...authProblems,
      404: problemResponse('Nothing waits for review under this id.'),
      409: problemResponse('Already decided; nothing was changed.'),
      422: problemResponse('The note is longer than 500 characters.'),
      503: problemResponse('The database is unavailable: nothing was changed.'),
      default: defaultProblem,
    },
  });

  app.openapi(decideRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await chainwarden.review.decideReview({
      id: c.req.valid('param').id,
      decision: body.decision,
      note: body.note ?? null,
      reviewer: `api:${c.get('apiKey').id}`,
      community: null,
    });
    if (!result.ok) {
      const error = result.error;
      if (error.code === 'storage-unavailable') {
        deps.metrics.databaseUnavailable('refused');
        return problem(
          c,
          503,
          'database-unavailable',
          DATABASE_UNAVAILABLE_DETAIL,
          {},
          { 'Retry-After': '5' },
        );
      }
      return problem(
        c,
        REVIEW_ERROR_STATUS[error.code],
        reviewProblemCode(error.code),
        `${error.reason.charAt(0).toUpperCase()}${error.reason.slice(1)}: ${error.hint}.`,
        { reason: error.reason, hint: error.hint },
      );
    }
    const outcome = result.value;
    return c.json(
      { ...outcome, item: itemJson(outcome.item), reviewedAt: outcome.reviewedAt.toISOString() },
      200,
    );
  });
}
