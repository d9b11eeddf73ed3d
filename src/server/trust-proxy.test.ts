import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { ConfigurationError } from '../errors';
import { createTestDatabase } from '../test-support/database';
import { buildApp } from './app';
import { createAppContext } from './context';

describe('which proxies may say who the client is', () => {
  let database: DatabaseHandle;
  const apps: FastifyInstance[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-proxy-'));

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    for (const app of apps) await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function clientAddress(env: NodeJS.ProcessEnv, remoteAddress: string): Promise<string> {
    const app = await buildApp(await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dataDir, ...env }), database), { logger: false });
    apps.push(app);
    app.get('/test/ip', async (request) => request.ip);
    return (await app.inject({ url: '/test/ip', remoteAddress, headers: { 'x-forwarded-for': '203.0.113.9' } })).body;
  }

  test('by default nobody: a client cannot pick the address audit rows and rate limits see', async () => {
    assert.equal(await clientAddress({}, '198.51.100.7'), '198.51.100.7');
  });

  test('the proxies MEDCERT_TRUST_PROXY names, and only those', async () => {
    assert.equal(await clientAddress({ MEDCERT_TRUST_PROXY: '10.0.0.0/8, 192.0.2.1' }, '10.1.2.3'), '203.0.113.9');
    assert.equal(await clientAddress({ MEDCERT_TRUST_PROXY: '10.0.0.0/8, 192.0.2.1' }, '198.51.100.7'), '198.51.100.7');
  });

  test('anything but addresses and ranges is refused at start-up', () => {
    assert.throws(() => loadConfig({ MEDCERT_TRUST_PROXY: 'true' }), ConfigurationError);
  });
});
