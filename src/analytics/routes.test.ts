import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { deriveAccountKeys } from '../accounts/account-keys';
import { createAccounts } from '../accounts/accounts';
import { countConversationTopic } from '../chatbot/topic-counts';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { buildApp } from '../server/app';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { addFacility, addPractitioner, fileComplaints, issueCertificates } from './test-support';

let database: DatabaseHandle;
let app: FastifyInstance;
const sessions: Record<string, string> = {};
const day = '2026-11-24';
const range = `from=${day}&to=${day}`;

before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const base = await createAppContext({ ...loadConfig({}), kek: 'test-kek' }, database);
  const accounts = createAccounts({ db, audit: base.audit, keys: deriveAccountKeys('test-kek'), scrypt: { N: 1024, r: 8, p: 1 } });
  app = await buildApp({ ...base, accounts }, { logger: false });

  const practitionerId = await addPractitioner(db);
  const chiangMaiClinic = await addFacility(db, 'TH-50', 'medical_clinic');
  const chiangMaiPharmacy = await addFacility(db, 'TH-50', 'pharmacy');
  const bangkokHospital = await addFacility(db, 'TH-10', 'public_hospital');
  const issuedAt = new Date(`${day}T04:00:00Z`);
  await issueCertificates(db, { facilityId: chiangMaiClinic, practitionerId, type: 'sick-leave', issuedAt, count: 25 });
  await issueCertificates(db, { facilityId: chiangMaiPharmacy, practitionerId, type: 'fit-to-work', issuedAt, count: 4 });
  await issueCertificates(db, { facilityId: bangkokHospital, practitionerId, type: 'sick-leave', issuedAt, count: 30 });
  await issueCertificates(db, { facilityId: bangkokHospital, practitionerId, type: 'fit-to-work', issuedAt, count: 12 });
  await db.insertInto('analytics_verifications_daily').values([
    { day, province: 'TH-50', channel: 'qr', outcome: 'valid', count: 40 },
    { day, province: 'TH-50', channel: 'pdf', outcome: 'revoked', count: 2 },
    { day, province: 'TH-10', channel: 'qr', outcome: 'valid', count: 11 },
  ]).execute();
  await db.insertInto('analytics_verifications_national_daily').values([
    { day, channel: 'qr', outcome: 'valid', count: 51 },
    { day, channel: 'pdf', outcome: 'revoked', count: 2 },
  ]).execute();
  for (let i = 0; i < 12; i++) await countConversationTopic(db, randomUUID(), 'how-to-verify', 'th', issuedAt);
  const bangkokPharmacy = await addFacility(db, 'TH-10', 'pharmacy');
  const overcharged = await fileComplaints(db, { facilityId: chiangMaiClinic, category: 'overcharging', day, count: 12 });
  await fileComplaints(db, { facilityId: chiangMaiClinic, category: 'privacy', day, count: 3 });
  await fileComplaints(db, { facilityId: bangkokPharmacy, category: 'refused-service', day, count: 20 });
  await db.updateTable('complaints').set({ status: 'triaged', triaged_at: issuedAt }).where('id', 'in', overcharged.slice(0, 10)).execute();

  for (const [username, platformRole, province] of [
    ['operator', 'platform_operator', undefined],
    ['officer.cm', 'provincial_officer', 'TH-50'],
    ['citizen', 'citizen', undefined],
  ] as const) {
    await accounts.createUser({ username, password: `password of ${username}`, platformRole, province });
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password: `password of ${username}` } });
    assert.equal(response.statusCode, 200, response.body);
    sessions[username] = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }
});
after(async () => {
  await app?.close();
  await database?.close();
});

const get = (who: string | undefined, url: string) => app.inject({ method: 'GET', url, headers: who ? { cookie: sessions[who]! } : {} });

