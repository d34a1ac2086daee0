/**
 * `/appeal/{address}`: an address's owner appeals its community reports. Step 1 asks the core for a
 * challenge (the exact text to sign, valid an hour, used once); step 2 pastes the wallet's signature
 * and a statement, which the core verifies and files (the same use case as `/v1/.../appeals`).
 * Owners are not signed in: each form carries a CSRF token matched against a cookie (double submit).
 */
import { randomBytes } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type Chainwarden, MAX_STATEMENT_LENGTH } from '../../../core/index.js';
import { sentence } from '../../presentation.js';
import type { HttpEnv } from '../context.js';
import { APPEAL_ERROR_STATUS } from '../problem.js';
import { Layout } from './layout.js';
import { formField, sameToken } from './sign-in.js';
import { addressPath } from './summary-card.js';

// biome-ignore lint/suspicious/noExplicitAny: any route's context (path and input types differ per route)
type AnyContext = Context<HttpEnv, any, any>;

/** The anonymous forms' CSRF token: the cookie's value, made on the first page that shows a form. */
function formToken(c: AnyContext, secure: boolean): string {
  const name = secure ? '__Host-cw_form' : 'cw_form';
  const existing = getCookie(c, name);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  setCookie(c, name, token, { httpOnly: true, secure, sameSite: 'Strict', path: '/', maxAge: 2 * 3600 });
  return token;
}

function formTokenValid(c: AnyContext, secure: boolean, form: Record<string, unknown>): boolean {
  return sameToken(formField(form, 'csrf'), getCookie(c, secure ? '__Host-cw_form' : 'cw_form'));
}

function AppealLayout({ address, children }: { address: string; children?: unknown }) {
  return (
    <Layout title={`Appeal · ${address} · Chainwarden`}>
      <h1>Appeal the reports on your address</h1>
      <p>
        <code class="address">{address}</code> · <a href={addressPath(address)}>what is known about it</a>
      </p>
      {children as never}
    </Layout>
  );
}

/** The appeal page saying what was not accepted, why and what to do (and, below, `children`). */
function AppealProblem({
  address,
  reason,
  hint,
  children,
}: {
  address: string;
  reason: string;
  hint: string;
  children?: unknown;
}) {
  return (
    <AppealLayout address={address}>
      <div class="card error" role="alert">
        <h2>Not accepted</h2>
        <p>{sentence(reason)}</p>
        <p>{sentence(hint)}</p>
      </div>
      {children}
    </AppealLayout>
  );
}

/** A POST whose CSRF token does not match the cookie: not sent from our page. */
const FOREIGN_FORM = {
  reason: 'the form was not sent from this page',
  hint: 'reload the appeal page and try again',
};

export function registerAppealRoutes(
  app: Hono<HttpEnv>,
  deps: { chainwarden: Chainwarden; secureCookies: boolean },
  headers: MiddlewareHandler<HttpEnv>,
  limited: MiddlewareHandler<HttpEnv>[],
): void {
  const { chainwarden, secureCookies } = deps;
  const path = (address: string) => `/appeal/${encodeURIComponent(address)}`;

  app.get('/appeal/:address', headers, ...limited, (c) => {
    const address = c.req.param('address');
    const csrf = formToken(c, secureCookies);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <AppealLayout address={address}>
        <p>
          If community reports on this address are wrong and it is yours, prove it with your wallet: you sign
          a short message we give you, and a moderator reads your statement. Sanctions and public scam lists
          are not changed by an appeal; the decision names who publishes them.
        </p>
        <form method="post" action={`${path(address)}/challenge`}>
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit">Get the message to sign</button>
        </form>
      </AppealLayout>,
    );
  });

  app.post('/appeal/:address/challenge', headers, ...limited, async (c) => {
    const address = c.req.param('address');
    const form = await c.req.parseBody();
    if (!formTokenValid(c, secureCookies, form)) {
      return c.html(<AppealProblem address={address} {...FOREIGN_FORM} />, 403);
    }
    const challenge = await chainwarden.appeals.challenge({ address });
    if (!challenge.ok) {
      const { reason, hint } = challenge.error;
      return c.html(
        <AppealProblem address={address} reason={reason} hint={hint} />,
        APPEAL_ERROR_STATUS[challenge.error.code],
      );
    }
    const { message, expiresAt } = challenge.value;
    const csrf = formToken(c, secureCookies);
    return c.html(
      <AppealLayout address={address}>
        <form method="post" action={path(address)}>
          <input type="hidden" name="csrf" value={csrf} />
          <label for="message">1. Sign exactly this message with the wallet of this address</label>
          <textarea id="message" name="message" rows={5} readonly>
            {message}
          </textarea>
          <p class="hint">
            Valid until {expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC, once. EVM: personal_sign
            (EIP-191); Bitcoin: BIP-322 or a legacy signed message; Tron: signMessageV2; Solana: signMessage.
          </p>
          <label for="signature">2. Paste the signature</label>
          <textarea id="signature" name="signature" rows={3} required spellcheck={false} />
          <label for="statement">
            3. Why the reports are wrong (at most {MAX_STATEMENT_LENGTH} characters)
          </label>
          <textarea id="statement" name="statement" rows={4} maxlength={MAX_STATEMENT_LENGTH} required />
          <label for="contact">How a moderator can reach you (optional, kept private)</label>
          <input type="text" id="contact" name="contact" maxlength={200} />
          <button type="submit">File the appeal</button>
        </form>
      </AppealLayout>,
    );
  });

  app.post('/appeal/:address', headers, ...limited, async (c) => {
    const address = c.req.param('address');
    const form = await c.req.parseBody();
    if (!formTokenValid(c, secureCookies, form)) {
      return c.html(<AppealProblem address={address} {...FOREIGN_FORM} />, 403);
    }
    const filed = await chainwarden.appeals.submit({
      address,
      message: formField(form, 'message') ?? '',
      signature: (formField(form, 'signature') ?? '').trim(),
      statement: formField(form, 'statement') ?? '',
      contact: formField(form, 'contact')?.trim() || null,
      source: 'web',
    });
    if (!filed.ok) {
      const { reason, hint } = filed.error;
      return c.html(
        <AppealProblem address={address} reason={reason} hint={hint}>
          <p>
            <a href={path(address)}>Start again</a>
          </p>
        </AppealProblem>,
        APPEAL_ERROR_STATUS[filed.error.code],
      );
    }
    return c.html(
      <AppealLayout address={address}>
        <p class="flash" role="status">
          Appeal {filed.value.id} filed: the signature matches this address. A moderator will decide; until
          then the address's page says an appeal is pending.
        </p>
      </AppealLayout>,
      201,
    );
  });
}
