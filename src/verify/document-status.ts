/**
 * What the register says about a certificate: its status (issued, revoked with reason and date,
 * superseded by which) and the licences of its practitioner and facility at issuance and now.
 */
import { isUuid } from '../certificates/queries';
import type { Db } from '../db/database';
import type { RegistryService } from '../registry/service';
import type { LicenceStatus } from '../registry/tables';
import { documentReasons, type DocumentReason } from './reasons';

export interface DocumentView {
  id: string;
  type: string;
  status: string;
  issuedAt: string | null;
  revokedAt?: string;
  revocationReason?: string;
  supersededBy?: string;
  supersedes?: string;
  facility: { id: string; licenceNumber: string; nameTh: string; nameEn: string; licenceStatusAtIssuance: LicenceStatus | null; licenceStatusNow: LicenceStatus | null };
  practitioner: { id: string; licenceNumber: string; profession: string; nameTh: string; nameEn: string; licenceStatusAtIssuance: LicenceStatus | null; licenceStatusNow: LicenceStatus | null };
}

export interface DocumentFinding {
  document: DocumentView | null;
  reasons: DocumentReason[];
}

export async function describeDocument(db: Db, registry: RegistryService, id: string, now = new Date()): Promise<DocumentFinding> {
  const row = isUuid(id)
    ? await db
        .selectFrom('certificates')
        .select(['id', 'type', 'status', 'issued_at', 'revoked_at', 'revocation_reason', 'superseded_by', 'supersedes', 'facility_id', 'practitioner_id'])
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row) return { document: null, reasons: [documentReasons.unknown] };

  const issuedAt = row.issued_at ?? now;
  const [facility, practitioner, facilityAt, facilityNow, practitionerAt, practitionerNow] = await Promise.all([
    registry.getFacility(row.facility_id),
    registry.getPractitioner(row.practitioner_id),
    registry.facilityLicenceStatusAt(row.facility_id, issuedAt),
    registry.facilityLicenceStatusAt(row.facility_id, now),
    registry.practitionerLicenceStatusAt(row.practitioner_id, issuedAt),
    registry.practitionerLicenceStatusAt(row.practitioner_id, now),
  ]);

  const reasons: DocumentReason[] = [];
  if (row.status === 'revoked') reasons.push(documentReasons.revoked);
  else if (row.status === 'superseded') reasons.push(documentReasons.superseded);
  else if (row.status !== 'issued') reasons.push(documentReasons.notIssued);
  if (practitionerAt !== 'active') reasons.push(documentReasons.practitionerNotLicensed);
  if (facilityAt !== 'active') reasons.push(documentReasons.facilityNotLicensed);

  return {
    reasons,
    document: {
      id: row.id,
      type: row.type,
      status: row.status,
      issuedAt: row.issued_at?.toISOString() ?? null,
      ...(row.revoked_at ? { revokedAt: row.revoked_at.toISOString(), revocationReason: row.revocation_reason ?? undefined } : {}),
      ...(row.superseded_by ? { supersededBy: row.superseded_by } : {}),
      ...(row.supersedes ? { supersedes: row.supersedes } : {}),
      facility: { id: facility.id, licenceNumber: facility.licenceNumber, nameTh: facility.nameTh, nameEn: facility.nameEn, licenceStatusAtIssuance: facilityAt, licenceStatusNow: facilityNow },
      practitioner: {
        id: practitioner.id,
        licenceNumber: practitioner.licenceNumber,
        profession: practitioner.profession,
        nameTh: practitioner.nameTh,
        nameEn: practitioner.nameEn,
        licenceStatusAtIssuance: practitionerAt,
        licenceStatusNow: practitionerNow,
      },
    },
  };
}
