/**
 * Serves the built front end (web/dist): one HTML page per portal, always revalidated, and its
 * content-hashed assets, cached for a year. Anything else, /api included, keeps the problem+json 404.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import pages from '../../web/pages.json';
import { MedcertError, type ErrorKind } from '../errors';

/** The portals, one HTML page each; the same list drives the Vite build. */
export const webPages: readonly string[] = pages;

export const defaultWebDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Pages load only their own bundled scripts, styles and fonts, and talk only to this server. */
export const pageContentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Files from web/public that keep their names: the wallet's web app manifest, icons and service worker. */
export const publicFiles: Record<string, string> = {
  'wallet.webmanifest': 'application/manifest+json',
  'wallet-sw.js': 'text/javascript; charset=utf-8',
  'wallet-icon-192.png': 'image/png',
  'wallet-icon-512.png': 'image/png',
};

/** The front end has not been built on this machine. */
export class WebPagesNotBuiltError extends MedcertError {
  static override code = 'ERR_WEB_PAGES_NOT_BUILT';
  static override kind: ErrorKind = 'unavailable';
}

export async function registerWebPages(app: FastifyInstance, distDir: string = defaultWebDistDir): Promise<void> {
  const built = existsSync(join(distDir, 'verify.html'));
  if (built) {
    // Vite names every asset by its content hash, so a cached copy can never be stale.
    await app.register(fastifyStatic, { root: join(distDir, 'assets'), prefix: '/assets/', maxAge: '365d', immutable: true, index: false, list: false });
  }
  const sendPage = (page: string) => async (_request: unknown, reply: FastifyReply) => {
    if (!built) throw new WebPagesNotBuiltError('The web pages are not built on this server; run npm run build:web.');
    // Pages name the current asset hashes, so they must be revalidated on every visit.
    return reply.header('cache-control', 'no-cache').header('content-security-policy', pageContentSecurityPolicy).sendFile(`${page}.html`, distDir, { cacheControl: false });
  };
  for (const page of webPages) app.get(`/${page}`, { schema: { hide: true } }, sendPage(page));
  // A share link: the page reads its token from the path and asks the API, which answers 410 once the link is gone.
  app.get('/s/:token', { schema: { hide: true } }, sendPage('share'));
  for (const [file, type] of Object.entries(publicFiles)) {
    app.get(`/${file}`, { schema: { hide: true } }, async (_request, reply) => {
      if (!built) throw new WebPagesNotBuiltError('The web pages are not built on this server; run npm run build:web.');
      return reply.header('cache-control', 'no-cache').type(type).sendFile(file, distDir, { cacheControl: false });
    });
  }
}
