/**
 * Verifies an MC1 QR payload: the seal must verify with the e-seal key of the trust list that has
 * its kid, then the register's view of the document, and the QR's claims must match the document.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeMc1, InvalidQrPayloadError } from '../certificates/qr-payload';
import type { DocumentRegister } from './document-status';
import { documentReasons } from './reasons';
import type { SealKey, SignedTrustList } from './trust-list';
import type { VerificationResult } from './verification';

export interface QrVerificationDeps {
  documents: DocumentRegister;
  trustList: () => Promise<SignedTrustList>;
  /** A fresher list, asked when a kid is unknown (a facility sealing its first certificate). */
  refreshTrustList: () => Promise<SignedTrustList>;
}

interface TrustedSeal {
  seal: SealKey;
  /** Imported on first use. */
  key?: KeyObject;
}

export function createQrVerification(deps: QrVerificationDeps) {
  // Per list (a cached list object lives minutes): a kid lookup without a scan, and each public key imported once.
  const sealIndexes = new WeakMap<SignedTrustList, Map<string, TrustedSeal>>();
  const trustedSeal = (list: SignedTrustList, kid: string): { seal: SealKey; key: KeyObject } | undefined => {
    let index = sealIndexes.get(list);
    if (!index) {
      index = new Map();
      for (const seal of list.sealKeys) if (!index.has(seal.kid)) index.set(seal.kid, { seal });
      sealIndexes.set(list, index);
    }
    const trusted = index.get(kid);
    if (!trusted) return undefined;
    trusted.key ??= createPublicKey({ key: trusted.seal.publicKeyJwk, format: 'jwk' });
    return { seal: trusted.seal, key: trusted.key };
  };

  return async function verifyQr(payload: string): Promise<VerificationResult> {
    let decoded;
    try {
      decoded = decodeMc1(payload);
    } catch (error) {
      if (error instanceof InvalidQrPayloadError) return { valid: false, reasons: [documentReasons.qrInvalid], document: null, signatures: [], detail: error.message };
      throw error;
    }
    const trusted = trustedSeal(await deps.trustList(), decoded.kid) ?? trustedSeal(await deps.refreshTrustList(), decoded.kid);
    if (!trusted) return { valid: false, reasons: [documentReasons.qrUntrustedKey], document: null, signatures: [] };
    const { seal, key } = trusted;
    const issuedAt = new Date(decoded.claims.iat * 1000);
    const sealValid = decoded.verify(key) && issuedAt >= new Date(seal.notBefore) && issuedAt <= new Date(seal.notAfter);
    const signature = { signer: seal.facilityId, role: 'facility', signedAt: issuedAt.toISOString(), level: null as null, integrity: sealValid, chainTrusted: true, revocation: 'unknown' as const, coversWholeDocument: false, modificationsAfter: 'none' as const };
    if (!sealValid) return { valid: false, reasons: [documentReasons.qrInvalid], document: null, signatures: [signature] };

    const finding = await deps.documents.describe(decoded.claims.id);
    const reasons: string[] = [...finding.reasons];
    const document = finding.document;
    if (document && (document.type !== decoded.claims.type || document.facility.id !== decoded.claims.facility || document.facility.id !== seal.facilityId || document.practitioner.licenceNumber !== decoded.claims.practitionerLicence)) {
      reasons.push(documentReasons.qrMismatch);
    }
    return { valid: reasons.length === 0, reasons, document, signatures: [signature], claims: decoded.claims };
  };
}
