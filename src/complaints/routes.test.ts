import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { newOpaqueToken, tokenDigest } from '../accounts/opaque-token';
import { csrfHeader, csrfTokenFor, sessionCookie } from '../accounts/sessions';
import type { PlatformRole } from '../accounts/tables';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { buildApp } from '../server/app';
import { complaintFilingsPerHour } from './routes';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { maxAttachmentBytes } from './attachments';
import { addFacility, sampleFiles } from './test-support';

let database: DatabaseHandle;
let app: FastifyInstance;
const f = { clinic: '', publicHospital: '' };
const who: Record<string, Record<string, string>> = {};
const officerIds: Record<string, string> = {};

async function signedIn(name: string, role: PlatformRole, extra: { citizenSubjectKey?: string; province?: string; adminOf?: string } = {}): Promise<void> {
  let practitionerId: string | null = null;
  if (extra.adminOf) {
    practitionerId = (await database.db.insertInto('practitioners').values({ profession: 'physician', licence_number: `ว.${name}`, name_th: 'หมอ', name_en: 'Doctor', national_id: null }).returning('id').executeTakeFirstOrThrow()).id;
    await database.db.insertInto('memberships').values({ facility_id: extra.adminOf, practitioner_id: practitionerId, role: 'admin', since: new Date('2020-01-01Z'), until: null }).execute();
  }
  const user = await database.db
    .insertInto('users')
    .values({ username: name, password_hash: 'x', totp_secret_sealed: null, totp_last_step: null, platform_role: role, practitioner_id: practitionerId, citizen_subject_key: extra.citizenSubjectKey ?? null, province: extra.province ?? null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (role === 'provincial_officer') officerIds[name] = user.id;
  const token = newOpaqueToken();
  await database.db.insertInto('sessions').values({ token_hash: tokenDigest(token), user_id: user.id, expires_at: new Date(Date.now() + 3_600_000) }).execute();
  who[name] = { cookie: `${sessionCookie}=${token}`, [csrfHeader]: csrfTokenFor(token) };
}

function assertProblem(response: LightMyRequestResponse, status: number, type: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.equal(response.json().type, `https://medcert.dev/problems/${type}`);
}

const fields = (facilityId = f.clinic) => ({ facilityId, category: 'privacy', description: 'The clinic posted my test result in a public group chat.', visitDate: '2026-01-15' });

function form(values: Record<string, string>, files: Uint8Array[], field = 'attachments'): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.append(name, value);
  files.forEach((bytes, i) => data.append(field, new Blob([Buffer.from(bytes)]), `file-${i}.png`));
  return data;
}

async function rowCounts() {
  const count = async (table: 'complaints' | 'blobs' | 'complaint_attachments') => Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { complaints: await count('complaints'), blobs: await count('blobs'), attachments: await count('complaint_attachments') };
}

before(async () => {
  database = await createTestDatabase();
  app = await buildApp(await createAppContext(loadConfig({}), database), { logger: false });
  f.clinic = await addFacility(database.db, 'medical_clinic', 'TH-50');
  f.publicHospital = await addFacility(database.db, 'public_hospital', 'TH-50');
  await signedIn('alice', 'citizen', { citizenSubjectKey: 'subject-alice' });
  await signedIn('bob', 'citizen', { citizenSubjectKey: 'subject-bob' });
  await signedIn('officer-cm', 'provincial_officer', { province: 'TH-50' });
  await signedIn('officer-bkk', 'provincial_officer', { province: 'TH-10' });
  await signedIn('clinic-admin', 'none', { adminOf: f.clinic });
});
after(async () => {
  await app.close();
  await database.close();
});

describe('complaints over HTTP', () => {
  let id: string;

  test('the categories are public, with Thai and English names', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/complaints/categories' });
    assert.equal(response.statusCode, 200);
    const overcharging = response.json().categories.find((c: { id: string }) => c.id === 'overcharging');
    assert.deepEqual(Object.keys(overcharging.names), ['th', 'en']);
  });

  test('a citizen files with attachments in one multipart request and follows the complaint', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: who.alice, payload: form(fields(), [sampleFiles.png, sampleFiles.pdf]) });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    id = body.id;
    assert.equal(body.status, 'submitted');
    assert.equal(body.overdue, false);
    assert.match(body.dueAt, /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(body.attachments.map((a: { contentType: string }) => a.contentType), ['image/png', 'application/pdf']);
    const download = await app.inject({ method: 'GET', url: `/api/v1/complaints/${id}/attachments/${body.attachments[1].id}`, headers: { cookie: who.alice!.cookie! } });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.deepEqual(new Uint8Array(download.rawPayload), sampleFiles.pdf);
  });

  test('a citizen files with JSON too', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: who.bob, payload: { ...fields(), category: 'hygiene' } });
    assert.equal(response.statusCode, 201, response.body);
  });

  test('without the CSRF header, or signed out, nothing is filed', async () => {
    const before = await rowCounts();
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { cookie: who.alice!.cookie! }, payload: fields() }), 403, 'csrf-token');
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: fields() }), 401, 'not-authenticated');
    assert.deepEqual(await rowCounts(), before);
  });

  const refusals: [string, () => FormData | Record<string, string>, number, string][] = [
    ['a GIF attachment', () => form(fields(), [sampleFiles.gif]), 400, 'unsupported-attachment'],
    ['text sent as image/png', () => form(fields(), [sampleFiles.text]), 400, 'unsupported-attachment'],
    ['an attachment over 5 MB', () => form(fields(), [new Uint8Array(maxAttachmentBytes + 1).fill(0x25)]), 413, 'attachment-too-large'],
    ['six attachments', () => form(fields(), Array.from({ length: 6 }, () => sampleFiles.jpeg)), 400, 'unsupported-attachment'],
    ['a file in another field', () => form(fields(), [sampleFiles.png], 'photo'), 400, 'invalid-input'],
    ['a public hospital', () => form(fields(f.publicHospital), [sampleFiles.png]), 422, 'complaint-public-facility'],
    ['a missing field', () => form({ ...fields(), visitDate: '' }, []), 400, 'invalid-input'],
    ['an unknown field in JSON', () => ({ ...fields(), nationalId: '1234567890121' }), 400, 'invalid-input'],
    ['a visit in the future', () => ({ ...fields(), visitDate: '2999-01-01' }), 400, 'invalid-complaint'],
  ];
  for (const [what, payload, status, type] of refusals) {
    test(`${what} is a ${status} problem and nothing is written`, async () => {
      const before = await rowCounts();
      assertProblem(await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: who.alice, payload: payload() }), status, type);
      assert.deepEqual(await rowCounts(), before);
    });
  }

  test("citizen B and the other province's officer get 404 for A's complaint", async () => {
    for (const name of ['bob', 'officer-bkk']) assertProblem(await app.inject({ method: 'GET', url: `/api/v1/complaints/${id}`, headers: who[name] }), 404, 'complaint-not-found');
    assertProblem(await app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/steps`, headers: who['officer-bkk'], payload: { to: 'triaged', note: 'mine now' } }), 404, 'complaint-not-found');
    assertProblem(await app.inject({ method: 'GET', url: '/api/v1/complaints/not-a-uuid', headers: who.bob }), 404, 'complaint-not-found');
    const listed = await app.inject({ method: 'GET', url: '/api/v1/complaints', headers: who['officer-bkk'] });
    assert.deepEqual(listed.json(), { complaints: [] });
  });

  test('the officer of the province moves it step by step; a skipped step is a 409 problem', async () => {
    const officer = who['officer-cm'];
    const skipped = await app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/steps`, headers: officer, payload: { to: 'resolved', note: 'skip ahead' } });
    assertProblem(skipped, 409, 'complaint-invalid-transition');
    assert.deepEqual([skipped.json().currentStatus, skipped.json().requestedStatus], ['submitted', 'resolved']);
    assertProblem(await app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/steps`, headers: officer, payload: { to: 'closed', note: 'x' } }), 400, 'invalid-input');
    assertProblem(await app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/steps`, headers: who.alice, payload: { to: 'triaged', note: 'me' } }), 403, 'forbidden');
    const triaged = await app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/steps`, headers: officer, payload: { to: 'triaged', note: 'Privacy breach, serious.' } });
    assert.equal(triaged.statusCode, 200, triaged.body);
    assert.equal(triaged.json().status, 'triaged');
    assert.equal(triaged.json().assignedOfficerId, officerIds['officer-cm']);
    const reassigned = await app.inject({ method: 'PUT', url: `/api/v1/complaints/${id}/assignment`, headers: officer, payload: { officerId: officerIds['officer-bkk'] } });
    assertProblem(reassigned, 400, 'complaint-ineligible-officer');
  });

  test('the facility admin sees it without the citizen and responds once', async () => {
    const admin = who['clinic-admin'];
    const seen = (await app.inject({ method: 'GET', url: `/api/v1/complaints/${id}`, headers: admin })).json();
    assert.equal(seen.view, 'facility');
    assert.equal(seen.citizenSubjectKey, undefined);
    assert.equal(seen.attachments, undefined);
    assert.ok(!JSON.stringify(seen).includes('subject-alice'));
    const answered = await app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/response`, headers: admin, payload: { text: 'The staff member was retrained.' } });
    assert.equal(answered.statusCode, 201, answered.body);
    assertProblem(await app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/response`, headers: admin, payload: { text: 'Again' } }), 409, 'complaint-response-refused');
  });

  test('lists filter by status and overdue', async () => {
    const officer = who['officer-cm'];
    const triaged = (await app.inject({ method: 'GET', url: '/api/v1/complaints?status=triaged', headers: officer })).json().complaints;
    assert.deepEqual(triaged.map((c: { id: string }) => c.id), [id]);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/complaints?overdue=true', headers: officer })).json(), { complaints: [] });
    assertProblem(await app.inject({ method: 'GET', url: '/api/v1/complaints?overdue=yes', headers: officer }), 400, 'invalid-input');
    const mine = (await app.inject({ method: 'GET', url: '/api/v1/complaints', headers: who.alice })).json().complaints;
    assert.deepEqual(mine.map((c: { id: string }) => c.id), [id]);
  });

  test(`one citizen account files at most ${complaintFilingsPerHour.max} complaints an hour; another account is not held back`, async () => {
    await signedIn('carol', 'citizen', { citizenSubjectKey: 'subject-carol' });
    await signedIn('dave', 'citizen', { citizenSubjectKey: 'subject-dave' });
    for (let i = 0; i < complaintFilingsPerHour.max; i++) {
      const filed = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: who.carol, payload: fields() });
      assert.equal(filed.statusCode, 201, filed.body);
    }
    const before = await rowCounts();
    assertProblem(await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: who.carol, payload: fields() }), 429, 'rate-limited');
    assert.deepEqual(await rowCounts(), before);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: who.dave, payload: fields() })).statusCode, 201);
  });

  test('every complaint route is in the OpenAPI document', async () => {
    const paths = Object.keys((await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths).filter((p) => p.startsWith('/api/v1/complaints'));
    assert.deepEqual(paths.sort(), [
      '/api/v1/complaints',
      '/api/v1/complaints/categories',
      '/api/v1/complaints/{id}',
      '/api/v1/complaints/{id}/assignment',
      '/api/v1/complaints/{id}/attachments',
      '/api/v1/complaints/{id}/attachments/{attachmentId}',
      '/api/v1/complaints/{id}/response',
      '/api/v1/complaints/{id}/steps',
    ]);
  });
});
