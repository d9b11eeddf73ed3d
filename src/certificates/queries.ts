/** Reading certificates within the caller's facilities: one certificate, its PDF, and lists for the Station and the HIS. */
import type { Db } from '../db/database';
import { NotFoundError } from '../errors';
import type { BlobStore } from '../storage/blob-store';
import type { CertificateStatus } from './tables';

export interface CertificateSummary {
  id: string;
  type: string;
  status: CertificateStatus;
  facilityId: string;
  practitionerId: string;
  level: string;
  source: string;
  createdAt: string;
  issuedAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  sha256: string | null;
}

const summaryColumns = ['id', 'type', 'status', 'facility_id', 'practitioner_id', 'level', 'source', 'created_at', 'issued_at', 'revoked_at', 'revocation_reason', 'supersedes', 'superseded_by', 'pdf_sha256'] as const;

/** `scope` is the caller's facilities ('all' for platform operators); anything outside it is "not found", never "forbidden". */
export function createCertificateQueries(db: Db, blobs: BlobStore) {
  function scoped(scope: 'all' | string[]) {
    let query = db.selectFrom('certificates');
    if (scope !== 'all') query = query.where('facility_id', 'in', scope.length > 0 ? scope : ['00000000-0000-0000-0000-000000000000']);
    return query;
  }

  async function get(id: string, scope: 'all' | string[]): Promise<CertificateSummary & { data: Record<string, unknown> }> {
    if (!isUuid(id)) throw new NotFoundError('No such certificate.');
    const row = await scoped(scope).select([...summaryColumns, 'data']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('No such certificate.');
    return { ...toSummary(row), data: row.data };
  }

  async function pdf(id: string, scope: 'all' | string[]): Promise<Uint8Array> {
    if (!isUuid(id)) throw new NotFoundError('No such certificate.');
    const row = await scoped(scope).select(['pdf_key']).where('id', '=', id).executeTakeFirst();
    const bytes = row?.pdf_key ? await blobs.get(row.pdf_key) : undefined;
    if (!bytes) throw new NotFoundError('This certificate has no signed PDF (yet).');
    return bytes;
  }

  async function list(scope: 'all' | string[], filter: { facilityId?: string; status?: CertificateStatus; practitionerId?: string; before?: Date; limit: number }): Promise<CertificateSummary[]> {
    let query = scoped(scope).select(summaryColumns);
    if (filter.facilityId) query = query.where('facility_id', '=', filter.facilityId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.practitionerId) query = query.where('practitioner_id', '=', filter.practitionerId);
    if (filter.before) query = query.where('created_at', '<', filter.before);
    const rows = await query.orderBy('created_at', 'desc').limit(filter.limit).execute();
    return rows.map(toSummary);
  }

  /** A citizen's own certificates, newest first, found by the subject key their account carries. */
  async function listBySubject(subjectKey: string, limit = 50): Promise<CertificateSummary[]> {
    const rows = await db.selectFrom('certificates').select(summaryColumns).where('subject_key', '=', subjectKey).where('status', 'in', ['issued', 'revoked', 'superseded']).orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(toSummary);
  }

  return { get, pdf, list, listBySubject };
}

export type CertificateQueries = ReturnType<typeof createCertificateQueries>;

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function toSummary(row: {
  id: string;
  type: string;
  status: CertificateStatus;
  facility_id: string;
  practitioner_id: string;
  level: string;
  source: string;
  created_at: Date;
  issued_at: Date | null;
  revoked_at: Date | null;
  revocation_reason: string | null;
  supersedes: string | null;
  superseded_by: string | null;
  pdf_sha256: string | null;
}): CertificateSummary {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    facilityId: row.facility_id,
    practitionerId: row.practitioner_id,
    level: row.level,
    source: row.source,
    createdAt: row.created_at.toISOString(),
    issuedAt: row.issued_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revocationReason: row.revocation_reason,
    supersedes: row.supersedes,
    supersededBy: row.superseded_by,
    sha256: row.pdf_sha256,
  };
}
