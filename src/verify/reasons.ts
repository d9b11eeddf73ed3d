/** Stable reason codes about the document itself (the signature codes live with the PAdES validator). */

export const documentReasons = {
  unknown: 'document.unknown',
  notIssued: 'document.not-issued',
  revoked: 'document.revoked',
  superseded: 'document.superseded',
  practitionerNotLicensed: 'practitioner.licence-not-active-at-issuance',
  facilityNotLicensed: 'facility.licence-not-active-at-issuance',
  qrMismatch: 'qr.does-not-match-document',
  qrInvalid: 'qr.invalid',
  qrUntrustedKey: 'qr.untrusted-key',
} as const;

export type DocumentReason = (typeof documentReasons)[keyof typeof documentReasons];
