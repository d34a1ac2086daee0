/**
 * The web page in a real browser: Debian's Chromium driven by playwright-core against the API served
 * on 127.0.0.1. Type, submit and read the card; `/?q=` without JavaScript; a hostile report note
 * stays text; a 390 px phone needs no sideways scrolling; the keyboard reaches everything; axe-core
 * finds no serious or critical violation; the CSP is never violated.
 *
 * With CHAINWARDEN_SCREENSHOTS=1 it also saves the screenshots in docs/screenshots/.
 */
import { existsSync } from 'node:fs';
import { Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batchesOf, listEntry } from '../../fixtures/builders.js';
import { fileAppeal } from '../../support/appeals.js';
import { type Browser, CHROMIUM, launchChromium, type PageGlobals, seriousAxeViolations } from './browser.js';
import { type RunningApi, startApi } from './harness.js';
import { screenshot } from './screenshots.js';

const EVM = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const SANCTIONED = '0x8589427373D6D84E98730D7795D8f6f8731FDA16';
const LOOKALIKE = '0xd9a1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa853a91';
const GENUINE = '0xd9a1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb853a91';
const HOSTILE_NOTE = '<img src=x onerror=alert(1)><script>alert(2)</script> see evil.example/claim';

let api: RunningApi;
let browser: Browser;

/** A new tab, signed in by a fresh one-time link for `who`, that records any dialog a script opens. */
async function signedIn(who: { identity: string; name: string; communities: string[] }) {
  const { token } = await api.ctx.stores.webSessions.issueLoginLink(who, new Date());
  const page = await browser.open();
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(`${api.url}/login/${token}`);
  await Promise.all([page.waitForURL(/\/review$/), page.getByRole('button', { name: 'Sign in' }).click()]);
  return { page, dialogs };
}

