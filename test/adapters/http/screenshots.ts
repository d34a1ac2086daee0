/**
 * The web page's screenshots in docs/screenshots/: every browser test takes them (a blank page
 * fails), and with CHAINWARDEN_SCREENSHOTS=1 they are written there, so the docs show today's pages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const SCREENSHOTS = process.env.CHAINWARDEN_SCREENSHOTS === '1';
const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  // The visible screen only: what a person sees first, and small files in the repository.
  const png = await page.screenshot({ fullPage: false });
  expect(png.length).toBeGreaterThan(1000);
  if (SCREENSHOTS) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, `${name}.png`), png);
  }
}
