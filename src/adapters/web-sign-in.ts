/**
 * The bots' side of the web sign-in: a moderator asks (`/weblogin`), the bot checks they moderate the
 * community they ask in and sends a one-time link in private, bound to their platform identity and
 * that community. Shared by the Telegram and Discord adapters; the page that redeems the link is in
 * http/web/sign-in.tsx.
 */
import type { WebIdentity, WebSessionStore } from '../store/index.js';

export interface WebLoginIssuer {
  /** A link to `PUBLIC_URL/login/<token>`, valid 15 minutes, usable once. */
  issue(who: WebIdentity): Promise<{ url: string; expiresAt: Date }>;
}

export function createWebLoginIssuer(
  store: Pick<WebSessionStore, 'issueLoginLink'>,
  publicUrl: string,
  now: () => Date = () => new Date(),
): WebLoginIssuer {
  return {
    async issue(who) {
      const { token, expiresAt } = await store.issueLoginLink(who, now());
      return { url: `${publicUrl}/login/${token}`, expiresAt };
    },
  };
}

/** What a moderator reads with their link, on every platform (plain text; each adapter escapes it). */
export const WEB_LOGIN_TEXT =
  'Your sign-in link for the Chainwarden web page (review queue). It works once, within 15 minutes, and signs in only you: do not forward it.';

/** Said when the operator has not set PUBLIC_URL, so there is no web page to sign in to. */
export const WEB_LOGIN_UNAVAILABLE =
  'The web sign-in is not set up here: the operator has to set PUBLIC_URL (where the web page is reachable).';