describe.skipIf(!existsSync(CHROMIUM))(
  'the web page in Chromium (skipped only when /usr/bin/chromium is missing)',
  () => {
    beforeAll(async () => {
      api = await startApi();
      await api.ctx.stores.lists.replaceList(
        { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27' },
        batchesOf([
          listEntry(SANCTIONED.toLowerCase(), {
            display: SANCTIONED,
            label: 'TORNADO CASH',
            program: 'CYBER2',
          }),
        ]),
      );
      await api.ctx.stores.lists.replaceList(
        { source: 'otc-desks', kind: 'allow', listDate: '2026-11-01' },
        batchesOf([listEntry(GENUINE, { label: 'OTC desk' })]),
      );
      for (const [reporter, category, note] of [
        ['api:1', 'phishing', HOSTILE_NOTE],
        ['api:2', 'phishing', 'Fake support DM asked for a "verification" payment'],
        ['api:3', 'fake-airdrop', null],
      ] as const) {
        const saved = await api.ctx.chainwarden.submitReport({
          address: TRON,
          category,
          note,
          reporter,
          source: 'api',
        });
        expect(saved.ok).toBe(true);
      }
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await api?.close();
    });

    afterEach(() => {
      // No test may make the page break its own Content-Security-Policy or throw.
      expect(browser.problems).toEqual([]);
    });

    it('checks a typed address: the card says the level in words, the score and the sanctions source', async () => {
      const page = await browser.open();
      await page.goto(`${api.url}/`);
      await page.getByLabel('Paste an address or a message').fill(SANCTIONED);
      await Promise.all([page.waitForURL(/\?q=/), page.getByRole('button', { name: 'Check' }).click()]);
      const card = page.locator('article.card');
      await expect.poll(() => card.count()).toBe(1);
      const text = await card.textContent();
      expect(text).toContain('SEVERE');
      expect(text).toMatch(/risk 100\/100/);
      expect(text).toContain('Source: ofac-sdn, list of 2024-09-27');
      expect(text).toContain('Do not send funds to this address.');
      expect(page.url()).toBe(`${api.url}/?q=${SANCTIONED}`);
      await screenshot(page, 'web-check-severe');
      await page.close();
    });

    it('answers /?q= with JavaScript turned off, one card per address in a pasted message', async () => {
      const page = await browser.open();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      const message = `Hi! Pay the invoice to ${EVM}, or in USDT to ${TRON}. Also ${LOOKALIKE} works.`;
      await page.goto(`${api.url}/?q=${encodeURIComponent(message)}`);
      const addresses = await page.locator('article.card code.address.full').allTextContents();
      expect(addresses).toEqual([EVM, TRON, '0xD9A1AaAAaaAaAAAAaAAAAaAAaAAaaAAAAa853a91']);
      expect(await page.getByText('Found 3 addresses in the text.').count()).toBe(1);
      // The look-alike's middle is marked on both sides.
      const marks = await page.locator('.lookalike mark').allTextContents();
      expect(marks.map((m) => m.toLowerCase())).toEqual(['a'.repeat(30), 'b'.repeat(30)]);
      await screenshot(page, 'web-check-message');
      await page.close();
    });

    it('shows a mistyped address’s precise reason and hint', async () => {
      const page = await browser.open();
      await page.goto(`${api.url}/?q=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD`);
      const alert = page.getByRole('alert');
      const text = await alert.textContent();
      expect(text).toContain('Not a valid address');
      expect(text).toContain('checksum');
      await page.close();
    });

    it('shows a hostile report note as literal text on the permalink, running nothing', async () => {
      const page = await browser.open();
      const dialogs: string[] = [];
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      const failedImages: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'image') failedImages.push(request.url());
      });
      await page.goto(`${api.url}/a/${TRON}`);
      const notes = await page.locator('.note').allTextContents();
      expect(notes).toContain(HOSTILE_NOTE);
      expect(await page.locator('main img, main script').count()).toBe(0);
      // Links in a note are text, never anchors people could click.
      expect(await page.locator('.note a').count()).toBe(0);
      await page.waitForTimeout(200);
      expect(dialogs).toEqual([]);
      expect(failedImages).toEqual([]);
      const reportsText = await page.locator('section[aria-label="Community reports"]').textContent();
      expect(reportsText).toContain('3 community reports');
      await screenshot(page, 'web-address');
      await page.close();
    });

    it('fits a 390 px phone without sideways scrolling, with a long message and look-alikes', async () => {
      const page = await browser.open();
      await page.setViewportSize({ width: 390, height: 844 });
      const message = `Send to ${LOOKALIKE} then ${TRON} and ${SANCTIONED}`;
      for (const path of ['/', `/?q=${encodeURIComponent(message)}`, `/a/${TRON}`, '/a/0x123']) {
        await page.goto(`${api.url}${path}`);
        const overflow = await page.evaluate(() => {
          const { documentElement } = (globalThis as unknown as PageGlobals).document;
          return documentElement.scrollWidth - documentElement.clientWidth;
        });
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
      }
      await page.goto(`${api.url}/?q=${encodeURIComponent(message)}`);
      await screenshot(page, 'web-phone');
      await page.close();
    });

    it('is usable with the keyboard alone: Tab to the box, type, Tab to Check, Enter', async () => {
      const page = await browser.open();
      await page.goto(`${api.url}/`);
      let focused = '';
      for (let i = 0; i < 10 && focused !== 'q'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(
          () => (globalThis as unknown as PageGlobals).document.activeElement?.id ?? '',
        );
      }
      expect(focused).toBe('q');
      await page.keyboard.type(EVM);
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent),
      ).toBe('Check');
      await Promise.all([page.waitForURL(/\?q=/), page.keyboard.press('Enter')]);
      expect(await page.locator('article.card code.address.full').textContent()).toBe(EVM);
      await page.close();
    });

    it('signs a moderator in with a link from the bot and approves a held report in the review queue', async () => {
      const held = await api.ctx.chainwarden.submitReport({
        address: GENUINE,
        category: 'impersonation',
        note: 'Pretends to be the OTC desk <script>alert(3)</script>',
        reporter: 'telegram:555',
        source: 'telegram',
        community: 'telegram:-100777',
      });
      if (!held.ok) throw new Error(held.error.reason);
      const id = `report-${held.value.report.id}`;
      const { page, dialogs } = await signedIn({
        identity: 'telegram:42',
        name: 'Mo',
        communities: ['telegram:-100777'],
      });
      const item = page.locator(`[data-review-id="${id}"]`);
      expect(await item.locator('.note').textContent()).toBe(
        'Pretends to be the OTC desk <script>alert(3)</script>',
      );
      await screenshot(page, 'web-review');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await item.getByLabel('Note for the record (optional)').fill('checked with the desk');
      await Promise.all([
        page.waitForURL(/done=/),
        item.getByRole('button', { name: `Approve ${id}` }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toBe(`Approved ${id}.`);
      expect(await page.locator(`[data-review-id="${id}"]`).count()).toBe(0);
      expect(dialogs).toEqual([]);
      // The approval counts as this group's moderator verification.
      const reports = await api.ctx.chainwarden.listReports(GENUINE, 10);
      expect(reports.ok && reports.value.find((r) => r.id === held.value.report.id)?.verifiedIn).toBe(
        'telegram:-100777',
      );
      await page.close();
    });

    it('lets a signed-in moderator uphold an owner’s appeal from the review queue, the statement shown as text', async () => {
      const owner = Wallet.createRandom();
      const filed = await api.ctx.chainwarden.submitReport({
        address: owner.address,
        category: 'phishing',
        reporter: 'telegram:556',
        source: 'telegram',
        community: 'telegram:-100778',
      });
      if (!filed.ok) throw new Error(filed.error.reason);
      const statement =
        'This is our payroll wallet <script>alert(4)</script>; the report confused it with a scam';
      const id = `appeal-${(await fileAppeal(api.ctx.chainwarden, owner, statement)).id}`;
      const { page, dialogs } = await signedIn({
        identity: 'telegram:43',
        name: 'Ana',
        communities: ['telegram:-100778'],
      });
      const item = page.locator(`[data-review-id="${id}"]`);
      expect(await item.locator('.note').textContent()).toBe(`Owner's statement: ${statement}`);
      expect(await item.locator('ul.disputes li').count()).toBe(1);
      await screenshot(page, 'web-review-appeal');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await Promise.all([
        page.waitForURL(/done=/),
        item.getByRole('button', { name: `Uphold ${id}` }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toBe(
        `Upheld ${id}: 1 report filed in your community dismissed. Sanctions and imported lists are unchanged.`,
      );
      expect(await page.locator(`[data-review-id="${id}"]`).count()).toBe(0);
      expect(dialogs).toEqual([]);
      const reports = await api.ctx.chainwarden.listReports(owner.address, 10);
      expect(reports.ok && reports.value.map((r) => r.status)).toEqual(['dismissed']);
      await page.close();
    });

    it('has no serious or critical axe-core violations on the check, results, error and address pages', async () => {
      const page = await browser.open();
      for (const path of [
        '/',
        `/?q=${encodeURIComponent(`${SANCTIONED} ${LOOKALIKE} ${TRON}`)}`,
        '/?q=0x123',
        `/a/${TRON}`,
        '/nothing-here',
      ]) {
        await page.goto(`${api.url}${path}`);
        expect({ path, violations: await seriousAxeViolations(page) }).toEqual({ path, violations: [] });
      }
      await page.close();
    });
  },
);
