import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { demoCitizen, seedDemo, type DemoSeed } from '../demo/seed';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { loggerOptions } from '../server/logger';
import { createTestDatabase } from '../test-support/database';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-wallet-'));
const sent: { phone: string; code: string }[] = [];
let database: DatabaseHandle;
let ctx: AppContext;
let demo: DemoSeed;
let app: FastifyInstance;
let hisToken: string;
let certificateId: string;
const patientId = '3100600112237';

const example = () => JSON.parse(fs.readFileSync(new URL('../../types/sick-leave/example.json', import.meta.url), 'utf8'));

/** Signs in by SMS code; answers the cookie header and CSRF token of the new session. */
async function signIn(body: object): Promise<{ cookie: string; csrf: string }> {
  const codes = await app.inject({ method: 'POST', url: '/api/v1/wallet/codes', payload: body });
  assert.equal(codes.statusCode, 201, codes.body);
  const session = await app.inject({ method: 'POST', url: '/api/v1/wallet/sessions', payload: { challengeId: codes.json().challengeId, code: sent.at(-1)!.code } });
  assert.equal(session.statusCode, 200, session.body);
  const cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, csrf: session.json().csrfToken };
}

before(async () => {
  database = await createTestDatabase();
  ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database, { sms: { sendOneTimeCode: async ({ phone, code }) => void sent.push({ phone, code }) } });
  demo = await seedDemo(ctx);
  app = await buildApp(ctx, { logger: false });
  const token = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: demo.client.id, client_secret: demo.client.secret } });
  hisToken = token.json().access_token;
  const { patient, data } = example();
  const issued = await app.inject({
    method: 'POST',
    url: '/api/v1/certificates',
    headers: { authorization: `Bearer ${hisToken}` },
    payload: { type: 'sick-leave', data, patient: { ...patient, nationalId: patientId, phone: '089-111-2233' }, practitionerLicence: 'ว.12345' },
  });
  assert.equal(issued.statusCode, 201, issued.body);
  certificateId = issued.json().id;
});
after(async () => {
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('wallet over HTTP', () => {
  test('the patient phone given at issuance receives the code, and is kept apart from the certificate', async () => {
    const codes = await app.inject({ method: 'POST', url: '/api/v1/wallet/codes', payload: { nationalId: patientId } });
    assert.equal(codes.statusCode, 201, codes.body);
    assert.deepEqual(Object.keys(codes.json()).sort(), ['challengeId', 'expiresAt']);
    assert.equal(sent.at(-1)!.phone, '+66891112233');
    const row = await database.db.selectFrom('certificates').select('patient').where('id', '=', certificateId).executeTakeFirstOrThrow();
    assert.equal((row.patient as { phone?: string }).phone, undefined);
  });

  test('sign in → my certificates → PDF → share → the shared page’s API → revoke → 410', async () => {
    const { cookie, csrf } = await signIn({ nationalId: patientId });
    const list = await app.inject({ method: 'GET', url: '/api/v1/wallet/certificates', headers: { cookie } });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().map((c: { id: string }) => c.id), [certificateId]);
    assert.match(list.json()[0].qrPayload, /^MC1:/);
    const pdf = await app.inject({ method: 'GET', url: `/api/v1/wallet/certificates/${certificateId}/pdf`, headers: { cookie } });
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

    const noCsrf = await app.inject({ method: 'POST', url: `/api/v1/wallet/certificates/${certificateId}/shares`, headers: { cookie }, payload: { lifetime: '24h' } });
    assert.equal(noCsrf.statusCode, 403);
    const badLifetime = await app.inject({ method: 'POST', url: `/api/v1/wallet/certificates/${certificateId}/shares`, headers: { cookie, 'x-csrf-token': csrf }, payload: { lifetime: '30d' } });
    assert.equal(badLifetime.statusCode, 400);
    assert.equal(badLifetime.headers['content-type'], 'application/problem+json; charset=utf-8');
    const share = await app.inject({ method: 'POST', url: `/api/v1/wallet/certificates/${certificateId}/shares`, headers: { cookie, 'x-csrf-token': csrf }, payload: { lifetime: '24h' } });
    assert.equal(share.statusCode, 201, share.body);
    const token = share.json().path.replace('/s/', '');

    const shown = await app.inject({ method: 'GET', url: `/api/v1/shared/${token}`, headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' } });
    assert.equal(shown.statusCode, 200, shown.body);
    assert.equal(shown.json().certificate.patient.nameEn, example().patient.nameEn);
    assert.equal(shown.json().certificate.patient.maskedId, '3-10XX-XXXXX-23-7');
    assert.equal(JSON.stringify(shown.json()).includes('diagnosis'), false);
    const sharedPdf = await app.inject({ method: 'GET', url: `/api/v1/shared/${token}/pdf` });
    assert.deepEqual(sharedPdf.rawPayload, pdf.rawPayload);

    const links = await app.inject({ method: 'GET', url: `/api/v1/wallet/certificates/${certificateId}/shares`, headers: { cookie } });
    assert.deepEqual(links.json()[0].opens.map((o: { agent: string }) => o.agent).sort(), ['Chrome on Windows', 'Other browser']);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/wallet/shares/${share.json().id}`, headers: { cookie, 'x-csrf-token': csrf } });
    assert.equal(revoked.statusCode, 204);
    const gone = await app.inject({ method: 'GET', url: `/api/v1/shared/${token}` });
    assert.equal(gone.statusCode, 410);
    assert.equal(gone.json().type, 'https://medcert.dev/problems/share-link-gone');
    assert.equal(gone.json().reason, 'revoked');
  });

  test('another citizen sees none of it', async () => {
    const { cookie } = await signIn({ nationalId: demoCitizen.nationalId });
    const list = await app.inject({ method: 'GET', url: '/api/v1/wallet/certificates', headers: { cookie } });
    assert.deepEqual(list.json(), []);
    for (const url of [`/api/v1/wallet/certificates/${certificateId}/pdf`, `/api/v1/wallet/certificates/${certificateId}/shares`]) {
      assert.equal((await app.inject({ method: 'GET', url, headers: { cookie } })).statusCode, 404);
    }
  });

  test('the wallet is for citizens: no session is 401, a hospital system is 403', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/wallet/certificates' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/wallet/certificates', headers: { authorization: `Bearer ${hisToken}` } })).statusCode, 403);
  });

  test('an identity with no phone on file gets the same answer as one with a phone, and no SMS', async () => {
    const before = sent.length;
    const response = await app.inject({ method: 'POST', url: '/api/v1/wallet/codes', payload: { passport: { number: 'AB123456', nationality: 'MMR' } } });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(Object.keys(response.json()).sort(), ['challengeId', 'expiresAt']);
    assert.equal(sent.length, before);
  });

  test('bad sign-in input is a clear 4xx problem that never echoes the ID', async () => {
    const cases: [object, number][] = [
      [{ nationalId: '1103702071812' }, 400],
      [{ nationalId: patientId, passport: { number: 'X', nationality: 'THA' } }, 400],
      [{}, 400],
    ];
    for (const [payload, status] of cases) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/wallet/codes', payload });
      assert.equal(response.statusCode, status, response.body);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(!response.body.includes('1103702071812'));
    }
    const badCode = await app.inject({ method: 'POST', url: '/api/v1/wallet/sessions', payload: { challengeId: '00000000-0000-4000-8000-000000000000', code: '12ab56' } });
    assert.equal(badCode.statusCode, 400);
    const unknownChallenge = await app.inject({ method: 'POST', url: '/api/v1/wallet/sessions', payload: { challengeId: '00000000-0000-4000-8000-000000000000', code: '123456' } });
    assert.equal(unknownChallenge.statusCode, 401);
    assert.equal(unknownChallenge.json().type, 'https://medcert.dev/problems/one-time-code-expired');
  });

  test('request logs carry share links as /s/[token]', () => {
    const serialise = loggerOptions().serializers!.req as (req: { method: string; url: string; id: string }) => { path: string };
    assert.equal(serialise({ method: 'GET', url: '/s/abcDEF123_-xyz?x=1', id: '1' }).path, '/s/[token]');
    assert.equal(serialise({ method: 'GET', url: '/api/v1/shared/abcDEF123/pdf', id: '1' }).path, '/api/v1/shared/[token]/pdf');
  });
});
