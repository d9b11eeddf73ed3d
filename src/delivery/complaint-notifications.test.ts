import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { newOpaqueToken, tokenDigest } from '../accounts/opaque-token';
import { sessionCookie } from '../accounts/sessions';
import { addFacility, addOfficer, callers } from '../complaints/test-support';
import type { Caller } from '../accounts/caller';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { startJobQueue, type JobQueue } from '../jobs/queue';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { startFakeLine, type FakeLine } from '../test-support/fake-line';
import { createComplaintLinePush, type ComplaintLinePush } from './complaint-line-push';
import { enqueueCitizenNotification } from './citizen-notifications';
import { complaintReference } from './complaint-notices';
import { createLineClient } from './line-api';

let database: DatabaseHandle;
let ctx: AppContext;
let app: FastifyInstance;
let queue: JobQueue;
let fake: FakeLine;
let push: ComplaintLinePush;
let facilityId: string;
let officer: Caller;
const cookies: Record<string, string> = {};
const linkedUser = `U${'b2'.repeat(16)}`;
const description = 'The nurse told my neighbours about my HIV test result.';

async function citizenSession(name: string, subjectKey: string): Promise<void> {
  const user = await database.db
    .insertInto('users')
    .values({ username: name, password_hash: 'x', totp_secret_sealed: null, totp_last_step: null, platform_role: 'citizen', practitioner_id: null, citizen_subject_key: subjectKey, province: null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = newOpaqueToken();
  await database.db.insertInto('sessions').values({ token_hash: tokenDigest(token), user_id: user.id, expires_at: new Date(Date.now() + 3_600_000) }).execute();
  cookies[name] = `${sessionCookie}=${token}`;
}

const file = async (subjectKey: string) => (await ctx.complaints.file(callers.citizen(subjectKey), { facilityId, category: 'privacy', description, visitDate: '2026-01-15' })).id;
const notifications = (complaintId: string) => database.db.selectFrom('citizen_notifications').selectAll().where('complaint_id', '=', complaintId).orderBy('id').execute();
const pushesAbout = (complaintId: string) => fake.pushes.filter((p) => JSON.stringify(p).includes(complaintReference(complaintId)));

async function delivered(complaintId: string, kind: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (await notifications(complaintId)).find((n) => n.kind === kind);
    if (row?.delivered_at || row?.line_abandoned_at) return row;
    if (Date.now() > deadline) assert.fail(`${kind} was not delivered in time (attempts ${row?.line_attempts}, last status ${row?.line_status})`);
    await push.relay();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

before(async () => {
  database = await createTestDatabase();
  ctx = await createAppContext(loadConfig({}), database);
  app = await buildApp(ctx, { logger: false });
  queue = await startJobQueue(database);
  fake = await startFakeLine();
  push = createComplaintLinePush({
    db: database.db,
    queue,
    client: createLineClient({ channelSecret: 'unused', channelAccessToken: fake.channelAccessToken, apiBaseUrl: fake.baseUrl }),
    walletUrl: () => 'https://medcert.example/wallet',
    options: { retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 },
  });
  await push.startWorker();
  facilityId = await addFacility(database.db, 'medical_clinic', 'TH-50');
  officer = await addOfficer(database.db, 'TH-50');
  await citizenSession('linked', 'subject-linked');
  await citizenSession('unlinked', 'subject-unlinked');
  assert.ok(await ctx.lineLinks.completeLink(await ctx.lineLinks.issueNonce('subject-linked'), linkedUser));
});

after(async () => {
  await queue.stop({ graceful: false, wait: true });
  await fake.close();
  await app.close();
  await database.close();
});

describe('complaint notifications on LINE', () => {
  test('a triage step reaches the linked citizen once after a LINE outage, naming the step, reference and facility only', async () => {
    const id = await file('subject-linked');
    await delivered(id, 'complaint.submitted');
    fake.failures.push(503, 'drop');
    const before = fake.requests.length;
    await ctx.complaints.advance(officer, id, { to: 'triaged', note: 'Looking into the nurse on duty.' });
    const row = await delivered(id, 'complaint.triaged');
    assert.ok(row.delivered_at);
    assert.equal(row.line_attempts, 3);
    assert.deepEqual(fake.requests.slice(before).map((r) => r.status), [503, 0, 200]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const triaged = pushesAbout(id).filter((p) => JSON.stringify(p).includes('reviewed by an officer'));
    assert.equal(triaged.length, 1);
    assert.equal(triaged[0]!.to, linkedUser);
    assert.equal(triaged[0]!.retryKey, row.line_retry_key);
    const shown = JSON.stringify(triaged[0]!.messages);
    for (const expected of [complaintReference(id), 'เจ้าหน้าที่รับเรื่องพิจารณาแล้ว', 'สถานพยาบาล C-', 'Facility C-']) assert.ok(shown.includes(expected), `the message shows ${expected}`);
    for (const secret of ['HIV', 'nurse', 'Looking into']) assert.ok(!shown.includes(secret), `the message leaves out ${secret}`);
  });

  test('a row queued again after a crash between queueing and marking still reaches LINE once (retry key answers 409)', async () => {
    const id = await file('subject-linked');
    const [row] = await notifications(id);
    await push.deliver(Number(row!.id));
    await database.db.updateTable('citizen_notifications').set({ delivered_at: null, line_queued_at: null }).where('id', '=', row!.id).execute();
    const again = await delivered(id, 'complaint.submitted');
    assert.equal(again.line_status, 409);
    assert.equal(pushesAbout(id).length, 1);
  });

  test('a row older than three days is left to the wallet, not pushed as a backlog', async () => {
    const id = await file('subject-linked');
    await database.db.updateTable('citizen_notifications').set({ line_queued_at: new Date() }).where('complaint_id', '=', id).execute();
    await enqueueCitizenNotification(database.db, { subjectKey: 'subject-linked', kind: 'complaint.triaged', complaintId: id }, new Date(Date.now() - 4 * 24 * 3_600_000));
    await push.relay();
    const old = (await notifications(id)).find((n) => n.kind === 'complaint.triaged');
    assert.equal(old?.line_queued_at, null);
    assert.equal(old?.delivered_at, null);
  });
});

describe('complaint notifications in the wallet', () => {
  let id: string;

  before(async () => {
    id = await file('subject-unlinked');
    await ctx.complaints.advance(officer, id, { to: 'triaged', note: 'Assigned to me.' });
  });

  test('an unlinked citizen’s rows are not queued for LINE and stay undelivered', async () => {
    await push.relay();
    const rows = await notifications(id);
    assert.deepEqual(rows.map((r) => [r.kind, r.delivered_at, r.line_queued_at]), [
      ['complaint.submitted', null, null],
      ['complaint.triaged', null, null],
    ]);
    assert.equal(pushesAbout(id).length, 0);
  });

  test('the wallet lists the citizen’s own notifications newest first, worded in Thai and English', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/wallet/notifications', headers: { cookie: cookies.unlinked! } });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['cache-control'], 'no-store');
    const listed = response.json() as { kind: string; complaintId: string; reference: string; text: { th: string; en: string } }[];
    assert.deepEqual(listed.map((n) => [n.kind, n.complaintId, n.reference]), [
      ['complaint.triaged', id, complaintReference(id)],
      ['complaint.submitted', id, complaintReference(id)],
    ]);
    assert.match(listed[0]!.text.en, new RegExp(`^Complaint ${complaintReference(id)} \\(Facility C-[^)]+\\) has been reviewed by an officer\\.$`));
    assert.match(listed[0]!.text.th, /เจ้าหน้าที่รับเรื่องพิจารณาแล้ว/);
    assert.ok(!response.body.includes('HIV'));
  });

  test('another citizen does not see them, and nobody signed out sees anything', async () => {
    const other = await app.inject({ method: 'GET', url: '/api/v1/wallet/notifications', headers: { cookie: cookies.linked! } });
    assert.equal(other.statusCode, 200, other.body);
    assert.ok(other.json().length > 0);
    assert.ok(!other.body.includes(id));
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/wallet/notifications' });
    assert.equal(anonymous.statusCode, 401);
    assert.match(String(anonymous.headers['content-type']), /^application\/problem\+json/);
  });
});
