import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createAuditLog } from '../audit/audit-log';
import { createIssuance } from '../certificates/issuance';
import { subjectKey } from '../certificates/patient';
import type { CertificateRequest } from '../certificates/issuance';
import { loadCertificateTypes } from '../certificates/types/catalog';
import type { DatabaseHandle } from '../db/database';
import { startJobQueue, type JobQueue } from '../jobs/queue';
import { createDatabaseBlobStore } from '../storage/database-blob-store';
import { createTestDatabase } from '../test-support/database';
import { startFakeLine, type FakeLine } from '../test-support/fake-line';
import { createLineClient } from './line-api';
import { createLineLinks } from './line-links';
import { createLinePush, type LinePush } from './line-push';
import { everyoneMaySign } from '../test-support/signers';

let database: DatabaseHandle;
let queue: JobQueue;
let fake: FakeLine;
let push: LinePush;
let issuance: ReturnType<typeof createIssuance>;
let facilityId: string;
let practitionerId: string;
const linkedUser = `U${'a1'.repeat(16)}`;
const linkedCitizen = { nationalId: '1101700203450', nameEn: 'Namfon Tangjaidee', nameTh: 'น้ำฝน ตั้งใจดี' };
const unlinkedCitizen = { nationalId: '3100503145673', nameEn: 'Somchai Jaidee' };

before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  queue = await startJobQueue(database);
  fake = await startFakeLine();
  const types = loadCertificateTypes();
  push = createLinePush({
    db,
    queue,
    client: createLineClient({ channelSecret: 'unused', channelAccessToken: fake.channelAccessToken, apiBaseUrl: fake.baseUrl }),
    typeNames: (id) => types.get(id).names,
    walletUrl: (id) => `https://medcert.example/wallet?certificate=${id}`,
    options: { retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 },
  });
  await push.startWorker();
  facilityId = (await db
    .insertInto('facilities')
    .values({ licence_number: `F-${randomUUID()}`, kind: 'medical_clinic', name_th: 'คลินิกหมอใจดี', name_en: 'Dr Jaidee Clinic', province: 'TH-10', address: 'Bangkok', free_until: new Date('2028-01-01') })
    .returning('id')
    .executeTakeFirstOrThrow()).id;
  practitionerId = (await db.insertInto('practitioners').values({ profession: 'physician', licence_number: `ว.${Date.now()}`, name_th: 'หมอ', name_en: 'Doctor', national_id: null }).returning('id').executeTakeFirstOrThrow()).id;
  const audit = createAuditLog({ db });
  issuance = createIssuance({
    db,
    blobs: createDatabaseBlobStore(db),
    types: { validate: () => undefined, schema: () => ({ type: 'object' }), carriesEuDcc: () => false },
    signers: everyoneMaySign,
    producer: { produce: async (c) => ({ pdf: new TextEncoder().encode(`%PDF-1.7 ${c.id}`), qrPayload: `MC1:${c.id}` }) },
    audit,
    now: () => new Date('2026-11-24T03:00:00Z'),
    onEvent: async (event) => void (await push.enqueue(event)),
  });
  const links = createLineLinks({ db, audit });
  assert.ok(await links.completeLink(await links.issueNonce(subjectKey(linkedCitizen)), linkedUser));
});

after(async () => {
  await queue.stop({ graceful: false, wait: true });
  await fake.close();
  await database.close();
});

const issue = async (patient: CertificateRequest['patient']) =>
  (await issuance.accept({ type: 'sick-leave', data: { diagnosis: 'Influenza A', days: 2 }, patient, facilityId, practitionerId }, { source: 'his', actor: 'client-1', signNow: true })).id;

