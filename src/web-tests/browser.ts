/** What the browser tests share: Debian's Chromium launch flags, a phone-sized context that records CSP violations, axe and fit checks. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const screenshotDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const axePath = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export const tablet = { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1, hasTouch: true };

export function newPhoneContext(owner: Browser, options: BrowserContextOptions = {}) {
  return newWatchedContext(owner, { ...phone, ...options });
}

/** A browser context that records every content security policy violation, for `assertNoAxeViolations`. */
export async function newWatchedContext(owner: Browser, options: BrowserContextOptions) {
  const context = await owner.newContext(options);
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
  });
  return context;
}

let axeSource: string | undefined;

/** Runs axe in the page (evaluated over the DevTools protocol, so the page's CSP need not allow it) and checks the CSP was never violated. */
export async function assertNoAxeViolations(page: Page) {
  axeSource ??= await readFile(axePath, 'utf8');
  await page.evaluate(axeSource);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), [], 'no content security policy violation');
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, []);
}

export async function assertFitsPhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
}
