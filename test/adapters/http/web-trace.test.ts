/**
 * "Trace funds" on the web page, on a real graph on anvil: a scam-listed address whose list label is
 * hostile markup paid an intermediary, which paid the screened address; a sanctioned address (LAZARUS
 * GROUP, as OFAC lists it) paid it directly. Over HTTP: the hits and the inline diagram, every label
 * escaped, the strict CSP, the precise answers to a bad address, bad hops and a chain with no history
 * source. In Chromium: from the address's page, the form runs the trace and shows the diagram,
 * without JavaScript, on a 390 px phone, with no serious axe violation and no CSP violation.
 */
import { existsSync } from 'node:fs';
import { getAddress, JsonRpcProvider, JsonRpcSigner, parseEther, Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HITS_ON_PAGE, TracePage } from '../../../src/adapters/http/web/trace-page.js';
import { createChainHistory } from '../../../src/chain/index.js';
import { type Anvil, startAnvil } from '../../chain/servers.js';
import { batchesOf, listEntry } from '../../fixtures/builders.js';
import {
  exposure,
  SCREENED as FIXTURE_SCREENED,
  nthAddress,
  scamDirectOutgoing,
} from '../../fixtures/exposure.js';
import { type Browser, CHROMIUM, launchChromium, type PageGlobals, seriousAxeViolations } from './browser.js';
import { type RunningApi, startApi } from './harness.js';
import { screenshot } from './screenshots.js';

/** OFAC lists it for LAZARUS GROUP (DPRK3). */
const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const SCAMMER = getAddress(Wallet.createRandom().address);
const VIA = getAddress(Wallet.createRandom().address);
const SCREENED = getAddress(Wallet.createRandom().address);
const SOLANA = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const HOSTILE_LABEL = '<script>alert(1)</script><img src=x onerror=alert(2)> & "q"';

let anvil: Anvil;
let api: RunningApi;
const hashes: string[] = [];

