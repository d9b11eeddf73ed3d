import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Caller } from '../accounts/caller';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import type { DatabaseHandle } from '../db/database';
import { pendingCitizenNotifications } from '../delivery/citizen-notifications';
import { ForbiddenError } from '../errors';
import { createDatabaseBlobStore } from '../storage/database-blob-store';
import { createTestDatabase } from '../test-support/database';
import { maxAttachmentBytes } from './attachments';
import { AttachmentTooLargeError, ComplaintNotFoundError, ComplaintResponseRefusedError, IneligibleOfficerError, InvalidComplaintError, InvalidComplaintTransitionError, PublicFacilityComplaintError, UnknownComplaintFacilityError, UnsupportedAttachmentError } from './errors';
import { createComplaintService, type ComplaintService } from './service';
import type { ComplaintStatus } from './tables';
import { addFacility, addOfficer, callers, sampleFiles } from './test-support';

const day = 24 * 60 * 60 * 1000;
let database: DatabaseHandle;
let service: ComplaintService;
let auditLog: AuditLog;
let clock = new Date('2026-03-10T03:00:00Z');
const f = { clinicCm: '', hospitalCm: '', publicCm: '', clinicBkk: '' };
let officerCm: Caller;
let officerBkk: Caller;
const alice = callers.citizen('subject-alice');
const bob = callers.citizen('subject-bob');
const description = 'I was charged twice for the same blood test and the clinic refused a refund.';

before(async () => {
  database = await createTestDatabase();
  auditLog = createAuditLog({ db: database.db, now: () => clock });
  service = createComplaintService({ db: database.db, blobs: createDatabaseBlobStore(database.db), audit: auditLog, now: () => clock });
  f.clinicCm = await addFacility(database.db, 'medical_clinic', 'TH-50');
  f.hospitalCm = await addFacility(database.db, 'private_hospital', 'TH-50');
  f.publicCm = await addFacility(database.db, 'public_hospital', 'TH-50');
  f.clinicBkk = await addFacility(database.db, 'dental_clinic', 'TH-10');
  officerCm = await addOfficer(database.db, 'TH-50');
  officerBkk = await addOfficer(database.db, 'TH-10');
});
after(() => database.close());

const file = (by: Caller = alice, facilityId = f.clinicCm, extra: Partial<Parameters<ComplaintService['file']>[1]> = {}) =>
  service.file(by, { facilityId, category: 'overcharging', description, visitDate: '2026-03-01', ...extra });

async function counts() {
  await auditLog.flush();
  const [complaints, blobs, steps, notifications, audit] = await Promise.all(
    (['complaints', 'blobs', 'complaint_steps', 'citizen_notifications', 'audit_events'] as const).map(async (table) => Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)),
  );
  return { complaints, blobs, steps, notifications, audit };
}

/** Files a complaint and walks it to `status` as the Chiang Mai officer. */
async function complaintIn(status: ComplaintStatus): Promise<string> {
  const { id } = await file();
  const path: ComplaintStatus[] = { submitted: [], triaged: ['triaged'], investigating: ['triaged', 'investigating'], resolved: ['triaged', 'investigating', 'resolved'], dismissed: ['triaged', 'investigating', 'dismissed'] }[status] as ComplaintStatus[];
  for (const to of path) await service.advance(officerCm, id, { to, note: `moved to ${to}` });
  return id;
}

