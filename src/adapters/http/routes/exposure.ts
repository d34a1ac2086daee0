/** `GET /v1/addresses/{address}/exposure`: the same trace as `chainwarden trace --json`. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { TraceError } from '../../../core/index.js';
import type { HttpEnv } from '../context.js';
import { describeError, errorExtras, type ProblemCode, problem } from '../problem.js';
import { countedTrace, type TraceGate } from '../rate-limit.js';
import { AddressParamSchema, ExposureQuerySchema, ExposureSchema } from '../schemas.js';
import { defaultProblem, problemResponse, type RouteDeps } from './openapi.js';

const exposureRoute = createRoute({
  method: 'get',
  path: '/v1/addresses/{address}/exposure',
  tags: ['screening'],
  summary: 'Exposure: flagged addresses within 1 or 2 hops of this one',
  description:
    "Reads the address's chain history (EVM `trace_filter` or Otterscan and ERC-20 `Transfer` logs, Bitcoin Esplora, " +
    'Tron TronGrid) and names every sanctioned, scam-listed or reported counterparty within `hops`, with the path, ' +
    'the transactions and the amounts. Bounded by TRACE_BUDGET_MS: a partial answer is `complete: false` with the ' +
    'reasons in `incomplete`, never an error. Cached by chain head. Limited per client (API key, else address) to ' +
    'HTTP_TRACES_PER_MINUTE started a minute (default 6) and 2 running at once: past either, 429 with Retry-After.',
  request: { params: AddressParamSchema, query: ExposureQuerySchema },
  responses: {
    200: { content: { 'application/json': { schema: ExposureSchema } }, description: 'The exposure.' },
    400: problemResponse('Not an address, or `hops` is not 1 or 2; `detail` says why.'),
    422: problemResponse(
      "No history source is configured for the address's chain; `detail` names what is missing.",
    ),
    429: problemResponse(
      'Too many traces from this client (API key, else address): more than HTTP_TRACES_PER_MINUTE started this ' +
        'minute, or 2 still running. `Retry-After` and `retryAfterSeconds` say when to try again.',
    ),
    default: defaultProblem,
  },
});

/** How each expected failure of `trace` reaches an HTTP client. */
const TRACE_ERROR_STATUS = {
  'invalid-address': 400,
  'no-history-source': 422,
} as const satisfies Record<TraceError['code'], ContentfulStatusCode>;

export function registerExposureRoutes(
  app: OpenAPIHono<HttpEnv>,
  { chainwarden }: RouteDeps,
  traces: TraceGate,
): void {
  app.openapi(exposureRoute, async (c) => {
    const hops = c.req.valid('query').hops === '1' ? 1 : 2;
    const gate = traces.enter(c);
    if (gate.refused) {
      const { detail, retryAfterSeconds } = gate.refused;
      return problem(
        c,
        429,
        'too-many-traces',
        detail,
        { retryAfterSeconds },
        {
          'Retry-After': String(retryAfterSeconds),
        },
      );
    }
    const result = await countedTrace(gate, () => chainwarden.trace(c.req.valid('param').address, { hops }));
    if (result.ok) return c.json(result.value, 200);
    const error = result.error;
    const code: ProblemCode = error.code;
    if (error.code === 'invalid-address') {
      return problem(c, TRACE_ERROR_STATUS[error.code], code, describeError(error), errorExtras(error));
    }
    return problem(c, TRACE_ERROR_STATUS[error.code], code, `${error.reason} ${error.hint}`, {
      reason: error.reason,
      hint: error.hint,
    });
  });
}
