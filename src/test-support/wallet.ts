/** A wallet on in-memory PGlite for tests: a clinic and a doctor, certificates filed under chosen subject keys, a capturing SMS sender and a movable clock. */
import { randomUUID } from 'node:crypto';
import { createAuditLog } from '../audit/audit-log';
import type { CertificateStatus } from '../certificates/tables';
import type { DatabaseHandle } from '../db/database';
import { rememberContactPhone } from '../delivery/citizen-contacts';
import { subjectKeyOf, type CitizenIdentifier } from '../delivery/otp-sign-in';
import { createWallet, type Wallet } from '../delivery/wallet';
import { demoFacility, demoPractitioner } from '../demo/seed';
import { RegistryService } from '../registry/service';
import { createDatabaseBlobStore } from '../storage/database-blob-store';
import { createTestDatabase } from './database';

export interface WalletFixture {
  database: DatabaseHandle;
  wallet: Wallet;
  /** Codes "sent", newest last. */
  sent: { phone: string; code: string }[];
  clock: { now: Date };
  facilityId: string;
  /** A citizen with this phone on file; answers their subject key. */
  addCitizen(identifier: CitizenIdentifier, phone: string): Promise<string>;
  addCertificate(subjectKey: string, options?: { status?: CertificateStatus; nameEn?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function createWalletFixture(): Promise<WalletFixture> {
  const database = await createTestDatabase();
  const { db } = database;
  const registry = new RegistryService(db);
  const facility = await registry.createFacility(demoFacility);
  const practitioner = await registry.createPractitioner(demoPractitioner);
  const audit = createAuditLog({ db });
  const blobs = createDatabaseBlobStore(db);
  const sent: { phone: string; code: string }[] = [];
  const clock = { now: new Date('2026-03-01T09:00:00Z') };
  const wallet = createWallet({
    db,
    blobs,
    audit,
    sms: { sendOneTimeCode: async ({ phone, code }) => void sent.push({ phone, code }) },
    kek: 'test-kek-for-the-wallet',
    typeName: (typeId) => (typeId === 'sick-leave' ? { th: 'ใบรับรองแพทย์ลาป่วย', en: 'Sick leave certificate' } : null),
    startSession: async () => ({ token: randomUUID(), csrfToken: 'csrf', expiresAt: new Date(clock.now.getTime() + 3_600_000) }),
    now: () => clock.now,
  });
  return {
    database,
    wallet,
    sent,
    clock,
    facilityId: facility.id,
    async addCitizen(identifier, phone) {
      const subjectKey = subjectKeyOf(identifier);
      await rememberContactPhone(db, subjectKey, phone);
      return subjectKey;
    },
    async addCertificate(subjectKey, options = {}) {
      const id = randomUUID();
      const pdfKey = `certificates/${id}.pdf`;
      await blobs.put(pdfKey, new TextEncoder().encode(`%PDF-1.7 test certificate ${id}`), 'application/pdf');
      await db
        .insertInto('certificates')
        .values({
          id,
          type: 'sick-leave',
          facility_id: facility.id,
          practitioner_id: practitioner.id,
          status: options.status ?? 'issued',
          source: 'his',
          level: 'B-B',
          data: JSON.stringify({ diagnosis: 'private' }),
          patient: JSON.stringify({ nameEn: options.nameEn ?? 'Somchai Jaidee', nameTh: 'สมชาย ใจดี', nationalId: '1103702071811' }),
          subject_key: subjectKey,
          created_by: 'test',
          issued_at: clock.now,
          revoked_at: null,
          revocation_reason: null,
          supersedes: null,
          superseded_by: null,
          signing_lease_until: null,
          pdf_key: pdfKey,
          pdf_sha256: null,
          qr_payload: `MC1:TEST${id}`,
        })
        .execute();
      return id;
    },
    close: () => database.close(),
  };
}