/** Every number anywhere in a JSON answer that is a count (not the threshold itself). */
function counts(value: unknown, path = ''): { path: string; n: number }[] {
  if (typeof value === 'number') return path.endsWith('suppressionThreshold') ? [] : [{ path, n: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => counts(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => counts(v, `${path}.${k}`));
  return [];
}

describe('the summary', () => {
  test('a platform operator sees the whole country, with every cell under 10 shown as "<10"', async () => {
    const response = await get('operator', `/api/v1/analytics/summary?${range}`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.province, null);
    assert.equal(body.certificates.total, 71);
    assert.deepEqual(body.certificates.byProvince, [{ key: 'TH-10', count: 42 }, { key: 'TH-50', count: 29 }]);
    assert.deepEqual(body.certificates.byType, [{ key: 'sick-leave', count: 55 }, { key: 'fit-to-work', count: 16 }]);
    assert.deepEqual(body.certificates.byFacilityKind, [{ key: 'public_hospital', count: 42 }, { key: 'medical_clinic', count: 'withheld' }, { key: 'pharmacy', count: '<10' }]);
    assert.equal(body.verifications.total, 53);
    assert.deepEqual(body.verifications.byOutcome, [{ key: 'revoked', count: '<10' }, { key: 'valid', count: 'withheld' }]);
    assert.deepEqual(body.verifications.byChannel, [{ key: 'pdf', count: '<10' }, { key: 'qr', count: 'withheld' }]);
    assert.equal(body.chatbotTopics.total, 12);
    assert.equal(body.complaints.total, 35);
    // privacy (3) alone would be 35 − 20 − 12; overcharging is withheld with it.
    assert.deepEqual(body.complaints.byCategory, [{ key: 'refused-service', count: 20 }, { key: 'overcharging', count: 'withheld' }, { key: 'privacy', count: '<10' }]);
    assert.deepEqual(body.complaints.byStatus, [{ key: 'submitted', count: 25 }, { key: 'triaged', count: 10 }]);
    assert.deepEqual(body.complaints.byDay, [{ key: day, count: 35 }]);
    assert.deepEqual(body.complaintCategoryNames['refused-service'], { th: 'ปฏิเสธการให้บริการ', en: 'Refused service' });
    for (const { path, n } of counts(body)) assert.ok(n >= 10, `${path} is ${n}`);
    assert.equal(response.headers['cache-control'], 'private, no-store');
  });

  test('one suppressed cell beside a published total takes the next smallest with it', async () => {
    const body = (await get('operator', `/api/v1/analytics/summary?${range}&province=TH-50`)).json();
    assert.equal(body.certificates.total, 29);
    // fit-to-work (4) alone would be 29 − 25; sick-leave is withheld with it.
    assert.deepEqual(body.certificates.byType, [{ key: 'fit-to-work', count: '<10' }, { key: 'sick-leave', count: 'withheld' }]);
  });

  test("a provincial officer gets only their province, without asking and whatever they ask", async () => {
    const own = await get('officer.cm', `/api/v1/analytics/summary?${range}`);
    assert.equal(own.statusCode, 200, own.body);
    const body = own.json();
    assert.equal(body.province, 'TH-50');
    assert.equal(body.certificates.total, 29);
    assert.deepEqual(body.certificates.byProvince, [{ key: 'TH-50', count: 29 }]);
    assert.equal(body.verifications.total, 42);
    assert.equal(body.chatbotTopics, null, 'national-only counts are not shown to an officer');
    assert.equal(body.complaints.total, 15, "only the complaints against their province's facilities");
    assert.deepEqual(body.complaints.byStatus, [{ key: 'submitted', count: '<10' }, { key: 'triaged', count: 'withheld' }]);
    assert.deepEqual(Object.keys(body.complaintCategoryNames).sort(), ['overcharging', 'privacy']);

    const other = await get('officer.cm', `/api/v1/analytics/summary?${range}&province=TH-10`);
    assert.equal(other.statusCode, 403);
    assert.match(other.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(other.json().type, 'https://medcert.dev/problems/analytics-scope');
    assert.deepEqual((await get('officer.cm', '/api/v1/analytics/provinces')).json(), [{ code: 'TH-50', th: 'เชียงใหม่', en: 'Chiang Mai' }]);
  });

  test('others are refused, and the unauthenticated asked to sign in', async () => {
    assert.equal((await get('citizen', `/api/v1/analytics/summary?${range}`)).statusCode, 403);
    assert.equal((await get('citizen', `/api/v1/analytics/export.csv?${range}`)).statusCode, 403);
    assert.equal((await get(undefined, `/api/v1/analytics/summary?${range}`)).statusCode, 401);
    assert.equal((await get('operator', '/api/v1/analytics/provinces')).json().length, 78);
  });

  test('a bad range or province is a 400 problem+json that says what is wrong', async () => {
    for (const [query, detail] of [
      ['from=2026-02-30&to=2026-03-01', /from must be a calendar date/],
      ['from=2026-03-02&to=2026-03-01', /from must not be after to/],
      ['from=2020-01-01&to=2026-03-01', /at most 731 days/],
      ['province=TH-99', /ISO 3166-2:TH/],
      ['from=yesterday', /from must match pattern/],
      ['limit=5', /additional/],
    ] as const) {
      for (const path of ['summary', 'export.csv']) {
        const response = await get('operator', `/api/v1/analytics/${path}?${query}`);
        assert.equal(response.statusCode, 400, `${path}?${query}: ${response.body}`);
        assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
        assert.match(response.json().detail, detail);
      }
    }
  });
});

describe('the CSV export', () => {
  test('has one row per cell in long form, with small cells as "<10"', async () => {
    const response = await get('operator', `/api/v1/analytics/export.csv?${range}`);
    assert.equal(response.statusCode, 200, response.body);
    assert.match(response.headers['content-type'] as string, /^text\/csv/);
    assert.match(response.headers['content-disposition'] as string, /attachment; filename="medcert-analytics-TH-2026-11-24-2026-11-24.csv"/);
    const lines = response.body.trimEnd().split('\r\n');
    assert.deepEqual(lines, [
      'dataset,day,province,type,facility_kind,channel,outcome,topic,language,category,status,count',
      'certificates_issued,2026-11-24,TH-10,fit-to-work,public_hospital,,,,,,,12',
      'certificates_issued,2026-11-24,TH-10,sick-leave,public_hospital,,,,,,,30',
      'certificates_issued,2026-11-24,TH-50,fit-to-work,pharmacy,,,,,,,<10',
      'certificates_issued,2026-11-24,TH-50,sick-leave,medical_clinic,,,,,,,25',
      'verifications,2026-11-24,TH-10,,,qr,valid,,,,,11',
      'verifications,2026-11-24,TH-50,,,pdf,revoked,,,,,<10',
      'verifications,2026-11-24,TH-50,,,qr,valid,,,,,40',
      'complaints,2026-11-24,TH-10,,,,,,,refused-service,submitted,20',
      'complaints,2026-11-24,TH-50,,,,,,,overcharging,submitted,<10',
      'complaints,2026-11-24,TH-50,,,,,,,overcharging,triaged,10',
      'complaints,2026-11-24,TH-50,,,,,,,privacy,submitted,<10',
      'chatbot_topics,2026-11-24,,,,,,how-to-verify,th,,,12',
    ]);
  });

  test("an officer's export holds only their province and no national-only rows", async () => {
    const response = await get('officer.cm', `/api/v1/analytics/export.csv?${range}`);
    const rows = response.body.trimEnd().split('\r\n').slice(1);
    assert.equal(rows.length, 7);
    assert.ok(rows.every((row) => row.split(',')[2] === 'TH-50'), rows.join('\n'));
    assert.equal(rows.filter((row) => row.startsWith('complaints,')).length, 3);
  });
});
