/**
 * The web page over HTTP (`app.request`, no browser): the same answers as the core, escaping of
 * hostile text, the Content-Security-Policy and the error pages. The browser tests
 * (web-browser.test.ts) drive the same pages in Chromium.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi, type HttpApi } from '../../../src/adapters/http/index.js';
import { diffAddresses } from '../../../src/adapters/http/web/lookalike-diff.js';
import { createLogger } from '../../../src/logger.js';
import { batchesOf, listEntry } from '../../fixtures/builders.js';
import { fileAppeal } from '../../support/appeals.js';
import { createTestContext, type TestContext } from '../../support/context.js';

const EVM = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const SANCTIONED = '0x8589427373d6d84e98730d7795d8f6f8731fda16';
const LOOKALIKE = '0xd9a1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa853a91';
const GENUINE = '0xd9a1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb853a91';
const HOSTILE_NOTE = '<img src=x onerror=alert(1)><script>alert(2)</script> "quoted" & more';

let ctx: TestContext;
let app: HttpApi;
/** The sign-in clock: tests move it to expire links. */
let clock = new Date();
const page = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

beforeAll(async () => {
  ctx = await createTestContext();
  app = createHttpApi({
    chainwarden: ctx.chainwarden,
    apiKeys: ctx.stores.apiKeys,
    lists: ctx.stores.lists,
    database: ctx.database,
    logger: createLogger('silent'),
    webSessions: ctx.stores.webSessions,
    now: () => clock,
  });
  await ctx.stores.lists.replaceList(
    { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27' },
    batchesOf([listEntry(SANCTIONED, { label: 'TORNADO CASH', program: 'CYBER2' })]),
  );
  await ctx.stores.lists.replaceList(
    { source: 'otc-desks', kind: 'allow', listDate: '2026-11-01' },
    batchesOf([listEntry(GENUINE, { label: 'OTC desk' })]),
  );
  const saved = await ctx.chainwarden.submitReport({
    address: TRON,
    category: 'phishing',
    note: HOSTILE_NOTE,
    reporter: 'api:1',
    source: 'api',
  });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await ctx?.close();
});

describe('the check page', () => {
  it('offers one text box labelled for an address or a message, and a Check button', async () => {
    const response = await page('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<label for="q">Paste an address or a message</label>');
    expect(html).toMatch(/<textarea id="q" name="q"/);
    expect(html).toContain('<button type="submit">Check</button>');
    expect(html).not.toContain('class="card');
  });

  it('sends a strict Content-Security-Policy: nothing inline, no script, forms only to itself', async () => {
    const response = await page('/?q=x');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(csp).not.toContain('script-src');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).not.toMatch(/<script|<style| style=/);
  });

  it('serves its stylesheet as a cacheable CSS file named by its content', async () => {
    const html = await (await page('/')).text();
    const href = /<link rel="stylesheet" href="(\/assets\/web-[0-9a-f]{12}\.css)"/.exec(html)?.[1];
    expect(href).toBeDefined();
    const css = await page(href ?? '');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(await css.text()).toContain('.level-severe');
  });

  it('renders /?q= on the server with the level, the score and each reason the core gives', async () => {
    const html = await (await page(`/?q=${SANCTIONED}`)).text();
    const outcome = await ctx.chainwarden.checkInput(SANCTIONED);
    if (outcome.kind !== 'address') throw new Error(`expected one address, got ${outcome.kind}`);
    const { summary } = outcome;
    expect(summary.level).toBe('severe');
    expect(html).toContain('data-level="severe"');
    expect(html).toContain('SEVERE</span>');
    expect(html).toContain(`risk ${summary.score}/100`);
    for (const reason of summary.reasons) expect(html).toContain(`Source: ${reason.source}`);
    expect(html).toContain('Source: ofac-sdn, list of 2024-09-27');
    expect(html).toContain(`href="/a/${summary.address}"`);
    // The text box keeps what was typed, so the person can correct it.
    expect(html).toContain(`>${SANCTIONED}</textarea>`);
  });

  it('gives every address in a pasted message its own card, in order', async () => {
    const message = `Send the deposit to ${EVM} or, for USDT, to ${TRON}. Thanks!`;
    const html = await (await page(`/?q=${encodeURIComponent(message)}`)).text();
    expect(html).toContain('Found 2 addresses in the text.');
    const cards = [...html.matchAll(/<code class="address full">([^<]+)<\/code>/g)].map((m) => m[1]);
    expect(cards).toEqual([EVM, TRON]);
  });

  it('explains a mistyped address with the core reason and what a valid one looks like', async () => {
    const outcome = await ctx.chainwarden.checkInput('0x123');
    if (outcome.kind !== 'invalid') throw new Error('0x123 must be invalid');
    const html = await (await page('/?q=0x123')).text();
    expect(html).toContain('Not a valid address');
    expect(html).toContain(outcome.error.reason);
    expect(html).toContain(outcome.error.hint.slice(1));
  });

  it('says when a text has no address in it', async () => {
    const html = await (await page(`/?q=${encodeURIComponent('hello there, how are you')}`)).text();
    expect(html).toContain('No address found');
  });

  it('refuses a text longer than a chat message with a 400 saying how long it may be', async () => {
    const response = await page(`/?q=${'a '.repeat(2100)}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('the page checks at most 4,096');
  });

  it('escapes what was typed: markup comes back as text', async () => {
    const typed = '</textarea><script>alert(1)</script>';
    const html = await (await page(`/?q=${encodeURIComponent(typed)}`)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows a look-alike side by side with the differing characters marked', async () => {
    const html = await (await page(`/?q=${LOOKALIKE}`)).text();
    expect(html).toContain('Looks like another address');
    expect(html).toContain('30 characters differ');
    expect(html).toContain('<strong>OTC desk</strong>');
    // The checked address in its checksummed case, the look-alike as listed: only the middle is marked.
    expect(html).toMatch(/>0xD9A1<mark>[aA]{30}<\/mark>853a91</);
    expect(html).toContain(`>0xd9a1<mark>${'b'.repeat(30)}</mark>853a91<`);
  });
});

describe('the permalink /a/{address}', () => {
  it('shows the card and the reports, a hostile note as literal text', async () => {
    const response = await page(`/a/${TRON}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<code class="address full">${TRON}</code>`);
    expect(html).toContain('Latest reports');
    expect(html).toContain('phishing');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain(
      '&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt; &quot;quoted&quot; &amp; more',
    );
  });

  it('answers a bad address with 400 and the precise reason', async () => {
    const response = await page('/a/0x123');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Not a valid address');
    expect(html).toContain('hex characters');
  });

  it('reads a percent-encoded address', async () => {
    const response = await page(`/a/${encodeURIComponent(EVM)}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(EVM);
  });
});

describe('errors for browsers', () => {
  it('answers an unknown page with an HTML 404 to a browser, and problem+json to an API client', async () => {
    const browser = await page('/nothing-here', { accept: 'text/html,application/xhtml+xml' });
    expect(browser.status).toBe(404);
    expect(browser.headers.get('content-type')).toContain('text/html');
    expect(browser.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await browser.text()).toContain('Page not found');
    const client = await page('/nothing-here');
    expect(client.status).toBe(404);
    expect(client.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('moderator sign-in', () => {
  const MODERATOR = { identity: 'telegram:42', name: 'Mo <b>Derator</b>', communities: ['telegram:-100777'] };
  const cookiesOf = (response: Response) =>
    new Map(
      response.headers.getSetCookie().map((line) => {
        const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
        const at = pair.indexOf('=');
        return [
          pair.slice(0, at),
          { value: pair.slice(at + 1), attributes: attributes.map((a) => a.toLowerCase()) },
        ];
      }),
    );
  const form = (fields: Record<string, string>, cookie = '') =>
    ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    }) satisfies RequestInit;

  /** Opens the link page, confirms, and answers the response to the confirmation. */
  async function signIn(token: string, target: HttpApi = app): Promise<Response> {
    const page = await target.request(`/login/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const [name, cookie] = [...cookiesOf(page)][0] ?? ['', { value: '' }];
    return target.request('/login', form({ token, csrf }, `${name}=${cookie.value}`));
  }

  it('signs in once with a fresh link: a session cookie that is HttpOnly and SameSite=Lax, then the review queue', async () => {
    clock = new Date();
    const { token } = await ctx.stores.webSessions.issueLoginLink(MODERATOR, clock);
    // Opening the link (or a chat app's preview of it) uses nothing up.
    expect((await page(`/login/${token}`)).status).toBe(200);
    const response = await signIn(token);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/review');
    const session = cookiesOf(response).get('cw_session');
    expect(session?.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(session?.attributes).not.toContain('secure');
    // Signed in: the header greets the moderator by name, escaped, with a sign-out form.
    const home = await (await page('/', { cookie: `cw_session=${session?.value}` })).text();
    expect(home).toContain('Sign out Mo &lt;b&gt;Derator&lt;/b&gt;');
  });

  it('refuses a used link, an expired link and an unknown one, each saying what to do', async () => {
    clock = new Date();
    const { token } = await ctx.stores.webSessions.issueLoginLink(MODERATOR, clock);
    expect((await signIn(token)).status).toBe(303);
    const again = await signIn(token);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');

    const { token: late } = await ctx.stores.webSessions.issueLoginLink(MODERATOR, clock);
    clock = new Date(clock.getTime() + 15 * 60_000 + 1000);
    const expired = await signIn(late);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired: links work for 15 minutes');
    expect(cookiesOf(expired).has('cw_session')).toBe(false);

    const unknown = await signIn('A'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('not valid');
  });

  it('refuses a sign-in form posted without the cookie its page set (CSRF)', async () => {
    clock = new Date();
    const { token } = await ctx.stores.webSessions.issueLoginLink(MODERATOR, clock);
    const response = await app.request('/login', form({ token, csrf: 'forged' }));
    expect(response.status).toBe(403);
    // The link was not used up by the forged attempt.
    expect((await signIn(token)).status).toBe(303);
  });

  it('signs out only with the session’s CSRF token', async () => {
    clock = new Date();
    const { token } = await ctx.stores.webSessions.issueLoginLink(MODERATOR, clock);
    const cookie = `cw_session=${cookiesOf(await signIn(token)).get('cw_session')?.value}`;
    const forged = await app.request('/signout', form({ csrf: 'nope' }, cookie));
    expect(forged.status).toBe(403);
    const html = await (await page('/', { cookie })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csrf).not.toBe('');
    const out = await app.request('/signout', form({ csrf }, cookie));
    expect(out.status).toBe(303);
    expect(await (await page('/', { cookie })).text()).not.toContain('Sign out');
  });

  it('shows a signed-out visitor how to sign in instead of the review queue', async () => {
    const response = await page('/review');
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('send <code>/weblogin</code>');
  });

  it('lets a moderator approve a report of their community, with the CSRF token, and only theirs', async () => {
    clock = new Date();
    const held = await ctx.chainwarden.submitReport({
      address: GENUINE,
      category: 'impersonation',
      note: 'Fake <b>OTC</b> desk',
      reporter: 'telegram:555',
      source: 'telegram',
      community: 'telegram:-100777',
    });
    if (!held.ok) throw new Error(held.error.reason);
    expect(held.value.status).toBe('review');
    const id = `report-${held.value.report.id}`;
    const { token } = await ctx.stores.webSessions.issueLoginLink(MODERATOR, clock);
    const cookie = `cw_session=${cookiesOf(await signIn(token)).get('cw_session')?.value}`;
    const queue = await (await page('/review', { cookie })).text();
    expect(queue).toContain('Telegram group -100777');
    expect(queue).toContain(`data-review-id="${id}"`);
    expect(queue).toContain('Fake &lt;b&gt;OTC&lt;/b&gt; desk');
    const csrf = /name="csrf" value="([^"]+)"/.exec(queue)?.[1] ?? '';

    // Without the token, or for a community the session was not issued for: refused, nothing decided.
    const forged = await app.request(
      '/review',
      form({ id, community: 'telegram:-100777', decision: 'approve' }, cookie),
    );
    expect(forged.status).toBe(403);
    const elsewhere = await app.request(
      '/review',
      form({ csrf, id, community: 'telegram:-100999', decision: 'approve' }, cookie),
    );
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toContain('moderator of other communities');
    expect(await (await page('/review', { cookie })).text()).toContain(`data-review-id="${id}"`);

    const approved = await app.request(
      '/review',
      form({ csrf, id, community: 'telegram:-100777', decision: 'approve', note: 'checked' }, cookie),
    );
    expect(approved.status).toBe(303);
    const after = await (await page(approved.headers.get('location') ?? '', { cookie })).text();
    expect(after).toContain(`Approved ${id}.`);
    expect(after).not.toContain(`data-review-id="${id}"`);
    // Deciding again: the core's reason, 409.
    const twice = await app.request(
      '/review',
      form({ csrf, id, community: 'telegram:-100777', decision: 'reject' }, cookie),
    );
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('already decided');
  });

  it('lists an owner’s appeal with its statement and disputed reports; Uphold dismisses this community’s, Reject leaves them', async () => {
    clock = new Date();
    const fileReports = async (address: string) => {
      for (const [reporter, community] of [
        ['telegram:601', 'telegram:-100777'],
        ['telegram:602', 'telegram:-100999'],
      ] as const) {
        const saved = await ctx.chainwarden.submitReport({
          address,
          category: 'phishing',
          reporter,
          source: 'telegram',
          community,
        });
        if (!saved.ok) throw new Error(saved.error.reason);
      }
    };
    const owner = Wallet.createRandom();
    await fileReports(owner.address);
    const appeal = await fileAppeal(ctx.chainwarden, owner, 'My <b>treasury</b> wallet & I never phished');
    const id = `appeal-${appeal.id}`;
    const { token } = await ctx.stores.webSessions.issueLoginLink(MODERATOR, clock);
    const cookie = `cw_session=${cookiesOf(await signIn(token)).get('cw_session')?.value}`;
    const queue = await (await page('/review', { cookie })).text();
    expect(queue).toContain(`data-review-id="${id}"`);
    expect(queue).toContain(`Appeal by the owner of`);
    expect(queue).toContain(
      'Owner&#39;s statement: My &lt;b&gt;treasury&lt;/b&gt; wallet &amp; I never phished',
    );
    // This community's report only: the other group's is not this moderator's to see.
    expect(queue).toContain('It disputes 1 report filed here:');
    expect(queue).toContain(`Uphold ${id}`);
    expect(queue).toContain(`Reject ${id}`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(queue)?.[1] ?? '';

    const forged = await app.request(
      '/review',
      form({ id, community: 'telegram:-100777', decision: 'approve' }, cookie),
    );
    expect(forged.status).toBe(403);
    const upheld = await app.request(
      '/review',
      form(
        { csrf, id, community: 'telegram:-100777', decision: 'approve', note: 'signature checked' },
        cookie,
      ),
    );
    expect(upheld.status).toBe(303);
    const after = await (await page(upheld.headers.get('location') ?? '', { cookie })).text();
    expect(after).toContain(
      `Upheld ${id}: 1 report filed in your community dismissed. Sanctions and imported lists are unchanged.`,
    );
    expect(after).not.toContain(`data-review-id="${id}"`);
    const reports = await ctx.chainwarden.listReports(owner.address, 10);
    expect(reports.ok && Object.fromEntries(reports.value.map((r) => [r.community, r.status]))).toEqual({
      'telegram:-100777': 'dismissed',
      'telegram:-100999': 'active',
    });
    // One group's decision is not the appeal's: the other group's report counts, its queue still
    // shows the appeal, and no summary says upheld.
    expect((await ctx.chainwarden.appeals.get(appeal.id))?.status).toBe('pending');
    const summary = await ctx.chainwarden.screenAddress(owner.address, { community: 'telegram:-100999' });
    if (!summary.ok) throw new Error('screen failed');
    expect(summary.value.reports.total).toBe(1);
    expect(summary.value.reasons.map((r) => r.code)).toContain('appeal-pending');
    expect(summary.value.reasons.map((r) => r.code)).not.toContain('appeal-upheld');
    const elsewhere = await ctx.chainwarden.review.listReviews({ community: 'telegram:-100999' });
    expect(elsewhere.map((item) => item.id)).toContain(id);
    const twice = await app.request(
      '/review',
      form({ csrf, id, community: 'telegram:-100777', decision: 'reject' }, cookie),
    );
    expect(twice.status).toBe(409);

    const other = Wallet.createRandom();
    await fileReports(other.address);
    const second = `appeal-${(await fileAppeal(ctx.chainwarden, other, 'Not a scam')).id}`;
    const rejected = await app.request(
      '/review',
      form({ csrf, id: second, community: 'telegram:-100777', decision: 'reject' }, cookie),
    );
    expect(rejected.status).toBe(303);
    expect(await (await page(rejected.headers.get('location') ?? '', { cookie })).text()).toContain(
      `Rejected ${second}: the reports it disputed still count.`,
    );
    const kept = await ctx.chainwarden.listReports(other.address, 10);
    expect(kept.ok && kept.value.map((r) => r.status)).toEqual(['active', 'active']);
    const stillPending = await ctx.chainwarden.screenAddress(other.address, {
      community: 'telegram:-100777',
    });
    expect(stillPending.ok && stillPending.value.reasons.map((r) => r.code)).toContain('appeal-pending');
  });

  it('marks the cookies Secure with the __Host- prefix when PUBLIC_URL is https', async () => {
    const https = createHttpApi({
      chainwarden: ctx.chainwarden,
      apiKeys: ctx.stores.apiKeys,
      lists: ctx.stores.lists,
      database: ctx.database,
      logger: createLogger('silent'),
      webSessions: ctx.stores.webSessions,
      publicUrl: 'https://chainwarden.example',
    });
    const { token } = await ctx.stores.webSessions.issueLoginLink(MODERATOR, new Date());
    const response = await signIn(token, https);
    expect(response.status).toBe(303);
    const session = cookiesOf(response).get('__Host-cw_session');
    expect(session?.attributes).toEqual(
      expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/']),
    );
  });
});

describe('the appeal page', () => {
  it('gives the owner the exact message to sign, only to a form sent from the page (CSRF)', async () => {
    const start = await page(`/appeal/${EVM}`);
    expect(start.status).toBe(200);
    const html = await start.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const cookie = (start.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const body = (fields: Record<string, string>, withCookie: boolean) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(withCookie ? { cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
    expect((await app.request(`/appeal/${EVM}/challenge`, body({ csrf }, false))).status).toBe(403);
    const challenge = await app.request(`/appeal/${EVM}/challenge`, body({ csrf }, true));
    expect(challenge.status).toBe(200);
    const text = await challenge.text();
    expect(text).toContain('Sign exactly this message');
    expect(text).toContain(EVM);
    const wrong = await app.request(
      `/appeal/${EVM}`,
      body({ csrf, message: 'not the challenge', signature: '0x00', statement: 'mine' }, true),
    );
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
    expect(await wrong.text()).toContain('Not accepted');
  });
});

describe('diffAddresses', () => {
  it('marks only the characters that differ, and ignores an EVM checksum’s case', () => {
    const diff = diffAddresses(
      '0xAbCd000000000000000000000000000000001234',
      '0xabcd000000000000000000000000000000991234',
    );
    expect(diff.differing).toBe(2);
    expect(diff.checked).toEqual([
      { text: `0xAbCd${'0'.repeat(30)}`, differs: false },
      { text: '00', differs: true },
      { text: '1234', differs: false },
    ]);
    expect(diff.lookalike.filter((p) => p.differs)).toEqual([{ text: '99', differs: true }]);
  });

  it('marks the whole differing middle when a character was added', () => {
    const diff = diffAddresses('TFdTrABCBAfSg', 'TFdTrABXCBAfSg');
    expect(diff.checked.filter((p) => p.differs).map((p) => p.text)).toEqual([]);
    expect(diff.lookalike.filter((p) => p.differs).map((p) => p.text)).toEqual(['X']);
  });
});
