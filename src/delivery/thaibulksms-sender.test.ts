import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { ConfigurationError } from '../errors';
import { buildApp } from '../server/app';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { rememberContactPhone } from './citizen-contacts';
import { subjectKeyOf } from './otp-sign-in';
import { createThaiBulkSmsSender, SmsGatewayError } from './thaibulksms-sender';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, string>;
}

let gateway: http.Server;
let apiBaseUrl: string;
const received: Received[] = [];
let answer = 201;

before(async () => {
  gateway = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, contentType: request.headers['content-type'], body: JSON.parse(text) });
      response.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify(answer < 300 ? { remaining_credit: 99 } : { error: { code: 401, name: 'ERROR_UNAUTHORIZED' } }));
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  apiBaseUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

test('a code goes to POST /sms with Basic credentials, the domestic number, the message in the citizen language and the sender', async () => {
  answer = 201;
  const sender = createThaiBulkSmsSender({ apiKey: 'key', apiSecret: 'secret', sender: 'MOPH', apiBaseUrl: `${apiBaseUrl}/` });
  await sender.sendOneTimeCode({ phone: '+66812341234', code: '042917', lang: 'th' });
  await sender.sendOneTimeCode({ phone: '+959123456789', code: '553102', lang: 'en' });
  const [thai, foreign] = received.splice(0);
  assert.equal(thai!.method, 'POST');
  assert.equal(thai!.url, '/sms');
  assert.equal(thai!.authorization, `Basic ${Buffer.from('key:secret').toString('base64')}`);
  assert.equal(thai!.contentType, 'application/json');
  assert.equal(thai!.body.msisdn, '0812341234');
  assert.equal(thai!.body.sender, 'MOPH');
  assert.match(thai!.body.message!, /^รหัสเข้าสู่ระบบ medcert ของคุณคือ 042917 /);
  assert.equal(foreign!.body.msisdn, '959123456789');
  assert.match(foreign!.body.message!, /^Your medcert sign-in code is 553102\./);
});

test('a refusal or a gateway nobody answers at is an SmsGatewayError that shows neither the code nor the number', async () => {
  answer = 401;
  const refused = createThaiBulkSmsSender({ apiKey: 'key', apiSecret: 'wrong', sender: 'MOPH', apiBaseUrl });
  await assert.rejects(refused.sendOneTimeCode({ phone: '+66812341234', code: '042917', lang: 'th' }), (error: Error) => {
    assert.ok(error instanceof SmsGatewayError);
    assert.match(error.message, /HTTP 401/);
    assert.ok(!error.message.includes('042917') && !error.message.includes('812341234'));
    return true;
  });
  const closed = await new Promise<number>((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const unreachable = createThaiBulkSmsSender({ apiKey: 'key', apiSecret: 'secret', sender: 'MOPH', apiBaseUrl: `http://127.0.0.1:${closed}` });
  await assert.rejects(unreachable.sendOneTimeCode({ phone: '+66812341234', code: '042917', lang: 'th' }), SmsGatewayError);
  received.length = 0;
});

test('the gateway is configured by MEDCERT_THAIBULKSMS_*, all three or none', () => {
  assert.equal(loadConfig({}).sms, undefined);
  assert.deepEqual(loadConfig({ MEDCERT_THAIBULKSMS_API_KEY: 'k', MEDCERT_THAIBULKSMS_API_SECRET: 's', MEDCERT_THAIBULKSMS_SENDER: 'MOPH' }).sms, { apiKey: 'k', apiSecret: 's', sender: 'MOPH', apiBaseUrl: undefined });
  assert.throws(() => loadConfig({ MEDCERT_THAIBULKSMS_API_KEY: 'k' }), ConfigurationError);
});

test('configured, the server sends wallet codes through the gateway, and a failing gateway does not change the answer', { timeout: 60_000 }, async () => {
  answer = 503;
  received.length = 0;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-sms-'));
  const database = await createTestDatabase();
  const config = loadConfig({ MEDCERT_DATA_DIR: dataDir, MEDCERT_THAIBULKSMS_API_KEY: 'key', MEDCERT_THAIBULKSMS_API_SECRET: 'secret', MEDCERT_THAIBULKSMS_SENDER: 'MOPH', MEDCERT_THAIBULKSMS_API_URL: apiBaseUrl });
  const app = await buildApp(await createAppContext(config, database), { logger: false });
  try {
    const nationalId = '3100600112237';
    await rememberContactPhone(database.db, subjectKeyOf({ nationalId }), '+66891112233');
    const response = await app.inject({ method: 'POST', url: '/api/v1/wallet/codes', payload: { nationalId, lang: 'en' } });
    assert.equal(response.statusCode, 201, response.body);
    for (let waited = 0; received.length === 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(received.length, 1);
    assert.equal(received[0]!.body.msisdn, '0891112233');
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
