/** A citizen's own certificates, always filtered by the subject key of their account: what the wallet lists, downloads and shows as a QR. */
import type { Db } from '../db/database';
import { NotFoundError } from '../errors';
import type { BlobStore } from '../storage/blob-store';
import { isUuid } from '../certificates/queries';
import type { CertificateStatus } from '../certificates/tables';

export interface Bilingual {
  th: string;
  en: string;
}

export interface WalletCertificate {
  id: string;
  type: string;
  typeName: Bilingual | null;
  status: CertificateStatus;
  issuedAt: string | null;
  facility: { id: string; name: Bilingual };
  /** The signed MC1 QR payload printed on the PDF, for the full-screen QR. */
  qrPayload: string | null;
  hasPdf: boolean;
}

export interface WalletCertificatesDeps {
  db: Db;
  blobs: BlobStore;
  typeName: (typeId: string) => Bilingual | null;
}

const visibleStatuses: CertificateStatus[] = ['issued', 'revoked', 'superseded'];

export function createWalletCertificates(deps: WalletCertificatesDeps) {
  function query(subjectKey: string) {
    return deps.db
      .selectFrom('certificates')
      .innerJoin('facilities', 'facilities.id', 'certificates.facility_id')
      .select(['certificates.id', 'certificates.type', 'certificates.status', 'certificates.issued_at', 'certificates.qr_payload', 'certificates.pdf_key', 'facilities.id as facility_id', 'facilities.name_th', 'facilities.name_en'])
      .where('certificates.subject_key', '=', subjectKey)
      .where('certificates.status', 'in', visibleStatuses);
  }
  type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;
  const toCertificate = (row: Row): WalletCertificate => ({
    id: row.id,
    type: row.type,
    typeName: deps.typeName(row.type),
    status: row.status,
    issuedAt: row.issued_at?.toISOString() ?? null,
    facility: { id: row.facility_id, name: { th: row.name_th, en: row.name_en } },
    qrPayload: row.qr_payload,
    hasPdf: row.pdf_key !== null,
  });

  return {
    async list(subjectKey: string, limit = 100): Promise<WalletCertificate[]> {
      const rows = await query(subjectKey).orderBy('certificates.issued_at', 'desc').limit(limit).execute();
      return rows.map(toCertificate);
    },
    /** One of the subject's certificates; anyone else's is "not found". */
    async get(subjectKey: string, id: string): Promise<WalletCertificate> {
      const row = isUuid(id) ? await query(subjectKey).where('certificates.id', '=', id).executeTakeFirst() : undefined;
      if (!row) throw new NotFoundError('No such certificate in your wallet.');
      return toCertificate(row);
    },
    async pdf(subjectKey: string, id: string): Promise<Uint8Array> {
      const row = isUuid(id) ? await query(subjectKey).where('certificates.id', '=', id).executeTakeFirst() : undefined;
      const bytes = row?.pdf_key ? await deps.blobs.get(row.pdf_key) : undefined;
      if (!bytes) throw new NotFoundError('No such certificate in your wallet, or it has no signed PDF yet.');
      return bytes;
    },
  };
}

export type WalletCertificates = ReturnType<typeof createWalletCertificates>;
