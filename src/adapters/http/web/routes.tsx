/**
 * The web page's routes on the API's Hono app: `/` and `/?q=` (the check page), `/a/{address}`
 * (permalink), the stylesheet, and the HTML forms of "not found" and "something went wrong" for
 * browsers. Every page carries a strict Content-Security-Policy: no script at all, styles only from
 * our own stylesheet file, forms only to us, no framing.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import {
  type Chainwarden,
  parseHops,
  REVIEW_DECISIONS,
  type ReviewError,
  StorageUnavailableError,
} from '../../../core/index.js';
import { sentence } from '../../presentation.js';
import type { HttpEnv } from '../context.js';
import { countedTrace, type TraceGate } from '../rate-limit.js';
import { registerAppealRoutes } from './appeal-page.js';
import { AddressPage, type CheckAnswer, CheckPage, MAX_QUERY_CHARS, MessagePage } from './check-page.js';
import { ReviewPage, ReviewRefused } from './review-page.js';
import {
  csrfValid,
  formField,
  headerIdentity,
  loadSession,
  Refused,
  registerSignInRoutes,
  type SignInDeps,
  SignInNeeded,
} from './sign-in.js';
import { STYLESHEET, STYLESHEET_PATH } from './stylesheet.js';
import { InvalidCard } from './summary-card.js';
import { TracePage } from './trace-page.js';

export interface WebDeps {
  chainwarden: Chainwarden;
  /** Counts web checks against the same per-client limit as the API (rate-limit.ts). */
  rateLimit?: MiddlewareHandler<HttpEnv>;
  /** null: no sign-in (the moderator pages say how to sign in, and nobody can). */
  signIn: SignInDeps | null;
  /** The API's per-client trace limit (HTTP_TRACES_PER_MINUTE, two at once): a page trace costs the same. */
  traces?: TraceGate;
}

/** Items listed per community on /review. */
const REVIEW_ITEMS_ON_PAGE = 50;
/**
 * `/review?done=report-42:approve`, `appeal-7:approve:3` (3 reports dismissed): what the last
 * decision was, said once above the queue. Only ids, decisions and digits: nothing a link could word.
 */
const DONE = /^(report|appeal)-([1-9][0-9]{0,15}):(approve|reject)(?::([0-9]{1,6}))?$/;

function doneFlash(done: string | undefined): string | null {
  const match = DONE.exec(done ?? '');
  if (!match) return null;
  const [, kind, number, decision, dismissed] = match;
  const id = `${kind}-${number}`;
  if (kind === 'report') return `${decision === 'approve' ? 'Approved' : 'Rejected'} ${id}.`;
  if (decision === 'reject') return `Rejected ${id}: the reports it disputed still count.`;
  const n = Number(dismissed ?? 0);
  return `Upheld ${id}: ${n} ${n === 1 ? 'report' : 'reports'} filed in your community dismissed. Sanctions and imported lists are unchanged.`;
}

const REVIEW_ERROR_STATUS = {
  'invalid-review-id': 400,
  'review-not-found': 404,
  'already-decided': 409,
  'note-too-long': 422,
  'storage-unavailable': 503,
} as const satisfies Record<ReviewError['code'], number>;

/** Reports listed on an address's page. */
const REPORTS_ON_PAGE = 20;

/** The page's Content-Security-Policy: nothing inline, nothing from elsewhere. */
export const WEB_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

export const webHeaders = secureHeaders({
  contentSecurityPolicy: WEB_CSP,
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: 'same-origin',
});

/** Paths the web page owns: they answer HTML, also when not found or when something breaks. */
export function isWebPath(path: string): boolean {
  return !/^\/(v1|healthz|readyz|metrics|openapi\.json)(\/|$)/.test(path);
}

/** True for a request from a browser (it asks for HTML), which then gets an HTML error page. */
// biome-ignore lint/suspicious/noExplicitAny: any route's context (path and input types differ per route)
export function wantsHtml(c: Context<any, any, any>): boolean {
  return isWebPath(c.req.path) && (c.req.header('accept') ?? '').includes('text/html');
}

