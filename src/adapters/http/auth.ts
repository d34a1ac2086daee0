/**
 * `Authorization: Bearer <key>` for the write endpoints. Every request checks the key against the
 * store (one indexed lookup on its hash), so a revoked key stops working on the next request;
 * reads stay open and never touch this. A route that needs more than filing reports (the review
 * queue) adds `requireScope('admin')` after it: a valid key of a lesser scope gets 403, not 401.
 */
import { createMiddleware } from 'hono/factory';
import type { ApiKeyInfo, ApiKeyScope, ApiKeyStore } from '../../store/index.js';
import type { HttpEnv } from './context.js';
import { problem } from './problem.js';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{1,200})[ \t]*$/i;
const REALM = 'Bearer realm="chainwarden"';

export type ApiKeyEnv = HttpEnv & { Variables: { apiKey: ApiKeyInfo } };

export function requireApiKey(apiKeys: ApiKeyStore) {
  return createMiddleware<ApiKeyEnv>(async (c, next) => {
    const verified = c.get('verifiedApiKey');
    if (verified) {
      c.set('apiKey', verified);
      return next();
    }
    const header = c.req.header('authorization');
    if (header === undefined || header.trim() === '') {
      return problem(
        c,
        401,
        'unauthorized',
        'This endpoint needs an API key: send "Authorization: Bearer <key>". An operator creates one with `chainwarden apikey create --name NAME`.',
        {},
        { 'WWW-Authenticate': REALM },
      );
    }
    const match = BEARER.exec(header);
    const key = match?.[1] ? await apiKeys.verify(match[1]) : null;
    if (!key) {
      return problem(
        c,
        401,
        'unauthorized',
        'The API key is unknown or has been revoked. Ask the operator for a valid key.',
        {},
        { 'WWW-Authenticate': `${REALM}, error="invalid_token"` },
      );
    }
    c.set('apiKey', key);
    await next();
  });
}

/** What each scope may do, for the 403 detail. */
const SCOPE_GRANTS = {
  report: 'file reports',
  admin: 'file reports and review the queue',
} as const satisfies Record<ApiKeyScope, string>;

/**
 * After `requireApiKey`: refuses (403 `forbidden-scope`) a valid key whose scope is not `scope`.
 * Scopes are ordered report < admin, so an admin key passes every check.
 */
export function requireScope(scope: ApiKeyScope) {
  return createMiddleware<ApiKeyEnv>(async (c, next) => {
    const key = c.get('apiKey');
    if (scope === 'admin' && key.scope !== 'admin') {
      return problem(
        c,
        403,
        'forbidden-scope',
        `This endpoint needs an admin-scoped API key; key ${key.id} has the ${key.scope} scope (it may ${SCOPE_GRANTS[key.scope]}). An operator creates one with \`chainwarden apikey create --name NAME --scope admin\`.`,
      );
    }
    await next();
  });
}
