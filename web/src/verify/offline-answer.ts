/** Shapes a browser-side QR check like the verify API's answer, so one view shows both. */
import { issuedAtOf, type OfflineQrResult, type TrustListForQr } from './offline-qr';
import type { VerifyResult } from './types';

export function offlineAnswer(result: OfflineQrResult, trustList: TrustListForQr): VerifyResult {
  const claims = result.claims ?? {};
  const facility = trustList.facilities?.find((candidate) => candidate.id === result.facilityId);
  const text = (...names: string[]) => names.map((name) => claims[name]).find((value): value is string => typeof value === 'string');
  const id = text('id', 'documentId');
  return {
    valid: result.valid,
    reasons: result.reasons,
    document:
      result.valid && id
        ? {
            id,
            type: text('type') ?? '',
            status: '',
            issuedAt: issuedAtOf(claims)?.toISOString() ?? '',
            facility: { id: result.facilityId ?? undefined, nameTh: facility?.nameTh, nameEn: facility?.nameEn, licenceNumber: facility?.licenceNumber },
            practitioner: { name: text('practitionerName', 'practitioner'), licenceNumber: text('practitionerLicence', 'licence') },
          }
        : null,
    signatures: [],
  };
}
