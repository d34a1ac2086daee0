/**
 * `POST /v1/ownership/verify`: does this signature prove control of the address? Pure computation
 * in the core (`verifyOwnership`), open like the screening reads: a wallet owner or an exchange
 * can check a proof without a key. Appeals (routes/appeals.ts) use the same check.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { HttpEnv } from '../context.js';
import { describeError, errorExtras, OWNERSHIP_ERROR_STATUS, problem } from '../problem.js';
import { OwnershipRequestSchema, OwnershipVerdictSchema } from '../schemas.js';
import { defaultProblem, problemResponse, type RouteDeps } from './openapi.js';

const verifyRoute = createRoute({
  method: 'post',
  path: '/v1/ownership/verify',
  tags: ['ownership'],
  summary: 'Verify a signed message proving control of an address',
  description:
    'EVM: EIP-191 personal_sign (0x + 130 hex). Bitcoin: BIP-322 simple or full (base64, optionally ' +
    'prefixed `smp`/`ful`) or a legacy BIP-137 signature (P2PKH, P2SH-P2WPKH, P2WPKH). TRON: ' +
    'signMessageV2 (130 hex). Solana: ed25519 over the message’s UTF-8 bytes (base58, base64 or hex). ' +
    '`valid: false` is a well-formed signature by another key or over other text; 400 is input that is ' +
    'not a signature, or one that cannot be checked here (a script needing a full interpreter, a proof of funds).',
  request: { body: { content: { 'application/json': { schema: OwnershipRequestSchema } }, required: true } },
  responses: {
    200: {
      content: { 'application/json': { schema: OwnershipVerdictSchema } },
      description: 'The verdict; `reason` says why when not valid.',
    },
    400: problemResponse(
      'Not an address, a chain without signature checks, not a signature, or a proof that cannot be checked here.',
    ),
    default: defaultProblem,
  },
});

export function registerOwnershipRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  app.openapi(verifyRoute, async (c) => {
    const result = await deps.chainwarden.verifyOwnership(c.req.valid('json'));
    if (!result.ok) {
      const error = result.error;
      return problem(
        c,
        OWNERSHIP_ERROR_STATUS[error.code],
        error.code,
        describeError(error),
        errorExtras(error),
      );
    }
    return c.json(result.value, 200);
  });
}
