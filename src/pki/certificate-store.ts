/** The `pki_certificates` table: every certificate the CAs issued or imported, with its revocation state. */
import * as x509 from './x509';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { CertificateOwnerKind, PkiTables } from './tables';
import { bufferSource } from './buffer-source';

export type CertificateRow = Selectable<PkiTables['pki_certificates']>;

export interface NewCertificate {
  der: Uint8Array;
  issuerId: string | null;
  keyId: string | null;
  ownerKind: CertificateOwnerKind;
  ownerId?: string | null;
  caName?: string | null;
}

/** Serials compare as lower-case hex without leading zero bytes. */
export function normalizeSerial(hex: string): string {
  return hex.toLowerCase().replace(/^(00)+(?=.)/, '');
}

export async function insertCertificate(db: Db, certificate: NewCertificate): Promise<CertificateRow> {
  const parsed = new x509.X509Certificate(bufferSource(certificate.der));
  return db
    .insertInto('pki_certificates')
    .values({
      serial: normalizeSerial(parsed.serialNumber),
      issuer_id: certificate.issuerId,
      issuer: parsed.issuer,
      subject: parsed.subject,
      der: certificate.der,
      key_id: certificate.keyId,
      owner_kind: certificate.ownerKind,
      owner_id: certificate.ownerId ?? null,
      ca_name: certificate.caName ?? null,
      not_before: parsed.notBefore,
      not_after: parsed.notAfter,
      status: 'good',
      revoked_at: null,
      revocation_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCa(db: Db, caName: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('pki_certificates').selectAll().where('ca_name', '=', caName).executeTakeFirst();
}

export async function listCas(db: Db): Promise<CertificateRow[]> {
  return db.selectFrom('pki_certificates').selectAll().where('ca_name', 'is not', null).execute();
}

/** The newest good certificate of an owner that is valid at `at`. */
export async function findCurrentForOwner(db: Db, ownerKind: CertificateOwnerKind, ownerId: string | null, at: Date): Promise<CertificateRow | undefined> {
  let query = db
    .selectFrom('pki_certificates')
    .selectAll()
    .where('owner_kind', '=', ownerKind)
    .where('status', '=', 'good')
    .where('not_before', '<=', at)
    .where('not_after', '>', at);
  query = ownerId === null ? query.where('owner_id', 'is', null) : query.where('owner_id', '=', ownerId);
  return query.orderBy('not_before', 'desc').limit(1).executeTakeFirst();
}

export async function findBySerial(db: Db, issuerId: string, serial: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('pki_certificates').selectAll().where('issuer_id', '=', issuerId).where('serial', '=', normalizeSerial(serial)).executeTakeFirst();
}

export async function findAllBySerial(db: Db, serial: string): Promise<CertificateRow[]> {
  return db.selectFrom('pki_certificates').selectAll().where('serial', '=', normalizeSerial(serial)).execute();
}

export async function listRevoked(db: Db, issuerId: string): Promise<CertificateRow[]> {
  return db.selectFrom('pki_certificates').selectAll().where('issuer_id', '=', issuerId).where('status', '=', 'revoked').orderBy('revoked_at').execute();
}

/** Marks a certificate revoked once; a second revocation keeps the first time and reason. */
export async function markRevoked(db: Db, id: string, at: Date, reason: string): Promise<CertificateRow | undefined> {
  return db.updateTable('pki_certificates').set({ status: 'revoked', revoked_at: at, revocation_reason: reason }).where('id', '=', id).where('status', '=', 'good').returningAll().executeTakeFirst();
}