describe('the complaint workflow', () => {
  test('a citizen files, an officer triages, investigates and resolves, the facility responds: each step noted, notified and audited', async () => {
    const { id } = await file(alice, f.clinicCm, { attachments: [sampleFiles.png, sampleFiles.pdf] });
    const filed = await service.get(alice, id);
    assert.equal(filed.status, 'submitted');
    assert.equal(filed.view, 'citizen');
    assert.equal(filed.facility.kind, 'medical_clinic');
    assert.equal(filed.visitDate, '2026-03-01');
    assert.deepEqual(filed.attachments?.map((a) => a.contentType), ['image/png', 'application/pdf']);
    assert.equal(filed.dueAt?.getTime(), clock.getTime() + 3 * day);

    await service.advance(officerCm, id, { to: 'triaged', note: 'Billing complaint, plausible.' });
    await service.advance(officerCm, id, { to: 'investigating', note: 'Asked the clinic for the invoices.' });
    await service.respond(callers.member(f.clinicCm, 'admin'), id, 'We refunded the duplicate charge on 12 March.');
    await service.advance(officerCm, id, { to: 'resolved', note: 'Refund confirmed.' });

    const done = await service.get(officerCm, id);
    assert.equal(done.status, 'resolved');
    assert.equal(done.dueAt, null);
    assert.equal(done.overdue, false);
    assert.ok(done.closedAt);
    assert.equal(done.assignedOfficerId, officerCm.id, 'the triaging officer takes the complaint');
    assert.equal(done.citizenSubjectKey, 'subject-alice');
    assert.deepEqual(done.steps.map((s) => [s.from, s.to]), [[null, 'submitted'], ['submitted', 'triaged'], ['triaged', 'investigating'], ['investigating', 'resolved']]);
    assert.equal(done.steps[3]!.note, 'Refund confirmed.');
    assert.equal(done.response?.text, 'We refunded the duplicate charge on 12 March.');

    const kinds = (await pendingCitizenNotifications(database.db, 1000)).filter((n) => n.complaintId === id).map((n) => [n.subjectKey, n.kind]);
    assert.deepEqual(kinds, ['submitted', 'triaged', 'investigating', 'facility_responded', 'resolved'].map((k) => ['subject-alice', `complaint.${k}`]));

    await auditLog.flush();
    const events = await database.db.selectFrom('audit_events').select(['action', 'details', 'facility_id']).where('target_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(events.map((e) => e.action), ['complaint.submitted', 'complaint.triaged', 'complaint.investigating', 'complaint.facility_responded', 'complaint.resolved']);
    assert.ok(events.every((e) => e.facility_id === f.clinicCm));
    const audited = JSON.stringify(events);
    for (const text of ['charged twice', 'Billing complaint', 'refunded', 'subject-alice']) assert.ok(!audited.includes(text), `no complaint text in the audit log (${text})`);
  });

  test('investigating may end dismissed', async () => {
    const id = await complaintIn('dismissed');
    assert.equal((await service.get(alice, id)).status, 'dismissed');
  });

  const refused: [ComplaintStatus, ComplaintStatus][] = [
    ['submitted', 'investigating'],
    ['submitted', 'resolved'],
    ['submitted', 'dismissed'],
    ['submitted', 'submitted'],
    ['triaged', 'resolved'],
    ['triaged', 'dismissed'],
    ['triaged', 'triaged'],
    ['investigating', 'triaged'],
    ['resolved', 'investigating'],
    ['resolved', 'dismissed'],
    ['dismissed', 'resolved'],
    ['dismissed', 'triaged'],
  ];
  for (const [from, to] of refused) {
    test(`a ${from} complaint cannot become ${to}, and nothing is written`, async () => {
      const id = await complaintIn(from);
      const before = await counts();
      await assert.rejects(service.advance(officerCm, id, { to, note: 'try' }), InvalidComplaintTransitionError);
      assert.deepEqual(await counts(), before);
      assert.equal((await service.get(alice, id)).status, from);
    });
  }

  test('a step without a note is refused', async () => {
    const { id } = await file();
    await assert.rejects(service.advance(officerCm, id, { to: 'triaged', note: '   ' }), InvalidComplaintError);
  });
});

describe('filing', () => {
  test('a public hospital is refused with its own problem, and nothing is written', async () => {
    const before = await counts();
    await assert.rejects(file(alice, f.publicCm, { attachments: [sampleFiles.png] }), PublicFacilityComplaintError);
    assert.deepEqual(await counts(), before);
  });

  test('a private hospital and clinics of every private kind are accepted', async () => {
    for (const facilityId of [f.hospitalCm, f.clinicBkk]) assert.ok((await file(alice, facilityId)).id);
  });

  test('bad fields are refused before anything is written', async () => {
    const before = await counts();
    await assert.rejects(file(alice, f.clinicCm, { visitDate: '2026-03-11' }), /future/);
    await assert.rejects(file(alice, f.clinicCm, { visitDate: '2026-02-30' }), InvalidComplaintError);
    await assert.rejects(file(alice, f.clinicCm, { visitDate: '2020-01-01' }), InvalidComplaintError);
    await assert.rejects(file(alice, f.clinicCm, { category: 'rudeness' }), InvalidComplaintError);
    await assert.rejects(file(alice, f.clinicCm, { description: 'too short' }), InvalidComplaintError);
    await assert.rejects(file(alice, f.clinicCm, { description: 'x'.repeat(4001) }), InvalidComplaintError);
    await assert.rejects(file(alice, '00000000-0000-4000-8000-000000000000'), UnknownComplaintFacilityError);
    assert.deepEqual(await counts(), before);
  });

  test('the visit date is the Thai calendar day: today in Bangkok is accepted though it is still yesterday in UTC', async () => {
    const saved = clock;
    clock = new Date('2026-03-10T20:00:00Z');
    try {
      assert.ok((await file(alice, f.clinicCm, { visitDate: '2026-03-11' })).id);
    } finally {
      clock = saved;
    }
  });

  test('only a signed-in citizen files', async () => {
    for (const caller of [officerCm, callers.operator(), callers.member(f.clinicCm, 'admin'), callers.client(f.clinicCm)]) await assert.rejects(file(caller), ForbiddenError);
  });

  describe('attachments', () => {
    const refusals: [string, Uint8Array[], new (...args: never[]) => Error][] = [
      ['a GIF', [sampleFiles.gif], UnsupportedAttachmentError],
      ['text named like a picture', [sampleFiles.text], UnsupportedAttachmentError],
      ['an empty file', [new Uint8Array()], UnsupportedAttachmentError],
      ['a file over 5 MB', [new Uint8Array(maxAttachmentBytes + 1).fill(0xff)], AttachmentTooLargeError],
      ['six files', Array.from({ length: 6 }, () => sampleFiles.jpeg), UnsupportedAttachmentError],
      ['a good file beside a bad one', [sampleFiles.png, sampleFiles.gif], UnsupportedAttachmentError],
    ];
    for (const [what, files, error] of refusals) {
      test(`${what} is refused and nothing is written`, async () => {
        const before = await counts();
        await assert.rejects(file(alice, f.clinicCm, { attachments: files }), error);
        assert.deepEqual(await counts(), before);
      });
    }

    test('a 5 MB JPEG is accepted and kept with its SHA-256', async () => {
      const big = new Uint8Array(maxAttachmentBytes).fill(7);
      big.set(sampleFiles.jpeg);
      const { id } = await file(alice, f.clinicCm, { attachments: [big] });
      const [attachment] = (await service.get(alice, id)).attachments!;
      assert.equal(attachment!.size, maxAttachmentBytes);
      assert.match(attachment!.sha256, /^[0-9a-f]{64}$/);
      const stored = await service.attachment(alice, id, attachment!.id);
      assert.equal(stored.contentType, 'image/jpeg');
      assert.equal(stored.bytes.byteLength, maxAttachmentBytes);
    });

    test('the citizen adds attachments until triage, up to five in all', async () => {
      const { id } = await file(alice, f.clinicCm, { attachments: [sampleFiles.png, sampleFiles.png, sampleFiles.png] });
      await assert.rejects(service.attach(bob, id, [sampleFiles.png]), ComplaintNotFoundError);
      await assert.rejects(service.attach(alice, id, [sampleFiles.png, sampleFiles.png, sampleFiles.png]), UnsupportedAttachmentError);
      assert.deepEqual(await service.attach(alice, id, [sampleFiles.pdf, sampleFiles.jpeg]), { attached: 2 });
      assert.equal((await service.get(alice, id)).attachmentCount, 5);
      const triaged = await complaintIn('triaged');
      await assert.rejects(service.attach(alice, triaged, [sampleFiles.png]), InvalidComplaintError);
    });
  });
});

describe('who sees what', () => {
  let id: string;
  beforeEach(async () => {
    id = (await file(alice, f.clinicCm, { attachments: [sampleFiles.png] })).id;
    await service.advance(officerCm, id, { to: 'triaged', note: 'Officer note about the patient history.' });
  });

  test("citizen B cannot read citizen A's complaint, nor find it in a list", async () => {
    await assert.rejects(service.get(bob, id), ComplaintNotFoundError);
    await assert.rejects(service.attachment(bob, id, (await service.get(alice, id)).attachments![0]!.id), ComplaintNotFoundError);
    assert.ok(!(await service.list(bob)).some((c) => c.id === id));
    assert.ok((await service.list(alice)).some((c) => c.id === id));
  });

  test("an officer of another province gets not found, reading or acting, and lists none of Chiang Mai's", async () => {
    await assert.rejects(service.get(officerBkk, id), ComplaintNotFoundError);
    await assert.rejects(service.advance(officerBkk, id, { to: 'investigating', note: 'x' }), ComplaintNotFoundError);
    await assert.rejects(service.assign(officerBkk, id, officerBkk.id), ComplaintNotFoundError);
    assert.ok((await service.list(officerBkk)).every((c) => c.facility.province === 'TH-10'));
    assert.ok((await service.list(officerCm)).some((c) => c.id === id));
  });

  test('a platform operator sees and moves every complaint', async () => {
    const operator = callers.operator();
    assert.equal((await service.get(operator, id)).view, 'staff');
    const provinces = new Set((await service.list(operator, { limit: 200 })).map((c) => c.facility.province));
    assert.deepEqual([...provinces].sort(), ['TH-10', 'TH-50']);
    await service.advance(operator, id, { to: 'investigating', note: 'Taken over by the ministry.' });
  });

  test("the facility's admin sees the complaint without the citizen's identity, the notes or the attachments", async () => {
    const admin = callers.member(f.clinicCm, 'admin');
    const seen = await service.get(admin, id);
    assert.equal(seen.view, 'facility');
    assert.equal(seen.description, description);
    assert.equal(seen.citizenSubjectKey, undefined);
    assert.equal(seen.assignedOfficerId, undefined);
    assert.equal(seen.attachments, undefined);
    assert.equal(seen.attachmentCount, 1);
    assert.ok(seen.steps.every((s) => s.note === undefined && s.actor === undefined));
    const listed = await service.list(admin);
    assert.ok(listed.some((c) => c.id === id) && listed.every((c) => c.facility.id === f.clinicCm));
    await assert.rejects(service.attachment(admin, id, (await service.get(alice, id)).attachments![0]!.id), ComplaintNotFoundError);
  });

  test("staff, signers and the HIS of the facility, and admins of another, see nothing", async () => {
    for (const caller of [callers.member(f.clinicCm, 'staff'), callers.member(f.clinicCm, 'signer'), callers.client(f.clinicCm), callers.member(f.clinicBkk, 'admin')]) {
      await assert.rejects(service.get(caller, id), ComplaintNotFoundError);
      assert.ok(!(await service.list(caller)).some((c) => c.id === id));
    }
  });

  test('the citizen and the facility admin see the complaint but cannot move it', async () => {
    await assert.rejects(service.advance(alice, id, { to: 'investigating', note: 'self-service' }), ForbiddenError);
    await assert.rejects(service.advance(callers.member(f.clinicCm, 'admin'), id, { to: 'investigating', note: 'closing it' }), ForbiddenError);
  });

  test('the facility responds once, only through its admin, and not after the complaint is closed', async () => {
    await assert.rejects(service.respond(callers.operator(), id, 'On behalf of the clinic'), ForbiddenError);
    await assert.rejects(service.respond(officerCm, id, 'On behalf of the clinic'), ForbiddenError);
    await assert.rejects(service.respond(callers.member(f.clinicBkk, 'admin'), id, 'Wrong clinic'), ComplaintNotFoundError);
    const admin = callers.member(f.clinicCm, 'admin');
    await service.respond(admin, id, 'We are looking into it.');
    await assert.rejects(service.respond(admin, id, 'A second answer'), ComplaintResponseRefusedError);
    const closed = await complaintIn('dismissed');
    await assert.rejects(service.respond(admin, closed, 'Too late'), ComplaintResponseRefusedError);
  });

  test('a complaint is assigned only to an active officer of its province', async () => {
    const colleague = await addOfficer(database.db, 'TH-50');
    await assert.rejects(service.assign(officerCm, id, officerBkk.id), IneligibleOfficerError);
    await assert.rejects(service.assign(officerCm, id, alice.id), IneligibleOfficerError);
    await service.assign(callers.operator(), id, colleague.id);
    assert.equal((await service.get(officerCm, id)).assignedOfficerId, colleague.id);
  });
});

describe('the SLA clock', () => {
  test('triage is due three days after filing, resolution thirty days after triage; overdue ones are listed by the filter', async () => {
    const saved = clock;
    try {
      const { id } = await file(alice, f.hospitalCm);
      const filedAt = clock.getTime();
      clock = new Date(filedAt + 3 * day - 1000);
      assert.equal((await service.get(officerCm, id)).overdue, false);
      assert.ok(!(await service.list(officerCm, { overdue: true, limit: 200 })).some((c) => c.id === id));

      clock = new Date(filedAt + 3 * day + 1000);
      const late = await service.get(officerCm, id);
      assert.equal(late.overdue, true);
      assert.equal(late.dueAt?.getTime(), filedAt + 3 * day);
      assert.ok((await service.list(officerCm, { overdue: true, limit: 200 })).some((c) => c.id === id));
      assert.ok(!(await service.list(officerCm, { overdue: false, limit: 200 })).some((c) => c.id === id));

      await service.advance(officerCm, id, { to: 'triaged', note: 'Late triage.' });
      const triaged = await service.get(officerCm, id);
      assert.equal(triaged.overdue, false);
      assert.equal(triaged.dueAt?.getTime(), clock.getTime() + 30 * day);

      clock = new Date(clock.getTime() + 31 * day);
      assert.equal((await service.get(alice, id)).overdue, true);
      assert.ok((await service.list(officerCm, { overdue: true, status: 'triaged', limit: 200 })).some((c) => c.id === id));
    } finally {
      clock = saved;
    }
  });
});
