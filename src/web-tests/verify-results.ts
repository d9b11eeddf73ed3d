/** Verify API answers in the contract's shape (DESIGN.md section 5), standing in for the real API in browser tests. */

const document = {
  id: '3f2b8c1e-6d4a-4f7b-9c1e-2a3b4c5d6e7f',
  type: 'general-medical-certificate',
  status: 'issued',
  issuedAt: '2026-11-20T09:30:00.000Z',
  facility: { id: '7d1c3f7e-4a52-4d0e-9a55-0f1f2b3c4d5e', licenceNumber: '10001', nameTh: 'คลินิกเวชกรรมสุขใจ', nameEn: 'Sukjai Medical Clinic', licenceStatusAtIssuance: 'active', licenceStatusNow: 'active' },
  practitioner: {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    licenceNumber: 'ว.12345',
    profession: 'physician',
    nameTh: 'นพ.สมศักดิ์ ปิ่นทอง',
    nameEn: 'Dr Somsak Pinthong',
    licenceStatusAtIssuance: 'active',
    licenceStatusNow: 'active',
  },
};

const signature = {
  signer: 'นพ.สมศักดิ์ ปิ่นทอง (ว.12345)',
  role: 'practitioner',
  signedAt: '2026-11-20T09:30:02.000Z',
  level: 'B-LT',
  integrity: true,
  chainTrusted: true,
  revocation: 'good',
  coversWholeDocument: true,
  modificationsAfter: 'none',
};

export const genuine = { valid: true, reasons: [], document, signatures: [signature] };

export const tampered = {
  valid: false,
  reasons: ['signature.digest-mismatch', 'pdf.modified-after-signature'],
  document,
  signatures: [{ ...signature, integrity: false, coversWholeDocument: false, modificationsAfter: 'disallowed' }],
};

export const revoked = {
  valid: false,
  reasons: ['document.revoked'],
  document: { ...document, status: 'revoked', revokedAt: '2026-11-22T02:00:00.000Z', revocationReason: 'Issued in error' },
  signatures: [signature],
};

export const unlicensed = {
  valid: false,
  reasons: ['practitioner.licence-not-active-at-issuance'],
  document: { ...document, practitioner: { ...document.practitioner, licenceStatusAtIssuance: 'suspended', licenceStatusNow: 'active' } },
  signatures: [signature],
};
