import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '../db/database';
import { ForbiddenError, InvalidInputError } from '../errors';
import { createDatabaseBlobStore } from '../storage/database-blob-store';
import { createFilesystemBlobStore } from '../storage/filesystem-blob-store';
import { sha256Hex } from '../storage/blob-store';
import { createTestDatabase } from '../test-support/database';
import { createIssuance, IdempotencyKeyReusedError, type CertificateRequest, type IssuanceDeps } from './issuance';
import { InvalidTransitionError } from './lifecycle';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import type { CertificateToProduce } from './ports';
import { createRevocation } from './revocation';
import { signerCheckOf } from '../test-support/signers';

let database: DatabaseHandle;
let facilityId: string;
let doctorId: string;
let otherDoctorId: string;
let clock: Date;
let produced: CertificateToProduce[];
let failNextProduce: boolean;
let audit: AuditLog;

before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const facility = await db
    .insertInto('facilities')
    .values({ licence_number: `F-${randomUUID()}`, kind: 'medical_clinic', name_th: 'คลินิกทดสอบ', name_en: 'Test Clinic', province: 'TH-10', address: 'Bangkok', free_until: new Date('2028-01-01') })
    .returning('id')
    .executeTakeFirstOrThrow();
  facilityId = facility.id;
  const insertDoctor = async (licence: string) =>
    (await db.insertInto('practitioners').values({ profession: 'physician', licence_number: licence, name_th: 'หมอ', name_en: 'Doctor', national_id: null }).returning('id').executeTakeFirstOrThrow()).id;
  doctorId = await insertDoctor(`ว.${Date.now()}`);
  otherDoctorId = await insertDoctor(`ว.${Date.now() + 1}`);
});
after(() => database.close());

beforeEach(() => {
  clock = new Date('2026-11-24T03:00:00Z');
  produced = [];
  failNextProduce = false;
  audit = createAuditLog({ db: database.db });
});

function deps(overrides: Partial<IssuanceDeps> = {}): IssuanceDeps {
  return {
    db: database.db,
    blobs: createDatabaseBlobStore(database.db),
    types: {
      validate: (type, data) => {
        if (type !== 'sick-leave') throw new InvalidInputError(`Unknown certificate type "${type}".`);
        if (typeof (data as { days?: unknown }).days !== 'number') throw new InvalidInputError('data.days must be a number.');
      },
      schema: () => ({ type: 'object', properties: { days: { type: 'integer' } } }),
      carriesEuDcc: () => false,
    },
    signers: {
      assertMaySign: async (practitionerId, facility) => {
        if (practitionerId === otherDoctorId) throw new ForbiddenError('This practitioner is not a signer at the facility.');
        return signerCheckOf(practitionerId, facility);
      },
    },
    producer: {
      produce: async (certificate) => {
        if (failNextProduce) {
          failNextProduce = false;
          throw new Error('killed mid-signing');
        }
        produced.push(certificate);
        return { pdf: new TextEncoder().encode(`%PDF-1.7 ${certificate.id} ${randomUUID()}`), qrPayload: `MC1:${certificate.id}` };
      },
    },
    audit,
    now: () => clock,
    leaseMs: 30_000,
    ...overrides,
  };
}

function request(overrides: Partial<CertificateRequest> = {}): CertificateRequest {
  return { type: 'sick-leave', data: { days: 2 }, patient: { nationalId: '1101700203450', nameEn: 'Namfon Tangjaidee', nameTh: 'น้ำฝน ตั้งใจดี' }, facilityId, practitionerId: doctorId, ...overrides };
}

