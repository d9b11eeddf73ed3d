import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { totpCode } from '../accounts/totp';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { seedDemo, type DemoSeed } from '../demo/seed';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { atkBundle } from './fhir/fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-his-'));
let database: DatabaseHandle;
let ctx: AppContext;
let demo: DemoSeed;
let app: FastifyInstance;
let token: string;
let otherToken: string;

async function tokenFor(client: { id: string; secret: string }): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().access_token;
}

before(async () => {
  database = await createTestDatabase();
  ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database);
  demo = await seedDemo(ctx);
  app = await buildApp(ctx, { logger: false });
  token = await tokenFor(demo.client);
  const other = await ctx.registry.createFacility({ licenceNumber: '50110000999', kind: 'dental_clinic', nameTh: 'คลินิกทันตกรรมอื่น', nameEn: 'Other Dental Clinic', province: 'TH-50', address: 'Chiang Mai' });
  otherToken = await tokenFor(await ctx.accounts.ensureDemoClient(other.id));
});
after(async () => {
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const example = () => {
  const { patient, data } = JSON.parse(fs.readFileSync(new URL('../../types/sick-leave/example.json', import.meta.url), 'utf8'));
  return { type: 'sick-leave', patient, data, practitionerLicence: 'ว.12345' };
};
const post = (url: string, payload: unknown, headers: Record<string, string> = {}, bearer = token) =>
  app.inject({ method: 'POST', url, payload: payload as object, headers: { authorization: `Bearer ${bearer}`, ...headers } });

describe('HIS API', () => {
  test('issues with consent, and the same Idempotency-Key and body answer the same certificate; another body is 409', async () => {
    const first = await post('/api/v1/certificates', example(), { 'idempotency-key': 'his-0001-abcdef' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().status, 'issued');
    const again = await post('/api/v1/certificates', example(), { 'idempotency-key': 'his-0001-abcdef' });
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const other = await post('/api/v1/certificates', { ...example(), data: { ...example().data, days: 5 } }, { 'idempotency-key': 'his-0001-abcdef' });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().type, 'https://medcert.dev/problems/idempotency-key-reused');

    const pdf = await app.inject({ method: 'GET', url: `/api/v1/certificates/${first.json().id}/pdf`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-');
  });

  test("another facility's system can neither read nor revoke the certificate", async () => {
    const { id } = (await post('/api/v1/certificates', example())).json();
    for (const url of [`/api/v1/certificates/${id}`, `/api/v1/certificates/${id}/pdf`]) {
      assert.equal((await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${otherToken}` } })).statusCode, 404);
    }
    assert.equal((await post(`/api/v1/certificates/${id}/revoke`, { reason: 'not ours' }, {}, otherToken)).statusCode, 404);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/certificates', headers: { authorization: `Bearer ${otherToken}` } });
    assert.deepEqual(listed.json().certificates, []);
    const revoked = await post(`/api/v1/certificates/${id}/revoke`, { reason: 'issued in error' });
    assert.equal(revoked.json().status, 'revoked');
  });

  test('revoking a revoked certificate is a 409 problem whose status is the HTTP status, with the certificate status beside it', async () => {
    const { id } = (await post('/api/v1/certificates', example())).json();
    assert.equal((await post(`/api/v1/certificates/${id}/revoke`, { reason: 'issued in error' })).statusCode, 200);
    const again = await post(`/api/v1/certificates/${id}/revoke`, { reason: 'issued in error' });
    assert.equal(again.statusCode, 409, again.body);
    assert.match(again.headers['content-type'] as string, /^application\/problem\+json/);
    const problem = again.json();
    assert.equal(problem.status, 409);
    assert.equal(problem.type, 'https://medcert.dev/problems/certificate-invalid-transition');
    assert.equal(problem.currentStatus, 'revoked');
  });

  test('bad requests answer problem+json: unknown field, wrong type, invalid data, bad national ID, no token', async () => {
    const cases: [unknown, number][] = [
      [{ ...example(), extra: 1 }, 400],
      [{ ...example(), type: 42 }, 400],
      [{ ...example(), data: { days: 'two' } }, 400],
      [{ ...example(), patient: { ...example().patient, nationalId: '1101700203451' } }, 400],
      [{ ...example(), type: 'no-such-type' }, 404],
    ];
    for (const [body, status] of cases) {
      const response = await post('/api/v1/certificates', body);
      assert.equal(response.statusCode, status, `${JSON.stringify(body).slice(0, 80)} → ${response.body}`);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.ok(!response.body.includes('Namfon'), 'no patient data echoed');
    }
    const malformed = await app.inject({ method: 'POST', url: '/api/v1/certificates', payload: '{"type":', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    assert.equal(malformed.json().type, 'https://medcert.dev/problems/malformed-json');
    assert.equal((await post('/api/v1/certificates', example(), {}, 'x'.repeat(30))).statusCode, 401);
  });

  test('travel use on a type without the EU DCC answers problem+json and writes nothing', async () => {
    const before = await database.db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const response = await post('/api/v1/certificates', { ...example(), travel: true });
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(response.json().type, 'https://medcert.dev/problems/travel-use-unavailable');
    const afterCount = await database.db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  test('a FHIR R4 Bundle with an ATK Observation becomes an ATK certificate', async () => {
    const response = await post('/api/v1/fhir/Bundle', atkBundle());
    assert.equal(response.statusCode, 201, response.body);
    const certificate = (await app.inject({ method: 'GET', url: `/api/v1/certificates/${response.json().id}`, headers: { authorization: `Bearer ${token}` } })).json();
    assert.equal(certificate.type, 'atk-test');
    assert.equal(certificate.data.result, 'not-detected');
    assert.equal((await post('/api/v1/fhir/Bundle', { resourceType: 'Patient' })).statusCode, 400);
  });

  test('bulk CSV: good rows are issued, bad rows reported by line, and a re-run issues nothing twice', async () => {
    const csv = [
      'request_id,patient.national_id,patient.name_en,patient.name_th,data.examinedOn,data.diagnosis,data.restFrom,data.restTo,data.days',
      'row-1,1101700203450,Somchai Jaidee,สมชาย ใจดี,2026-11-20,Influenza,2026-11-20,2026-11-21,2',
      'row-2,1101700203451,Bad Check Digit,,2026-11-20,Influenza,2026-11-20,2026-11-21,2',
      'row-3,1101700203450,Malee Srisuk,,2026-11-20,Migraine,2026-11-20,2026-11-20,one',
      'row-4,1101700203450,Wichai Dee,,2026-11-20,Gastritis,2026-11-20,2026-11-22,3',
    ].join('\n');
    const send = () => app.inject({ method: 'POST', url: '/api/v1/certificates/bulk?type=sick-leave&practitionerLicence=%E0%B8%A7.12345', payload: csv, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } });
    const report = (await send()).json();
    assert.equal(report.issued, 2);
    assert.deepEqual(report.failed.map((f: { line: number }) => f.line), [3, 4]);
    assert.match(report.failed[0].reason, /check digit/);
    const rerun = (await send()).json();
    assert.equal(rerun.issued, 0);
    assert.equal(rerun.replayed, 2);
  });
});

describe('Station signing approval', () => {
  test('a draft from staff waits; the practitioner signs it with a TOTP code, a wrong code is refused', async () => {
    const login = await ctx.accounts.ensureDemoUser({ username: 'dr.somsak', practitionerId: demo.practitionerId });
    const signIn = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: login.username, password: login.password, totp: totpCode(login.totpSecret, new Date()) } });
    assert.equal(signIn.statusCode, 200, signIn.body);
    const cookies = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = signIn.cookies.find((c) => c.name === 'medcert_csrf')?.value ?? '';
    const headers = { cookie: cookies, 'x-csrf-token': csrf };
    const draft = await app.inject({ method: 'POST', url: '/api/v1/certificates', payload: example(), headers });
    assert.equal(draft.json().status, 'pending_signature', draft.body);
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/signing/approve', payload: { certificateIds: [draft.json().id], totp: '000000' }, headers });
    assert.equal(wrong.statusCode, 401);
    // The login spent this step's code (codes are single-use); the next step's is within the allowed drift.
    const signed = await app.inject({ method: 'POST', url: '/api/v1/signing/approve', payload: { certificateIds: [draft.json().id], totp: totpCode(login.totpSecret, new Date(Date.now() + 30_000)) }, headers });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(signed.json().certificates[0].status, 'issued');
  });
});

describe('Standing consent and licence, checked at every issuance', () => {
  test('a consent revoked directly in the database sends the next certificate for approval; granted again, it is signed right away', async () => {
    const consents = () => database.db.updateTable('signing_consents').where('practitioner_id', '=', demo.practitionerId).where('facility_id', '=', demo.facilityId);
    const granted = await consents().where('revoked_at', 'is', null).set({ revoked_at: new Date() }).returning('id').execute();
    assert.ok(granted.length > 0);
    const waiting = await post('/api/v1/certificates', example());
    assert.equal(waiting.statusCode, 201, waiting.body);
    assert.equal(waiting.json().status, 'pending_signature');
    await consents().where('id', 'in', granted.map((c) => c.id)).set({ revoked_at: null }).execute();
    assert.equal((await post('/api/v1/certificates', example())).json().status, 'issued');
  });

  test('a consent covers only its types', async () => {
    await database.db.updateTable('signing_consents').where('practitioner_id', '=', demo.practitionerId).where('facility_id', '=', demo.facilityId).set({ types: JSON.stringify(['lab-result']) }).execute();
    try {
      assert.equal((await post('/api/v1/certificates', example())).json().status, 'pending_signature');
    } finally {
      await database.db.updateTable('signing_consents').where('practitioner_id', '=', demo.practitionerId).where('facility_id', '=', demo.facilityId).set({ types: JSON.stringify(ctx.types.ids()) }).execute();
    }
  });

  test('a licence suspended directly in the database refuses the next certificate', async () => {
    await database.db.insertInto('practitioner_licence_status').values({ practitioner_id: demo.practitionerId, status: 'suspended', effective_from: new Date(Date.now() - 1000), note: null }).execute();
    const refused = await post('/api/v1/certificates', example());
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().type, 'https://medcert.dev/problems/practitioner-not-licensed');
    await database.db.insertInto('practitioner_licence_status').values({ practitioner_id: demo.practitionerId, status: 'active', effective_from: new Date(Date.now() - 500), note: null }).execute();
    assert.equal((await post('/api/v1/certificates', example())).json().status, 'issued');
  });
});
