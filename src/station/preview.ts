/**
 * Previews for the Station: the page a certificate will print as, rendered by the same template but
 * never signed, with a QR that says it is a preview. A certificate that is already signed previews as
 * its signed PDF.
 */
import { assertFacilityAccess, facilityScope, type Caller } from '../accounts/caller';
import { normalisePatient, subjectKey } from '../certificates/patient';
import type { Patient } from '../certificates/ports';
import { maskedIdentifier } from '../certificates/producer';
import { NotFoundError } from '../errors';
import type { StationDeps } from './deps';
import { NotAPractitionerAccountError } from './errors';

export interface PreviewRequest {
  type: string;
  data: Record<string, unknown>;
  patient: Patient;
  facilityId: string;
  practitionerId?: string;
}

/** Scanning a preview's QR says plainly what it is; it is not an MC1 payload, so no verifier accepts it. */
export const previewQrText = 'PREVIEW - NOT SIGNED - ตัวอย่าง ยังไม่ได้ลงนาม';

export async function previewDraft(deps: StationDeps, caller: Caller, request: PreviewRequest): Promise<Uint8Array> {
  assertFacilityAccess(caller, request.facilityId, ['admin', 'signer', 'staff']);
  const practitionerId = request.practitionerId ?? caller.practitionerId;
  if (!practitionerId) throw new NotAPractitionerAccountError('Name the practitioner who will sign the certificate.');
  deps.types.validate(request.type, request.data);
  const patient = normalisePatient(request.patient);
  subjectKey(patient);
  return render(deps, { ...request, patient, practitionerId });
}

/** A certificate of the caller's facilities: its signed PDF once issued, otherwise an unsigned render of what was submitted. */
export async function previewCertificate(deps: StationDeps, caller: Caller, id: string): Promise<{ pdf: Uint8Array; signed: boolean }> {
  const scope = facilityScope(caller);
  const certificate = await deps.queries.get(id, scope);
  if (certificate.sha256) return { pdf: await deps.queries.pdf(id, scope), signed: true };
  const row = await deps.db.selectFrom('certificates').select('patient').where('id', '=', certificate.id).executeTakeFirst();
  if (!row) throw new NotFoundError('No such certificate.');
  const pdf = await render(deps, { type: certificate.type, data: certificate.data, patient: row.patient as unknown as Patient, facilityId: certificate.facilityId, practitionerId: certificate.practitionerId });
  return { pdf, signed: false };
}

async function render(deps: StationDeps, request: PreviewRequest & { practitionerId: string }): Promise<Uint8Array> {
  const [facility, practitioner] = await Promise.all([deps.registry.getFacility(request.facilityId), deps.registry.getPractitioner(request.practitionerId)]);
  return deps.render({
    type: deps.types.get(request.type),
    documentId: 'PREVIEW',
    issuedAt: deps.now(),
    data: request.data,
    facility: { id: facility.id, licenceNumber: facility.licenceNumber, nameTh: facility.nameTh, nameEn: facility.nameEn, address: facility.address },
    practitioner: { licenceNumber: practitioner.licenceNumber, profession: practitioner.profession, nameTh: practitioner.nameTh, nameEn: practitioner.nameEn },
    patient: { nameTh: request.patient.nameTh, nameEn: request.patient.nameEn, maskedId: maskedIdentifier(request.patient), birthDate: request.patient.birthDate },
    qrPayload: previewQrText,
    verifyUrl: `${deps.publicBaseUrl.replace(/\/+$/, '')}/verify`,
  });
}
