/** Stable reason codes about the document itself (the signature codes live with the PAdES validator). */

export const documentReasons = {
  unknown: 'document.unknown',
  notIssued: 'document.not-issued',
  /** The PDF names a document of ours but is neither the file we issued nor that file with revisions appended (e.g. the seal's revision cut off). */
  notTheIssuedFile: 'document.not-the-issued-file',
  revoked: 'document.revoked',
  superseded: 'document.superseded',
  practitionerNotLicensed: 'practitioner.licence-not-active-at-issuance',
  facilityNotLicensed: 'facility.licence-not-active-at-issuance',
  qrMismatch: 'qr.does-not-match-document',
  qrInvalid: 'qr.invalid',
  qrUntrustedKey: 'qr.untrusted-key',
} as const;

export type DocumentReason = (typeof documentReasons)[keyof typeof documentReasons];
