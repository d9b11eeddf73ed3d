/**
 * The published trust list: trusted CA certificates, facility e-seal keys by kid (for offline QR
 * checks) and facilities with their licence status, signed by the platform as a compact JWS over
 * the canonical JSON of everything else, so offline verifiers can cache it and check it.
 */
import { createHash, X509Certificate, type JsonWebKey } from 'node:crypto';
import { compactVerify, importSPKI } from 'jose';
import { canonicalJson } from '../json/canonical-json';
import type { SigningKey } from '../pki/key-store';

export interface TrustedCa {
  name: string;
  certificate: string;
  notBefore: string;
  notAfter: string;
}

export interface SealKey {
  kid: string;
  facilityId: string;
  publicKeyJwk: JsonWebKey;
  certificate: string;
  notBefore: string;
  notAfter: string;
}

export interface TrustedFacility {
  id: string;
  licenceNumber: string;
  nameTh: string;
  nameEn: string;
  status: string;
}

export interface TrustListBody {
  version: 1;
  issuer: string;
  issuedAt: string;
  nextUpdate: string;
  cas: TrustedCa[];
  sealKeys: SealKey[];
  facilities: TrustedFacility[];
}

export interface SignedTrustList extends TrustListBody {
  /** Compact JWS (ES256) whose payload is canonicalJson(body without `signature`). */
  signature: string;
}

/** kid of an e-seal key: the first 8 bytes of the SHA-256 of its certificate, base64 (as EU DCC does). */
export function kidOf(certificateDer: Uint8Array): string {
  return createHash('sha256').update(certificateDer).digest().subarray(0, 8).toString('base64');
}

export function describeCa(name: string, der: Uint8Array): TrustedCa {
  const certificate = new X509Certificate(der);
  return { name, certificate: Buffer.from(der).toString('base64'), notBefore: new Date(certificate.validFrom).toISOString(), notAfter: new Date(certificate.validTo).toISOString() };
}

export function describeSealKey(facilityId: string, der: Uint8Array): SealKey {
  const certificate = new X509Certificate(der);
  return {
    kid: kidOf(der),
    facilityId,
    publicKeyJwk: certificate.publicKey.export({ format: 'jwk' }),
    certificate: Buffer.from(der).toString('base64'),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}

export async function signTrustList(body: TrustListBody, key: SigningKey): Promise<SignedTrustList> {
  const payload = new TextEncoder().encode(canonicalJson(body));
  const header = { alg: 'ES256', typ: 'medcert-trust-list+jws' };
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  const signature = await key.sign(new TextEncoder().encode(signingInput));
  return { ...body, signature: `${signingInput}.${Buffer.from(signature).toString('base64url')}` };
}

/** Checks the JWS with the platform's public key (SPKI PEM) and that it covers exactly the listed content. */
export async function verifyTrustList(list: SignedTrustList, platformSpkiPem: string): Promise<TrustListBody> {
  const { signature, ...body } = list;
  const { payload } = await compactVerify(signature, await importSPKI(platformSpkiPem, 'ES256'));
  if (new TextDecoder().decode(payload) !== canonicalJson(body)) throw new Error('The trust list signature does not cover its content.');
  return body;
}
