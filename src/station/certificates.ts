/**
 * The Station's view of a facility's certificates: a search over its own certificates (by the
 * patient's name or the certificate number, sent in a request body so it never lands in a URL or
 * log), and corrections, which issue a replacement that supersedes the original once signed.
 */
import { assertFacilityAccess, type Caller } from '../accounts/caller';
import type { Patient } from '../certificates/ports';
import type { CertificateStatus } from '../certificates/tables';
import { InvalidInputError } from '../errors';
import type { Origin, StationDeps } from './deps';
import { NotAPractitionerAccountError } from './errors';

export interface CertificateSearch {
  q?: string;
  status?: CertificateStatus;
  limit?: number;
}

export interface StationCertificate {
  id: string;
  type: string;
  typeNames: { th: string; en: string } | null;
  status: CertificateStatus;
  patientNameTh: string | null;
  patientNameEn: string;
  practitionerId: string;
  practitionerNameTh: string;
  practitionerNameEn: string;
  createdAt: string;
  issuedAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  correctionReason: string | null;
}

function escapeLike(fragment: string): string {
  return fragment.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function searchCertificates(deps: StationDeps, caller: Caller, facilityId: string, search: CertificateSearch): Promise<StationCertificate[]> {
  assertFacilityAccess(caller, facilityId, ['admin', 'signer', 'staff']);
  let query = deps.db
    .selectFrom('certificates as c')
    .innerJoin('practitioners as p', 'p.id', 'c.practitioner_id')
    .select(({ ref }) => [
      'c.id',
      'c.type',
      'c.status',
      ref('c.patient', '->>').key('nameTh' as never).as('patient_name_th'),
      ref('c.patient', '->>').key('nameEn' as never).as('patient_name_en'),
      'c.practitioner_id',
      'p.name_th',
      'p.name_en',
      'c.created_at',
      'c.issued_at',
      'c.revoked_at',
      'c.revocation_reason',
      'c.supersedes',
      'c.superseded_by',
      'c.correction_reason',
    ])
    .where('c.facility_id', '=', facilityId);
  if (search.status) query = query.where('c.status', '=', search.status);
  const q = search.q?.trim().toLowerCase();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    query = query.where(({ eb, ref, or, cast }) =>
      or([eb(ref('c.patient', '->>').key('nameEn' as never), 'ilike', pattern), eb(ref('c.patient', '->>').key('nameTh' as never), 'ilike', pattern), eb(cast<string>('c.id', 'text'), 'like', `${escapeLike(q)}%`)]),
    );
  }
  const rows = await query.orderBy('c.created_at', 'desc').limit(Math.min(Math.max(search.limit ?? 50, 1), 200)).execute();
  const known = new Set(deps.types.ids());
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    typeNames: known.has(row.type) ? deps.types.get(row.type).names : null,
    status: row.status,
    patientNameTh: (row.patient_name_th as string | null) ?? null,
    patientNameEn: String(row.patient_name_en ?? ''),
    practitionerId: row.practitioner_id,
    practitionerNameTh: row.name_th,
    practitionerNameEn: row.name_en,
    createdAt: row.created_at.toISOString(),
    issuedAt: row.issued_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revocationReason: row.revocation_reason,
    supersedes: row.supersedes,
    supersededBy: row.superseded_by,
    correctionReason: row.correction_reason,
  }));
}

export interface Correction {
  reason: string;
  data: Record<string, unknown>;
  /** The corrected patient details; the original's when omitted. */
  patient?: Patient;
}

/** Submits a corrected certificate for the caller to sign; the original stays valid until the replacement is issued. */
export async function correctCertificate(deps: StationDeps, caller: Caller, originalId: string, correction: Correction, origin: Origin): Promise<{ id: string; status: string }> {
  if (caller.kind !== 'user' || !caller.practitionerId) throw new NotAPractitionerAccountError('Only a signed-in practitioner can correct a certificate.');
  const reason = correction.reason.trim();
  if (reason.length < 3 || reason.length > 500) throw new InvalidInputError('A correction needs a reason of 3 to 500 characters.');
  const original = await deps.queries.get(originalId, caller.facilities.map((grant) => grant.facilityId));
  assertFacilityAccess(caller, original.facilityId, ['admin', 'signer']);
  const patient = correction.patient ?? ((await deps.db.selectFrom('certificates').select('patient').where('id', '=', original.id).executeTakeFirstOrThrow()).patient as unknown as Patient);
  const accepted = await deps.issuance.accept(
    { type: original.type, data: correction.data, patient, facilityId: original.facilityId, practitionerId: caller.practitionerId, supersedes: original.id, correctionReason: reason },
    { source: 'station', actor: caller.actor, signNow: false },
  );
  await deps.audit.append({ actor: caller.actor, action: 'station.correction_submitted', targetKind: 'certificate', targetId: accepted.id, facilityId: original.facilityId, ip: origin.ip, requestId: origin.requestId, details: { supersedes: original.id } });
  return { id: accepted.id, status: accepted.status };
}
