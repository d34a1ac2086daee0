/**
 * Moderators' sign-in: a bot sends a one-time link (`/weblogin`) to `/login/<token>`; that page asks
 * to confirm with a button (a POST: a link preview or a prefetch never uses the link up), which
 * starts a session. The session cookie is HttpOnly, SameSite=Lax, and Secure (with the `__Host-`
 * prefix) when PUBLIC_URL is https. Every form of a signed-in page carries the session's CSRF token;
 * the confirm form carries a one-off token matched against a short-lived cookie (double submit).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { LoginLinkProblem, WebSession, WebSessionStore } from '../../../store/index.js';
import { LOGIN_LINK_TTL_MS, SESSION_TTL_MS } from '../../../store/index.js';
import type { HttpEnv } from '../context.js';
import { Layout } from './layout.js';

export interface SignInDeps {
  sessions: WebSessionStore;
  /** https: the cookies are Secure and `__Host-` prefixed. */
  secureCookies: boolean;
  now: () => Date;
}

/** The signed-in moderator of this request, with the cookie token (to sign out). */
export type SignedIn = WebSession & { token: string };

// biome-ignore lint/suspicious/noExplicitAny: any route's context (path and input types differ per route)
type AnyContext = Context<HttpEnv, any, any>;

const sessionCookie = (secure: boolean) => (secure ? '__Host-cw_session' : 'cw_session');
const confirmCookie = (secure: boolean) => (secure ? '__Host-cw_login' : 'cw_login');

/** Equal strings, compared in constant time (a CSRF token must not leak through timing). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A form field as one string (absent, repeated or a file: undefined). */
export function formField(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads the session cookie into `c.var.signedIn` (null when signed out or expired). */
export function loadSession(deps: SignInDeps | null): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    if (!deps) {
      c.set('signedIn', null);
      return next();
    }
    const token = getCookie(c, sessionCookie(deps.secureCookies));
    const session = token ? await deps.sessions.session(token, deps.now()) : null;
    c.set('signedIn', session && token ? { ...session, token } : null);
    await next();
  };
}

/** For the header: who is signed in and the CSRF token of the sign-out form. */
export function headerIdentity(c: AnyContext): { name: string; csrf: string } | null {
  const signedIn = c.get('signedIn');
  return signedIn ? { name: signedIn.name, csrf: signedIn.csrfToken } : null;
}

/** A signed-in POST's CSRF check: the form's `csrf` must be the session's token. */
export function csrfValid(c: AnyContext, form: Record<string, unknown>): boolean {
  const signedIn = c.get('signedIn');
  return (
    signedIn !== null && signedIn !== undefined && sameToken(formField(form, 'csrf'), signedIn.csrfToken)
  );
}

export function SignInNeeded() {
  return (
    <Layout title="Sign in · Chainwarden">
      <h1>Sign in as a moderator</h1>
      <p>
        This page is for moderators. To sign in, send <code>/weblogin</code> in the Telegram group you
        moderate (the bot answers in a private chat), or use <code>/weblogin</code> in your Discord server.
        The link it sends works once, within 15 minutes.
      </p>
    </Layout>
  );
}

export function Refused({ why }: { why: string }) {
  return (
    <Layout title="Request refused · Chainwarden">
      <h1>Request refused</h1>
      <p role="alert">{why}</p>
      <p>
        <a href="/review">Back to the review queue</a>
      </p>
    </Layout>
  );
}

const LINK_PROBLEMS = {
  unknown:
    'This sign-in link is not valid. Copy the whole link from the bot’s message, or ask for a new one.',
  expired: `This sign-in link has expired: links work for ${LOGIN_LINK_TTL_MS / 60_000} minutes. Send /weblogin again for a new one.`,
  used: 'This sign-in link was already used: each link signs in once. Send /weblogin again for a new one.',
} satisfies Record<LoginLinkProblem, string>;

/** 410 Gone for a link that was good once; 404 for one that never was. */
const LINK_STATUS = { unknown: 404, expired: 410, used: 410 } as const satisfies Record<
  LoginLinkProblem,
  number
>;

function LinkProblem({ problem }: { problem: LoginLinkProblem }) {
  return (
    <Layout title="Sign-in link not accepted · Chainwarden">
      <h1>Sign-in link not accepted</h1>
      <p role="alert">{LINK_PROBLEMS[problem]}</p>
    </Layout>
  );
}

export function registerSignInRoutes(
  app: Hono<HttpEnv>,
  deps: SignInDeps,
  headers: MiddlewareHandler<HttpEnv>,
  session: MiddlewareHandler<HttpEnv>,
) {
  const secure = deps.secureCookies;

  // Shows a button only: the link is used up by the POST, never by a GET a preview bot might make.
  app.get('/login/:token', headers, (c) => {
    const token = c.req.param('token');
    const confirm = randomBytes(24).toString('base64url');
    setCookie(c, confirmCookie(secure), confirm, {
      httpOnly: true,
      secure,
      sameSite: 'Strict',
      path: '/',
      maxAge: LOGIN_LINK_TTL_MS / 1000,
    });
    c.header('Cache-Control', 'no-store');
    return c.html(
      <Layout title="Sign in · Chainwarden">
        <h1>Sign in as a moderator</h1>
        <p>
          This link signs you in to the review queue of the community where you asked for it. It works once.
        </p>
        <form method="post" action="/login">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="csrf" value={confirm} />
          <button type="submit">Sign in</button>
        </form>
      </Layout>,
    );
  });

  app.post('/login', headers, async (c) => {
    const form = await c.req.parseBody();
    if (!sameToken(formField(form, 'csrf'), getCookie(c, confirmCookie(secure)))) {
      return c.html(
        <Refused why="The sign-in form was not sent from this site (or it is older than 15 minutes). Open the link from the bot again." />,
        403,
      );
    }
    deleteCookie(c, confirmCookie(secure), { path: '/', secure });
    const redeemed = await deps.sessions.redeemLoginLink(formField(form, 'token') ?? '', deps.now());
    if (!redeemed.ok)
      return c.html(<LinkProblem problem={redeemed.problem} />, LINK_STATUS[redeemed.problem]);
    setCookie(c, sessionCookie(secure), redeemed.sessionToken, {
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.redirect('/review', 303);
  });

  app.post('/signout', headers, session, async (c) => {
    const form = await c.req.parseBody();
    const signedIn = c.get('signedIn');
    if (!signedIn) return c.redirect('/', 303);
    if (!csrfValid(c, form)) {
      return c.html(
        <Refused why="The sign-out form was not sent from this page. Reload the page and try again." />,
        403,
      );
    }
    await deps.sessions.endSession(signedIn.token);
    deleteCookie(c, sessionCookie(secure), { path: '/', secure });
    return c.redirect('/', 303);
  });
}