async function settled(certificateId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await database.db.selectFrom('line_notifications').selectAll().where('certificate_id', '=', certificateId).executeTakeFirstOrThrow();
    if (row.sent_at || row.abandoned_at) return row;
    if (Date.now() > deadline) assert.fail(`the push was not settled in time (attempts ${row.attempts}, last status ${row.last_status})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('an issued certificate reaches the linked LINE user as a flex message without health details', async () => {
  const id = await issue(linkedCitizen);
  await settled(id);
  const delivered = fake.pushes.filter((p) => JSON.stringify(p).includes(id));
  assert.equal(delivered.length, 1);
  const [message] = delivered[0]!.messages;
  assert.equal(delivered[0]!.to, linkedUser);
  assert.equal(message!.type, 'flex');
  const shown = JSON.stringify(message);
  for (const expected of ['ใบรับรองแพทย์', 'Medical Certificate (Sick Leave)', 'คลินิกหมอใจดี', 'Dr Jaidee Clinic', '24 พฤศจิกายน 2569', '24 November 2026', `https://medcert.example/wallet?certificate=${id}`]) {
    assert.ok(shown.includes(expected), `the message shows ${expected}`);
  }
  for (const secret of ['Influenza', 'Namfon', 'น้ำฝน', '1101700203450']) assert.ok(!shown.includes(secret), `the message leaves out ${secret}`);
});

test('a LINE outage (503, then a dropped connection) delays the push, and exactly one message arrives', async () => {
  fake.failures.push(503, 503, 'drop');
  const before = fake.requests.length;
  const id = await issue(linkedCitizen);
  const row = await settled(id);
  assert.equal(row.attempts, 4);
  assert.equal(row.last_status, 200);
  assert.deepEqual(fake.requests.slice(before).map((r) => r.status), [503, 503, 0, 200]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(fake.pushes.filter((p) => JSON.stringify(p).includes(id)).length, 1);
});

test('a push LINE accepted but whose answer was lost is not sent twice: the retry key answers 409', async () => {
  fake.failures.push('accept-then-500');
  const id = await issue(linkedCitizen);
  const row = await settled(id);
  assert.equal(row.attempts, 2);
  assert.equal(row.last_status, 409);
  assert.equal(fake.pushes.filter((p) => JSON.stringify(p).includes(id)).length, 1);
});

test('a push LINE refuses for good (400) is not retried', async () => {
  fake.failures.push(400);
  const id = await issue(linkedCitizen);
  const row = await settled(id);
  assert.ok(row.abandoned_at);
  assert.equal(row.attempts, 1);
  assert.equal(fake.pushes.filter((p) => JSON.stringify(p).includes(id)).length, 0);
});

test('nothing is queued for a citizen who has not linked LINE', async () => {
  const id = await issue(unlinkedCitizen);
  const rows = await database.db.selectFrom('line_notifications').selectAll().where('certificate_id', '=', id).execute();
  assert.equal(rows.length, 0);
});

test('a push lost to a crash after the certificate committed is queued by the relay, and reaches LINE once', async () => {
  // The issuing process died before its event reached the push queue: nothing listens here.
  const crashed = createIssuance({
    db: database.db,
    blobs: createDatabaseBlobStore(database.db),
    types: { validate: () => undefined, schema: () => ({ type: 'object' }), carriesEuDcc: () => false },
    signers: everyoneMaySign,
    producer: { produce: async (c) => ({ pdf: new TextEncoder().encode(`%PDF-1.7 ${c.id}`), qrPayload: `MC1:${c.id}` }) },
    audit: createAuditLog({ db: database.db }),
  });
  const { id } = await crashed.accept({ type: 'sick-leave', data: { diagnosis: 'Influenza A', days: 2 }, patient: linkedCitizen, facilityId, practitionerId }, { source: 'his', actor: 'client-1', signNow: true });
  assert.equal((await database.db.selectFrom('line_notifications').select('id').where('certificate_id', '=', id).execute()).length, 0);
  assert.equal(await push.relay(new Date()), 0, 'the issuing process gets a grace period to queue its own push');
  const later = new Date(Date.now() + 60_000);
  assert.equal(await push.relay(later), 1);
  await settled(id);
  assert.equal(await push.relay(later), 0, 'a push already recorded is not queued again');
  assert.equal(fake.pushes.filter((p) => JSON.stringify(p).includes(id)).length, 1);
  const earlier = await issue(unlinkedCitizen);
  assert.equal(await push.relay(later), 0, 'a citizen without LINE gets nothing');
  assert.equal((await database.db.selectFrom('line_notifications').select('id').where('certificate_id', '=', earlier).execute()).length, 0);
});
