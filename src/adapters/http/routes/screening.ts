/** `GET /v1/addresses/{address}` and `POST /v1/screen`: the same summaries as `check --json`. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { RiskSummary } from '../../../core/index.js';
import type { HttpEnv } from '../context.js';
import type { HttpMetrics } from '../metrics.js';
import { describeError, errorExtras, problem } from '../problem.js';
import {
  AddressParamSchema,
  RiskSummarySchema,
  ScreenRequestSchema,
  ScreenResponseSchema,
} from '../schemas.js';
import { defaultProblem, problemResponse, type RouteDeps } from './openapi.js';

const screenAddressRoute = createRoute({
  method: 'get',
  path: '/v1/addresses/{address}',
  tags: ['screening'],
  summary: 'Risk summary of one address',
  request: { params: AddressParamSchema },
  responses: {
    200: { content: { 'application/json': { schema: RiskSummarySchema } }, description: 'The risk summary.' },
    400: problemResponse('Not an address; `detail` says why and what a valid one looks like.'),
    default: defaultProblem,
  },
});

const screenBatchRoute = createRoute({
  method: 'post',
  path: '/v1/screen',
  tags: ['screening'],
  summary: 'Screen every address in free text, or a list of addresses',
  description:
    'Results come in input order. With `addresses`, an entry that is not an address carries its error ' +
    'instead of failing the batch. With `text`, each distinct address found is screened (at most 20). ' +
    'Only the first CHAIN_MAX_LOOKUPS_PER_REQUEST (default 5) addresses not recently looked up get on-chain facts; ' +
    'the others carry `onchain.unavailableBecause: "skipped"` and an `onchain-unavailable` reason saying so.',
  request: { body: { content: { 'application/json': { schema: ScreenRequestSchema } }, required: true } },
  responses: {
    200: {
      content: { 'application/json': { schema: ScreenResponseSchema } },
      description: 'One result per input.',
    },
    400: problemResponse('The body is not JSON or does not match the schema.'),
    default: defaultProblem,
  },
});

/** Counts a screen, and a screen answered from the lists alone because the database was unreachable. */
function screened(metrics: HttpMetrics, summary: RiskSummary): void {
  metrics.screened(summary.level);
  if (summary.reasons.some((r) => r.code === 'reports-unavailable')) metrics.databaseUnavailable('degraded');
}

export function registerScreeningRoutes(
  app: OpenAPIHono<HttpEnv>,
  { chainwarden, metrics }: RouteDeps,
): void {
  app.openapi(screenAddressRoute, async (c) => {
    const result = await chainwarden.screenAddress(c.req.valid('param').address);
    if (!result.ok) {
      return problem(c, 400, 'invalid-address', describeError(result.error), errorExtras(result.error));
    }
    screened(metrics, result.value);
    return c.json(result.value, 200);
  });

  app.openapi(screenBatchRoute, async (c) => {
    const body = c.req.valid('json');
    if (body.addresses === undefined) {
      // The same reading of a text as the bots and the CLI: a mistyped address, when it is all the
      // text holds, comes back as an entry with its error rather than as an empty answer.
      const outcome = await chainwarden.checkInput(body.text ?? '');
      const summaries =
        outcome.kind === 'address' ? [outcome.summary] : outcome.kind === 'text' ? outcome.summaries : [];
      for (const summary of summaries) screened(metrics, summary);
      if (outcome.kind === 'invalid') {
        const { input, code, reason, hint } = outcome.error;
        return c.json({ results: [{ input, error: { code, reason, hint } }] }, 200);
      }
      const notScreened = outcome.kind === 'text' ? outcome.notScreened : 0;
      return c.json(notScreened > 0 ? { results: summaries, notScreened } : { results: summaries }, 200);
    }
    const inputs = body.addresses;
    const results = (await chainwarden.screenAddresses(inputs)).map((result, i) => {
      if (result.ok) {
        screened(metrics, result.value);
        return result.value;
      }
      const { code, reason, hint } = result.error;
      return { input: inputs[i] ?? '', error: { code, reason, hint } };
    });
    return c.json({ results }, 200);
  });
}
