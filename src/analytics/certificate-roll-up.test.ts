import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createAuditLog } from '../audit/audit-log';
import { createIssuance } from '../certificates/issuance';
import type { DatabaseHandle } from '../db/database';
import { createDatabaseBlobStore } from '../storage/database-blob-store';
import { createTestDatabase } from '../test-support/database';
import { rollUpCertificates } from './certificate-roll-up';
import { addFacility, addPractitioner, issueCertificates } from './test-support';
import { everyoneMaySign } from '../test-support/signers';

let database: DatabaseHandle;
const onDay = (day: string) => sql<Date>`${day}::date`;

before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

async function cells(table: 'analytics_certificates_daily') {
  const rows = await database.db.selectFrom(table).select(['province', 'type', 'facility_kind', 'count']).select((eb) => eb.fn<string>('to_char', [eb.ref('day'), eb.val('YYYY-MM-DD')]).as('day')).orderBy('province').orderBy('day').orderBy('type').orderBy('facility_kind').execute();
  return rows.map((r) => `${r.day} ${r.province} ${r.type} ${r.facility_kind} ${r.count}`);
}

test('a day of real issuance is counted by Thai day, type, facility kind and province, with no personal data', async () => {
  const db = database.db;
  const clinic = await addFacility(db, 'TH-50', 'medical_clinic');
  const hospital = await addFacility(db, 'TH-10', 'public_hospital');
  const doctor = await addPractitioner(db);
  let clock = new Date('2026-11-24T03:00:00Z');
  const issuance = createIssuance({
    db,
    blobs: createDatabaseBlobStore(db),
    types: { validate: () => undefined, schema: () => ({ type: 'object' }), carriesEuDcc: () => false },
    signers: everyoneMaySign,
    producer: { produce: async (c) => ({ pdf: new TextEncoder().encode(`%PDF-1.7 ${c.id}`), qrPayload: `MC1:${c.id}` }) },
    audit: createAuditLog({ db }),
    now: () => clock,
  });
  const patient = { nationalId: '1101700203450', nameEn: 'Namfon Tangjaidee', nameTh: 'น้ำฝน ตั้งใจดี' };
  const issue = (type: string, facilityId: string, signNow = true) => issuance.accept({ type, data: { days: 1 }, patient, facilityId, practitionerId: doctor }, { source: 'his', actor: 'client-1', signNow });

  await issue('sick-leave', clinic);
  await issue('sick-leave', clinic);
  await issue('fit-to-work', hospital);
  const waiting = await issue('sick-leave', clinic, false);
  // 01:30 on the 25th in Bangkok, still the 24th in UTC.
  clock = new Date('2026-11-24T18:30:00Z');
  await issue('sick-leave', clinic);
  assert.equal(waiting.status, 'pending_signature');

  assert.equal(await rollUpCertificates(db), 4);
  assert.deepEqual(await cells('analytics_certificates_daily'), [
    '2026-11-24 TH-10 fit-to-work public_hospital 1',
    '2026-11-24 TH-50 sick-leave medical_clinic 2',
    '2026-11-25 TH-50 sick-leave medical_clinic 1',
  ]);
  const marginals = await db.selectFrom('analytics_certificate_marginals').select(['scope', 'dimension', 'value', 'count']).where('day', '=', onDay('2026-11-24')).orderBy('scope').orderBy('dimension').orderBy('value').execute();
  assert.deepEqual(
    marginals.map((m) => `${m.scope} ${m.dimension} ${m.value} ${m.count}`),
    [
      'TH facility_kind medical_clinic 2',
      'TH facility_kind public_hospital 1',
      'TH total  3',
      'TH type fit-to-work 1',
      'TH type sick-leave 2',
      'TH-10 facility_kind public_hospital 1',
      'TH-10 total  1',
      'TH-10 type fit-to-work 1',
      'TH-50 facility_kind medical_clinic 2',
      'TH-50 total  2',
      'TH-50 type sick-leave 2',
    ],
  );

  const everything = JSON.stringify(await db.selectFrom('analytics_certificates_daily').selectAll().execute());
  for (const personal of ['1101700203450', 'Namfon', doctor, clinic]) assert.ok(!everything.includes(personal), `no ${personal} in the aggregates`);

  // The certificate approved later is counted on the day it is issued; nothing is counted twice.
  await issuance.approve(doctor, [waiting.id], 'user-1');
  assert.equal(await rollUpCertificates(db), 1);
  assert.equal(await rollUpCertificates(db), 0);
  assert.ok((await cells('analytics_certificates_daily')).includes('2026-11-25 TH-50 sick-leave medical_clinic 2'));
});

test('revoking an issued certificate does not count it again, and the queue drains in batches', async () => {
  const db = database.db;
  const facilityId = await addFacility(db, 'TH-83', 'pharmacy');
  const practitionerId = await addPractitioner(db);
  const ids = await issueCertificates(db, { facilityId, practitionerId, type: 'pharmacy-note', issuedAt: new Date('2026-10-01T05:00:00Z'), count: 23 });
  await db.updateTable('certificates').set({ status: 'revoked', revoked_at: new Date() }).where('id', '=', ids[0]!).execute();
  assert.equal(await rollUpCertificates(db, 5), 23);
  const row = await db.selectFrom('analytics_certificates_daily').select('count').where('province', '=', 'TH-83').executeTakeFirstOrThrow();
  assert.equal(row.count, 23);
  assert.equal(Number((await db.selectFrom('analytics_certificate_queue').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 0);
});

test('roll-ups running at the same time count each certificate once', async () => {
  const db = database.db;
  const facilityId = await addFacility(db, 'TH-40', 'private_hospital');
  const practitionerId = await addPractitioner(db);
  await issueCertificates(db, { facilityId, practitionerId, type: 'sick-leave', issuedAt: new Date('2026-09-01T05:00:00Z'), count: 40 });
  const taken = await Promise.all([rollUpCertificates(db, 7), rollUpCertificates(db, 7), rollUpCertificates(db, 7)]);
  assert.equal(taken.reduce((a, b) => a + b, 0), 40);
  const row = await db.selectFrom('analytics_certificate_marginals').select('count').where('scope', '=', 'TH-40').where('dimension', '=', 'total').executeTakeFirstOrThrow();
  assert.equal(row.count, 40);
});
