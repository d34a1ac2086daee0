/**
 * Debian's Chromium (`apt-get install chromium`, which `.ci/run` does when it is missing) driven by
 * playwright-core, with a fresh profile per launch, for the web page's browser tests. Also axe-core,
 * injected through the DevTools protocol (the page's CSP forbids injected script tags).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** A new tab; every Content-Security-Policy violation and page error it reports is collected in `problems`. */
  open(): Promise<Page>;
  problems: string[];
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chainwarden-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1024, height: 800 },
  });
  const problems: string[] = [];
  return {
    context,
    problems,
    async open() {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The few browser globals the tests read inside `page.evaluate` (the project's TypeScript has no DOM
 * library: src/ runs on Node, and the DOM's globals must not type-check there).
 */
export interface PageGlobals {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    activeElement: { id: string; textContent: string | null } | null;
  };
  // biome-ignore lint/suspicious/noExplicitAny: axe's API, defined by the script evaluated in the page
  axe: any;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules, best practices). */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as PageGlobals;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return (
      result.violations as Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: string[] }>;
      }>
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
