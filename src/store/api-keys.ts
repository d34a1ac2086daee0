/**
 * API keys for the HTTP API's write endpoints. A key is shown once at creation; only its SHA-256
 * is stored, so a database leak does not leak usable keys.
 */
import { createHash, randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from './database.js';
import { apiKeys } from './schema.js';

/**
 * What a key may do: `report` files reports (and reads); `admin` also reviews the queue of reports
 * waiting for a moderator. An admin key's own reports count as trusted (see reporter weight).
 */
export const API_KEY_SCOPES = ['report', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKeyInfo {
  id: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: Date;
  revokedAt: Date | null;
  /** Requests a minute on /v1/* for this key; null: the per-IP limit applies; 0: not limited. */
  rateLimitPerMinute: number | null;
}

export interface NewApiKey {
  name: string;
  /** See `ApiKeyInfo.rateLimitPerMinute`; absent: null. */
  rateLimitPerMinute?: number | null;
  /** Absent: 'report'. */
  scope?: ApiKeyScope;
}

export interface ApiKeyStore {
  /** Creates a key; the returned `key` is the only time it is ever seen in clear. */
  create(key: NewApiKey | string): Promise<ApiKeyInfo & { key: string }>;
  /** The active key matching this secret, or null (unknown or revoked). */
  verify(key: string): Promise<ApiKeyInfo | null>;
  list(): Promise<ApiKeyInfo[]>;
  /** false when no such key exists; revoking twice is harmless. */
  revoke(id: string): Promise<boolean>;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export function createApiKeyStore(db: Db): ApiKeyStore {
  const columns = {
    id: apiKeys.id,
    name: apiKeys.name,
    scope: apiKeys.scope,
    createdAt: apiKeys.createdAt,
    revokedAt: apiKeys.revokedAt,
    rateLimitPerMinute: apiKeys.rateLimitPerMinute,
  };
  return {
    async create(input) {
      const {
        name,
        rateLimitPerMinute = null,
        scope = 'report',
      } = typeof input === 'string' ? { name: input } : input;
      const id = randomBytes(4).toString('hex');
      const key = `cw_${id}_${randomBytes(24).toString('base64url')}`;
      const [row] = await db
        .insert(apiKeys)
        .values({ id, name, keyHash: hashApiKey(key), rateLimitPerMinute, scope })
        .returning(columns);
      if (!row) throw new Error('creating an API key returned no row');
      return { ...row, key };
    },
    async verify(key) {
      const [row] = await db
        .select(columns)
        .from(apiKeys)
        .where(eq(apiKeys.keyHash, hashApiKey(key)));
      return row && row.revokedAt === null ? row : null;
    },
    async list() {
      return db.select(columns).from(apiKeys).orderBy(desc(apiKeys.createdAt));
    },
    async revoke(id) {
      const [existing] = await db.select(columns).from(apiKeys).where(eq(apiKeys.id, id));
      if (!existing) return false;
      if (existing.revokedAt === null)
        await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
      return true;
    },
  };
}