async function row(id: string) {
  return database.db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('accepting a certificate', () => {
  test('with signing consent it is produced, stored with its SHA-256 and issued', async () => {
    const issuance = createIssuance(deps());
    const accepted = await issuance.accept(request(), { source: 'his', actor: 'client-1', signNow: true });
    assert.equal(accepted.status, 'issued');
    const stored = await row(accepted.id);
    assert.equal(stored.status, 'issued');
    const pdf = await createDatabaseBlobStore(database.db).get(stored.pdf_key!);
    assert.ok(pdf);
    assert.equal(stored.pdf_sha256, sha256Hex(pdf));
    assert.equal(stored.qr_payload, `MC1:${accepted.id}`);
    await audit.flush();
    const events = await database.db.selectFrom('audit_events').selectAll().where('target_id', '=', accepted.id).orderBy('seq').execute();
    assert.deepEqual(events.map((e) => e.action), ['certificate.accepted', 'certificate.issued']);
    assert.ok(!JSON.stringify(events).includes('1101700203450'), 'no national ID in audit events');
    assert.equal((await audit.verifyChain()).intact, true);
  });

  test('without consent it waits for the practitioner, who alone may approve it', async () => {
    const issuance = createIssuance(deps());
    const accepted = await issuance.accept(request(), { source: 'station', actor: 'staff-1', signNow: false });
    assert.equal(accepted.status, 'pending_signature');
    assert.equal(produced.length, 0);
    await assert.rejects(issuance.approve(otherDoctorId, [accepted.id], 'user-2'), ForbiddenError);
    const [approved] = await issuance.approve(doctorId, [accepted.id], 'user-1');
    assert.equal(approved!.status, 'issued');
    await assert.rejects(issuance.approve(doctorId, [accepted.id], 'user-1'), InvalidTransitionError);
  });

  test('invalid data or an ineligible signer writes nothing', async () => {
    const issuance = createIssuance(deps());
    const before = await database.db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(issuance.accept(request({ data: { days: 'two' } }), { source: 'his', actor: 'c', signNow: true }), InvalidInputError);
    await assert.rejects(issuance.accept(request({ type: 'nope' }), { source: 'his', actor: 'c', signNow: true }), InvalidInputError);
    await assert.rejects(issuance.accept(request({ practitionerId: otherDoctorId }), { source: 'his', actor: 'c', signNow: true }), ForbiddenError);
    await assert.rejects(issuance.accept(request({ patient: { nameEn: 'No Identifier' } }), { source: 'his', actor: 'c', signNow: true }), InvalidInputError);
    await assert.rejects(issuance.accept(request({ patient: { nationalId: '1101700203451', nameEn: 'Wrong Check Digit' } }), { source: 'his', actor: 'c', signNow: true }), /check digit/);
    const afterCount = await database.db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });
});

describe('idempotency keys', () => {
  test('the same key and body give the same certificate; another body is a conflict', async () => {
    const issuance = createIssuance(deps());
    const idempotency = { scope: 'client-1', key: randomUUID() };
    const first = await issuance.accept(request(), { source: 'his', actor: 'client-1', signNow: true, idempotency });
    const again = await issuance.accept(request(), { source: 'his', actor: 'client-1', signNow: true, idempotency });
    assert.equal(again.id, first.id);
    assert.equal(again.replayed, true);
    assert.equal(produced.length, 1);
    await assert.rejects(issuance.accept(request({ data: { days: 3 } }), { source: 'his', actor: 'client-1', signNow: true, idempotency }), IdempotencyKeyReusedError);
  });

  test('concurrent requests with one key create one certificate', async () => {
    const issuance = createIssuance(deps());
    const idempotency = { scope: 'client-1', key: randomUUID() };
    const results = await Promise.all(Array.from({ length: 6 }, () => issuance.accept(request(), { source: 'his', actor: 'client-1', signNow: true, idempotency })));
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    const rows = await database.db.selectFrom('idempotency_keys').select('certificate_id').where('key', '=', idempotency.key).execute();
    assert.equal(rows.length, 1);
  });
});

describe('crash safety', () => {
  test('a producer that dies leaves the certificate signing; after the lease it is resumed and issued once', async () => {
    failNextProduce = true;
    const issuance = createIssuance(deps());
    const idempotency = { scope: 'client-1', key: randomUUID() };
    await assert.rejects(issuance.accept(request(), { source: 'his', actor: 'client-1', signNow: true, idempotency }), /killed mid-signing/);
    const [pending] = await database.db.selectFrom('idempotency_keys').select('certificate_id').where('key', '=', idempotency.key).execute();
    const interrupted = await row(pending!.certificate_id);
    assert.equal(interrupted.status, 'signing');
    assert.deepEqual([interrupted.issued_at, interrupted.signing_lease_until], [clock, new Date(clock.getTime() + 30_000)], 'accepted holding the lease, its issue time fixed');

    assert.equal(await issuance.resumeInterrupted(), 0, 'a live lease is left alone');
    clock = new Date(clock.getTime() + 31_000);
    assert.ok((await issuance.resumeInterrupted()) >= 1);
    assert.equal((await row(pending!.certificate_id)).status, 'issued');
    const retried = await issuance.accept(request(), { source: 'his', actor: 'client-1', signNow: true, idempotency });
    assert.equal(retried.id, pending!.certificate_id);
    assert.equal(produced.filter((c) => c.id === retried.id).length, 1);
  });

  test('a PDF stored before the crash is reused, not signed again', async () => {
    const issuance = createIssuance(deps());
    const accepted = await issuance.accept(request(), { source: 'station', actor: 'staff', signNow: false });
    const blobs = createDatabaseBlobStore(database.db);
    await database.db.updateTable('certificates').set({ status: 'signing', qr_payload: 'MC1:stored', issued_at: clock }).where('id', '=', accepted.id).execute();
    await blobs.put(`certificates/${accepted.id}.pdf`, new TextEncoder().encode('%PDF-1.7 stored'), 'application/pdf');
    assert.equal(await issuance.produce(accepted.id), 'issued');
    assert.equal(produced.length, 0);
    assert.equal((await row(accepted.id)).pdf_sha256, sha256Hex(new TextEncoder().encode('%PDF-1.7 stored')));
  });
});

describe('storing the PDF', () => {
  /** An audit log that fails the first `certificate.issued` event, as a crash before the completion commits would. */
  function auditFailingIssued(): IssuanceDeps['audit'] {
    let failed = false;
    return {
      append: async (event, within) => {
        if (event.action === 'certificate.issued' && !failed) {
          failed = true;
          throw new Error('killed before completion');
        }
        return audit.append(event, within);
      },
      recording: (event, db) => audit.recording(event, db),
    };
  }

  test('in the database, the PDF, its QR payload and the issued status commit together', async () => {
    const blobs = createDatabaseBlobStore(database.db);
    const issuance = createIssuance(deps({ audit: auditFailingIssued() }));
    await assert.rejects(issuance.accept(request(), { source: 'his', actor: 'c', signNow: true }), /killed before completion/);
    const [interrupted] = produced;
    assert.ok(interrupted);
    const left = await row(interrupted.id);
    assert.deepEqual([left.status, left.qr_payload, left.pdf_key], ['signing', null, null]);
    assert.equal(await blobs.get(`certificates/${interrupted.id}.pdf`), undefined, 'no PDF without its certificate issued');
    clock = new Date(clock.getTime() + 31_000);
    assert.equal(await issuance.resumeInterrupted(), 1);
    const issued = await row(interrupted.id);
    assert.equal(issued.status, 'issued');
    assert.equal(issued.pdf_sha256, sha256Hex((await blobs.get(issued.pdf_key!))!));
    assert.equal(produced.length, 2, 'signed again, as nothing of the first attempt was kept');
  });

  test('in a filesystem store, the QR payload is saved and the PDF stored before the completion, which reuses them after a crash', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-issuance-blobs-'));
    try {
      const blobs = createFilesystemBlobStore(directory);
      const issuance = createIssuance(deps({ blobs, audit: auditFailingIssued() }));
      await assert.rejects(issuance.accept(request(), { source: 'his', actor: 'c', signNow: true }), /killed before completion/);
      const [interrupted] = produced;
      assert.ok(interrupted);
      const left = await row(interrupted.id);
      assert.deepEqual([left.status, left.qr_payload], ['signing', `MC1:${interrupted.id}`]);
      const pdf = await blobs.get(`certificates/${interrupted.id}.pdf`);
      assert.ok(pdf);
      clock = new Date(clock.getTime() + 31_000);
      assert.equal(await issuance.resumeInterrupted(), 1);
      const issued = await row(interrupted.id);
      assert.deepEqual([issued.status, issued.pdf_sha256], ['issued', sha256Hex(pdf)]);
      assert.equal(produced.length, 1, 'the stored PDF is reused, not signed again');
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('revoke and supersede', () => {
  test('an issued certificate is revoked with a reason; a pending one cannot be', async () => {
    const issuance = createIssuance(deps());
    const revocation = createRevocation({ db: database.db, audit, now: () => clock });
    const issued = await issuance.accept(request(), { source: 'his', actor: 'c', signNow: true });
    const pending = await issuance.accept(request(), { source: 'his', actor: 'c', signNow: false });
    await assert.rejects(revocation.revoke(issued.id, facilityId, ' ', 'admin'), InvalidInputError);
    await assert.rejects(revocation.revoke(pending.id, facilityId, 'issued in error', 'admin'), InvalidTransitionError);
    await assert.rejects(revocation.revoke(issued.id, randomUUID(), 'issued in error', 'admin'), /No such certificate/);
    assert.equal((await revocation.revoke(issued.id, facilityId, 'issued in error', 'admin')).status, 'revoked');
    const revoked = await row(issued.id);
    assert.equal(revoked.revocation_reason, 'issued in error');
    assert.deepEqual(revoked.revoked_at, clock);
    await assert.rejects(revocation.revoke(issued.id, facilityId, 'again', 'admin'), InvalidTransitionError);
  });

  test('a correction supersedes the original when it is issued, and points to it', async () => {
    const issuance = createIssuance(deps());
    const original = await issuance.accept(request(), { source: 'his', actor: 'c', signNow: true });
    const correction = await issuance.accept(request({ data: { days: 3 }, supersedes: original.id, correctionReason: 'Wrong number of days' }), { source: 'his', actor: 'c', signNow: false });
    assert.equal((await row(correction.id)).correction_reason, 'Wrong number of days', 'the reason is stored with the row');
    await assert.rejects(issuance.accept(request({ correctionReason: 'no original' }), { source: 'his', actor: 'c', signNow: false }), InvalidInputError);
    assert.equal((await row(original.id)).status, 'issued', 'the original stays valid until the correction is signed');
    await issuance.approve(doctorId, [correction.id], 'doctor');
    const superseded = await row(original.id);
    assert.equal(superseded.status, 'superseded');
    assert.equal(superseded.superseded_by, correction.id);
    assert.equal((await row(correction.id)).supersedes, original.id);
    await assert.rejects(issuance.accept(request({ supersedes: original.id }), { source: 'his', actor: 'c', signNow: true }), InvalidTransitionError);
    // The completions' events, each once and in order: the original issued, the correction issued, the original superseded.
    const events = (await audit.listForFacility(facilityId, { limit: 10_000 })).filter((event) => [original.id, correction.id].includes(event.targetId) && event.actor === 'system');
    assert.deepEqual(
      events.map((event) => [event.action, event.targetId, event.details]),
      [
        ['certificate.issued', original.id, { type: 'sick-leave', sha256: (await row(original.id)).pdf_sha256 }],
        ['certificate.issued', correction.id, { type: 'sick-leave', sha256: (await row(correction.id)).pdf_sha256 }],
        ['certificate.superseded', original.id, { supersededBy: correction.id }],
      ],
    );
  });
});
