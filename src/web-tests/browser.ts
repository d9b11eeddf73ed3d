/** What the browser tests share: the app served to Debian's Chromium, contexts that record CSP violations, axe and fit checks. */
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { buildApp } from '../server/app';
import type { AppContext } from '../server/context';
import { ensureWebBuilt } from './build-web';

export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const screenshotDir = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const axePath = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export interface ServedInChromium {
  app: FastifyInstance;
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds web/dist when stale, serves the app on a free local port and launches Debian's Chromium. */
export async function serveInChromium(ctx: AppContext): Promise<ServedInChromium> {
  await ensureWebBuilt();
  await mkdir(screenshotDir, { recursive: true });
  const app = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs }).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  return {
    app,
    origin,
    browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

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
