/**
 * Web sign-in for moderators: one-time links (issued by a bot in a private chat, valid 15 minutes,
 * used once) and the sessions they start. Only SHA-256 hashes of link and session tokens are
 * stored, so a database leak signs nobody in. The clock is the caller's (`now`), so expiry is tested
 * without waiting.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from './database.js';
import { webLoginLinks, webSessions } from './schema.js';

/** Who a link or a session is: a platform identity and the communities they moderated at issue. */
export interface WebIdentity {
  /** `telegram:<user id>` or `discord:<user id>`. */
  identity: string;
  name: string;
  /** `telegram:<chat id>` / `discord:<guild id>`. */
  communities: string[];
}

export interface WebSession extends WebIdentity {
  csrfToken: string;
  expiresAt: Date;
}

/** Why a link does not sign in: never issued (or mistyped), past its 15 minutes, or already used. */
export type LoginLinkProblem = 'unknown' | 'expired' | 'used';

export type RedeemResult =
  | { ok: true; sessionToken: string; session: WebSession }
  | { ok: false; problem: LoginLinkProblem };

export interface WebSessionStore {
  /** A new one-time link token (shown once, in the bot's message); only its hash is stored. */
  issueLoginLink(who: WebIdentity, now: Date): Promise<{ token: string; expiresAt: Date }>;
  /** Uses a link once: a session for its identity, or why not. Two racing redeems: one wins. */
  redeemLoginLink(token: string, now: Date): Promise<RedeemResult>;
  /** The live session with this cookie token, or null (unknown, ended or expired). */
  session(token: string, now: Date): Promise<WebSession | null>;
  /** Signs out; ending an unknown session is harmless. */
  endSession(token: string): Promise<void>;
}

export const LOGIN_LINK_TTL_MS = 15 * 60_000;
export const SESSION_TTL_MS = 12 * 60 * 60_000;

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');
/** Tokens are 43 base64url characters: anything else is refused before a query. */
export const WEB_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function createWebSessionStore(db: Db): WebSessionStore {
  return {
    async issueLoginLink(who, now) {
      const token = newToken();
      const expiresAt = new Date(now.getTime() + LOGIN_LINK_TTL_MS);
      // Links nobody used are not kept past a day.
      await db.delete(webLoginLinks).where(lt(webLoginLinks.expiresAt, new Date(now.getTime() - 86_400_000)));
      await db.insert(webLoginLinks).values({
        tokenHash: hash(token),
        identity: who.identity,
        name: who.name,
        communities: who.communities,
        createdAt: now,
        expiresAt,
      });
      return { token, expiresAt };
    },

    async redeemLoginLink(token, now) {
      if (!WEB_TOKEN.test(token)) return { ok: false, problem: 'unknown' };
      const tokenHash = hash(token);
      // Marked used in one statement: of two racing redeems only one gets the row back.
      const [claimed] = await db
        .update(webLoginLinks)
        .set({ usedAt: now })
        .where(
          and(
            eq(webLoginLinks.tokenHash, tokenHash),
            isNull(webLoginLinks.usedAt),
            gt(webLoginLinks.expiresAt, now),
          ),
        )
        .returning();
      if (!claimed) {
        const [seen] = await db
          .select({ usedAt: webLoginLinks.usedAt })
          .from(webLoginLinks)
          .where(eq(webLoginLinks.tokenHash, tokenHash));
        return { ok: false, problem: !seen ? 'unknown' : seen.usedAt ? 'used' : 'expired' };
      }
      const sessionToken = newToken();
      const session: WebSession = {
        identity: claimed.identity,
        name: claimed.name,
        communities: claimed.communities,
        csrfToken: newToken(),
        expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      };
      await db.delete(webSessions).where(lt(webSessions.expiresAt, now));
      await db.insert(webSessions).values({ tokenHash: hash(sessionToken), createdAt: now, ...session });
      return { ok: true, sessionToken, session };
    },

    async session(token, now) {
      if (!WEB_TOKEN.test(token)) return null;
      const [row] = await db
        .select()
        .from(webSessions)
        .where(eq(webSessions.tokenHash, hash(token)));
      if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
      return {
        identity: row.identity,
        name: row.name,
        communities: row.communities,
        csrfToken: row.csrfToken,
        expiresAt: row.expiresAt,
      };
    },

    async endSession(token) {
      if (!WEB_TOKEN.test(token)) return;
      await db.delete(webSessions).where(eq(webSessions.tokenHash, hash(token)));
    },
  };
}