// biome-ignore lint/suspicious/noExplicitAny: any route's context (path and input types differ per route)
export function webNotFound(c: Context<any, any, any>): Response | Promise<Response> {
  webHeaderValues(c);
  return c.html(
    <MessagePage title="Page not found" status={404}>
      <p>
        There is no page here. <a href="/">Check an address</a> instead.
      </p>
    </MessagePage>,
    404,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: any route's context (path and input types differ per route)
export function webError(c: Context<any, any, any>, requestId: string): Response | Promise<Response> {
  webHeaderValues(c);
  return c.html(
    <MessagePage title="Something went wrong" status={500}>
      <p>Something went wrong on our side. Please try again in a minute.</p>
      <p>
        If it keeps happening, quote request id <code>{requestId}</code>.
      </p>
    </MessagePage>,
    500,
  );
}

/** The CSP on a response made outside the web routes' middleware (not-found and error pages). */
// biome-ignore lint/suspicious/noExplicitAny: any route's context
function webHeaderValues(c: Context<any, any, any>): void {
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  );
  c.header('X-Content-Type-Options', 'nosniff');
}

export function registerWebRoutes(app: Hono<HttpEnv>, deps: WebDeps): void {
  const { chainwarden } = deps;
  const limited: MiddlewareHandler<HttpEnv>[] = deps.rateLimit ? [deps.rateLimit] : [];
  const session = loadSession(deps.signIn);
  if (deps.signIn) registerSignInRoutes(app, deps.signIn, webHeaders, session);
  registerAppealRoutes(
    app,
    { chainwarden, secureCookies: deps.signIn?.secureCookies ?? false },
    webHeaders,
    limited,
  );

  app.get(STYLESHEET_PATH, (c) =>
    c.body(STYLESHEET, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    }),
  );

  app.get('/', webHeaders, ...limited, session, async (c) => {
    const query = c.req.query('q');
    let answer: CheckAnswer = { kind: 'none' };
    if (query !== undefined) {
      const length = [...query].length;
      answer =
        length > MAX_QUERY_CHARS
          ? { kind: 'too-long', length }
          : { kind: 'outcome', outcome: await chainwarden.checkInput(query) };
    }
    c.header('Cache-Control', 'no-store');
    return c.html(
      <CheckPage query={query ?? ''} answer={answer} signedIn={headerIdentity(c)} />,
      answer.kind === 'too-long' ? 400 : 200,
    );
  });

  app.get('/a/:address', webHeaders, ...limited, session, async (c) => {
    const input = c.req.param('address');
    const [result, reports] = await Promise.all([
      chainwarden.screenAddress(input),
      // The database away: the summary still answers from the lists (reason `reports-unavailable`).
      chainwarden.listReports(input, REPORTS_ON_PAGE).catch((error: unknown) => {
        if (error instanceof StorageUnavailableError) return null;
        throw error;
      }),
    ]);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <AddressPage
        result={result}
        reports={reports === null ? null : reports.ok ? reports.value : []}
        signedIn={headerIdentity(c)}
      />,
      result.ok ? 200 : 400,
    );
  });

  // A trace reads chain history for up to TRACE_BUDGET_MS; the core caches it by chain head.
  app.get('/a/:address/trace', webHeaders, ...limited, session, async (c) => {
    c.header('Cache-Control', 'no-store');
    const signedIn = headerIdentity(c);
    const hops = parseHops(c.req.query('hops'));
    if (typeof hops === 'object') {
      return c.html(
        <MessagePage title="Cannot trace" status={400} signedIn={signedIn}>
          <p role="alert">{hops.error}</p>
        </MessagePage>,
        400,
      );
    }
    const gate = deps.traces?.enter(c);
    if (gate?.refused) {
      const { detail, retryAfterSeconds } = gate.refused;
      c.header('Retry-After', String(retryAfterSeconds));
      return c.html(
        <MessagePage title="Too many traces" status={429} signedIn={signedIn}>
          <p role="alert">{detail}</p>
        </MessagePage>,
        429,
      );
    }
    const result = await countedTrace(gate, () => chainwarden.trace(c.req.param('address'), { hops }));
    if (result.ok) return c.html(<TracePage exposure={result.value} signedIn={signedIn} />);
    const error = result.error;
    if (error.code === 'invalid-address') {
      return c.html(
        <MessagePage title="Not a valid address" signedIn={signedIn}>
          <div class="results">
            <InvalidCard error={error} />
          </div>
        </MessagePage>,
        400,
      );
    }
    return c.html(
      <MessagePage title="Cannot trace this address" status={422} signedIn={signedIn}>
        <p role="alert">{sentence(error.reason)}</p>
        <p>{sentence(error.hint)}</p>
      </MessagePage>,
      422,
    );
  });

  app.get('/review', webHeaders, session, async (c) => {
    const signedIn = c.get('signedIn');
    c.header('Cache-Control', 'no-store');
    if (!signedIn) return c.html(<SignInNeeded />, 401);
    const queues = await Promise.all(
      signedIn.communities.map(async (community) => ({
        community,
        items: await chainwarden.review.listReviews({ community }, REVIEW_ITEMS_ON_PAGE),
      })),
    );
    const flash = doneFlash(c.req.query('done'));
    return c.html(
      <ReviewPage
        queues={queues}
        signedIn={{ name: signedIn.name, csrf: signedIn.csrfToken }}
        flash={flash}
      />,
    );
  });

  app.post('/review', webHeaders, session, async (c) => {
    const signedIn = c.get('signedIn');
    if (!signedIn) return c.html(<SignInNeeded />, 401);
    const form = await c.req.parseBody();
    if (!csrfValid(c, form)) {
      return c.html(
        <Refused why="The decision was not sent from the review page. Reload the page and try again." />,
        403,
      );
    }
    const community = formField(form, 'community') ?? '';
    if (!signedIn.communities.includes(community)) {
      return c.html(
        <Refused why="You signed in as a moderator of other communities: decide only their reports and appeals, or ask for a new link with /weblogin in this one." />,
        403,
      );
    }
    const decision = REVIEW_DECISIONS.find((d) => d === formField(form, 'decision'));
    if (!decision) return c.html(<Refused why="Choose Approve (Uphold for an appeal) or Reject." />, 400);
    const id = formField(form, 'id') ?? '';
    const result = await chainwarden.review.decideReview({
      reviewer: signedIn.identity,
      community,
      id,
      decision,
      note: formField(form, 'note')?.trim() || null,
    });
    if (!result.ok) {
      const { reason, hint } = result.error;
      return c.html(
        <ReviewRefused
          reason={reason}
          hint={hint}
          signedIn={{ name: signedIn.name, csrf: signedIn.csrfToken }}
        />,
        REVIEW_ERROR_STATUS[result.error.code],
      );
    }
    const dismissed = result.value.appeal ? `:${result.value.appeal.dismissedReports}` : '';
    return c.redirect(
      `/review?done=${encodeURIComponent(`${result.value.item.id}:${decision}${dismissed}`)}`,
      303,
    );
  });
}
