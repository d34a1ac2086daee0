/**
 * `Authorization: Bearer <key>` for the write endpoints. Every request checks the key against the
 * store (one indexed lookup on its hash), so a revoked key stops working on the next request;
 * reads stay open and never touch this.
 */
import { createMiddleware } from 'hono/factory';
import type { ApiKeyInfo, ApiKeyStore } from '../../store/index.js';
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