beforeAll(async () => {
  anvil = await startAnvil(1);
  const provider = new JsonRpcProvider(anvil.url, 1, { staticNetwork: true });
  await provider.send('anvil_autoImpersonateAccount', [true]);
  for (const who of [LAZARUS, SCAMMER, VIA])
    await provider.send('anvil_setBalance', [who, `0x${parseEther('100').toString(16)}`]);
  const send = async (from: string, to: string, ether: string) => {
    const tx = await new JsonRpcSigner(provider, from).sendTransaction({ to, value: parseEther(ether) });
    await tx.wait();
    return tx.hash;
  };
  hashes.push(
    await send(SCAMMER, VIA, '5'),
    await send(VIA, SCREENED, '2'),
    await send(LAZARUS, SCREENED, '1'),
  );
  provider.destroy();
  api = await startApi({
    context: {
      history: createChainHistory({
        evmRpcUrls: { 1: anvil.url },
        esploraUrl: null,
        trongridUrl: null,
        timeoutMs: 5_000,
      }),
    },
  });
  await api.ctx.stores.lists.replaceList(
    { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27', category: null },
    batchesOf([
      listEntry(LAZARUS.toLowerCase(), { display: LAZARUS, entity: 'LAZARUS GROUP', program: 'DPRK3' }),
    ]),
  );
  await api.ctx.stores.lists.replaceList(
    { source: 'mew-darklist', kind: 'scam', listDate: '2026-11-01', category: 'phishing' },
    batchesOf([listEntry(SCAMMER.toLowerCase(), { display: SCAMMER, label: HOSTILE_LABEL })]),
  );
}, 60_000);

afterAll(async () => {
  await api?.close();
  await anvil?.stop();
});

const get = (path: string) => fetch(`${api.url}${path}`, { headers: { accept: 'text/html' } });

describe('the trace page over HTTP', () => {
  it('lists both flagged addresses with the path and the hashes, and inlines the diagram', async () => {
    const response = await get(`/a/${SCREENED}/trace`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('funds traced 2 hops');
    expect(html).toContain('LAZARUS GROUP (DPRK3)');
    expect(html).toContain(LAZARUS);
    expect(html).toContain(SCAMMER);
    for (const hash of hashes) expect(html).toContain(hash);
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toMatch(/<svg class="trace" role="img" aria-labelledby="diagram-caption" xmlns=/);
  });

  it('escapes a hostile list label in the hits and in the diagram: nothing of it becomes markup', async () => {
    const html = await (await get(`/a/${SCREENED}/trace`)).text();
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror=alert(2)>');
    // In the list (HTML text) and in the SVG (XML text), the label's markup is entities.
    const escapedTag = '&lt;script&gt;alert(1)&lt;/script&gt;';
    const svg = html.slice(html.indexOf('<svg '), html.indexOf('</svg>'));
    const list = html.slice(html.indexOf('<ol class="hits">'), html.indexOf('</ol>'));
    expect(list).toContain(escapedTag);
    // The picture cuts the label to its box.
    expect(svg).toContain('phishing: &lt;script&gt;alert(1)&lt;/script…');
    // No element in the SVG but the diagram's own.
    const tags = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['defs', 'line', 'marker', 'path', 'rect', 'svg', 'text']);
  });

  it('traces 1 hop when asked: only the direct sanctioned payer', async () => {
    const html = await (await get(`/a/${SCREENED}/trace?hops=1`)).text();
    expect(html).toContain('funds traced 1 hop');
    expect(html).toContain(LAZARUS);
    expect(html).not.toContain(SCAMMER);
    expect(html).toContain('Trace 2 hops instead');
  });

  it('answers bad hops, a bad address and an untraceable chain with the reason, never a 5xx', async () => {
    const hops = await get(`/a/${SCREENED}/trace?hops=3`);
    expect(hops.status).toBe(400);
    expect(await hops.text()).toContain('hops must be 1 or 2 (1: direct counterparties, 2: theirs too), not');
    const typo = await get('/a/0x123/trace');
    expect(typo.status).toBe(400);
    expect(await typo.text()).toContain('Not a valid address');
    const solana = await get(`/a/${SOLANA}/trace`);
    expect(solana.status).toBe(422);
    expect(await solana.text()).toContain('Cannot trace this address');
  });

  it('offers "Trace funds" on every card of the check page and on the permalink', async () => {
    const checked = await (await get(`/?q=${encodeURIComponent(`${SCREENED} and ${LAZARUS}`)}`)).text();
    expect(checked).toContain(`action="/a/${SCREENED}/trace"`);
    expect(checked).toContain(`action="/a/${LAZARUS}/trace"`);
    expect(checked).toContain('id="hops-1"');
    expect(checked).toContain('id="hops-2"');
    const permalink = await (await get(`/a/${SCREENED}`)).text();
    expect(permalink).toContain(`action="/a/${SCREENED}/trace"`);
  });
});

describe('the trace page, rendered from a partial answer with many hits', () => {
  it('lists at most the page’s share of hits, counts the rest, says where tracing stopped and that it is partial', async () => {
    const hits = Array.from({ length: MAX_HITS_ON_PAGE + 5 }, (_, i) =>
      scamDirectOutgoing({ address: nthAddress(i + 1), path: [FIXTURE_SCREENED, nthAddress(i + 1)] }),
    );
    const html = await TracePage({
      exposure: exposure({
        hits,
        complete: false,
        incomplete: ['budget'],
        stoppedAt: [{ address: nthAddress(999), reason: 'allowlisted', label: 'Binance <14>' }],
      }),
    }).toString();
    expect(html.match(/<li class="hit /g)).toHaveLength(MAX_HITS_ON_PAGE);
    expect(html).toContain('…and 5 more flagged addresses');
    expect(html).toContain('Tracing stopped at');
    expect(html).toContain('(Binance &lt;14&gt;): a known service (allowlisted)');
    expect(html).toContain('Partial: the time for a trace ran out before every address was read');
    // The diagram draws 12 addresses at most and says how many it left out.
    expect(html).toMatch(/\+\d+ more flagged addresses not drawn/);
  });
});

describe.skipIf(!existsSync(CHROMIUM))(
  'the trace in Chromium (skipped only when /usr/bin/chromium is missing)',
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });
    afterEach(() => {
      expect(browser.problems).toEqual([]);
    });

    it('traces from the address page with JavaScript off: hits, the diagram, no script runs', async () => {
      const page = await browser.open();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      const dialogs: string[] = [];
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      await page.goto(`${api.url}/a/${SCREENED}`);
      await page.getByLabel('Trace where its funds came from and went').selectOption('2');
      await Promise.all([
        page.waitForURL(/\/trace\?hops=2$/),
        page.getByRole('button', { name: 'Trace funds' }).click(),
      ]);
      const hits = page.locator('ol.hits > li');
      expect(await hits.count()).toBe(2);
      const text = (await hits.allTextContents()).join('\n');
      expect(text).toContain('LAZARUS GROUP (DPRK3)');
      expect(text).toContain(HOSTILE_LABEL);
      const diagram = page.getByRole('img', { name: /Paths from/ });
      expect(await diagram.count()).toBe(1);
      const box = await diagram.boundingBox();
      expect(box && box.width > 200 && box.height > 200).toBe(true);
      // The label is drawn as text in the picture, and makes no element there.
      expect(await page.locator('svg.trace text', { hasText: '<script>' }).count()).toBe(1);
      expect(await page.locator('main script, main img, svg.trace foreignObject').count()).toBe(0);
      expect(dialogs).toEqual([]);
      await page.close();
    });

    it('fits a 390 px phone, reaches the trace button by keyboard, and has no serious axe violation', async () => {
      const page = await browser.open();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${api.url}/a/${SCREENED}`);
      let focused = '';
      for (let i = 0; i < 30 && focused !== 'Trace funds'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(
          () => (globalThis as unknown as PageGlobals).document.activeElement?.textContent ?? '',
        );
      }
      expect(focused).toBe('Trace funds');
      await Promise.all([page.waitForURL(/\/trace\?hops=2$/), page.keyboard.press('Enter')]);
      const overflow = await page.evaluate(() => {
        const { documentElement } = (globalThis as unknown as PageGlobals).document;
        return documentElement.scrollWidth - documentElement.clientWidth;
      });
      expect(overflow).toBe(0);
      const diagram = await page.locator('svg.trace').boundingBox();
      expect(diagram && diagram.width <= 390).toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.locator('figure.diagram').scrollIntoViewIfNeeded();
      await screenshot(page, 'web-trace-phone');
      await page.setViewportSize({ width: 1024, height: 800 });
      await page.goto(`${api.url}/a/${SCREENED}/trace`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.locator('figure.diagram').scrollIntoViewIfNeeded();
      await screenshot(page, 'web-trace');
      await page.close();
    });
  },
);
