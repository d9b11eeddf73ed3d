/** The verify API's answer (DESIGN.md section 5), as the page reads it: everything beyond the contract is optional. */

export interface VerifiedParty {
  id?: string;
  nameTh?: string;
  nameEn?: string;
  name?: string;
  licenceNumber?: string;
  profession?: string;
  licenceStatusAtIssuance?: string | null;
  licenceStatusNow?: string | null;
  [extra: string]: unknown;
}

export interface VerifiedDocument {
  id: string;
  type: string;
  typeName?: { th: string; en: string };
  status: string;
  issuedAt: string | null;
  revokedAt?: string;
  revocationReason?: string;
  supersededBy?: string;
  facility: VerifiedParty;
  practitioner: VerifiedParty;
  [extra: string]: unknown;
}

export interface SignatureCheck {
  signer: string;
  role: string;
  signedAt: string | null;
  level: string | null;
  integrity: boolean;
  chainTrusted: boolean;
  revocation: string;
  coversWholeDocument: boolean;
  modificationsAfter: 'none' | 'allowed' | 'disallowed';
}

export interface VerifyResult {
  valid: boolean;
  reasons: string[];
  document: VerifiedDocument | null;
  signatures: SignatureCheck[];
}

/** Facts read from a QR payload checked in the browser, for the offline answer. */
export interface OfflineFacts {
  kid: string;
  facilityId: string;
  claims: Record<string, unknown>;
  trustListIssuedAt: string;
}
