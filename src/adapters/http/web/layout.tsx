/**
 * The page shell every web page shares: language, viewport, the one stylesheet (a file, so the CSP
 * needs no inline style), a skip link, the site header and footer. Hono's JSX escapes every string
 * it is given; nothing here writes raw HTML.
 */
import type { Child } from 'hono/jsx';
import { STYLESHEET_PATH } from './stylesheet.js';

export interface LayoutProps {
  title: string;
  /** Who is signed in (a moderator), shown in the header with a sign-out form. */
  signedIn?: { name: string; csrf: string } | null;
  children?: Child;
}

export function Layout({ title, signedIn, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{title}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href="/">
            Chainwarden
          </a>
          <nav aria-label="Site">
            <a href="/">Check an address</a>
            {signedIn ? <a href="/review">Review queue</a> : null}
            {signedIn ? (
              <form class="inline" method="post" action="/signout">
                <input type="hidden" name="csrf" value={signedIn.csrf} />
                <button type="submit" class="secondary">
                  Sign out {signedIn.name}
                </button>
              </form>
            ) : null}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>
            Chainwarden checks addresses against sanctions lists, public scam lists and community reports. No
            reports is not proof of safety: confirm an address with the recipient through another channel. The
            same answers come from the <a href="/openapi.json">HTTP API</a>.
          </p>
        </footer>
      </body>
    </html>
  );
}
