import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { buildApp } from './app';
import { createAppContext } from './context';
import { pageContentSecurityPolicy, webPages } from './static';

describe('the built web pages', () => {
  let database: DatabaseHandle;
  let dist: string;
  let app: FastifyInstance;

  before(async () => {
    database = await createTestDatabase();
    dist = await mkdtemp(join(tmpdir(), 'medcert-web-'));
    await mkdir(join(dist, 'assets'));
    for (const page of webPages) await writeFile(join(dist, `${page}.html`), `<!doctype html><title>${page}</title>`);
    await writeFile(join(dist, 'assets', 'verify-AbC123.js'), 'console.log(1)');
    app = await buildApp(await createAppContext(loadConfig({}), database), { logger: false, webDistDir: dist });
  });
  after(async () => {
    await app.close();
    await database.close();
    await rm(dist, { recursive: true, force: true });
  });

  test('each portal page is served as HTML, revalidated on every visit, under a same-origin content security policy', async () => {
    for (const page of webPages) {
      const response = await app.inject({ method: 'GET', url: `/${page}` });
      assert.equal(response.statusCode, 200, page);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.match(response.body, new RegExp(`<title>${page}</title>`));
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.equal(response.headers['content-security-policy'], pageContentSecurityPolicy);
    }
  });

  test('hashed assets are cached for a year as immutable', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/verify-AbC123.js' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /javascript/);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('a missing asset, a path escaping the assets folder and an unknown /api path stay problem+json 404s', async () => {
    for (const url of ['/assets/nope.js', '/assets/../verify.html', '/assets/%2e%2e/verify.html', '/api/v1/nothing-here']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', url);
      assert.equal(response.json().status, 404);
    }
  });

  test('pages are not listed in the OpenAPI document', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    assert.ok(!('/verify' in spec.paths));
  });
});

describe('without a built front end', () => {
  test('a page answers a 503 problem that says how to build it', async () => {
    const database = await createTestDatabase();
    const empty = await mkdtemp(join(tmpdir(), 'medcert-web-empty-'));
    const app = await buildApp(await createAppContext(loadConfig({}), database), { logger: false, webDistDir: empty });
    try {
      const response = await app.inject({ method: 'GET', url: '/verify' });
      assert.equal(response.statusCode, 503);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(response.json().detail, /npm run build:web/);
    } finally {
      await app.close();
      await database.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
