/**
 * MC1 QR payloads and a matching trust list for the front-end tests, built on the server's COSE
 * module, until the certificates' own MC1 encoder (src/certificates/qr-payload.ts) lands.
 */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { encodeBase45 } from '../dcc/base45';
import { generateInMemorySigningKey, type InMemorySigningKey } from '../cose/in-memory-signing-key';
import { cborEncoder, signCoseSign1 } from '../cose/sign1';

export interface SealFixture {
  key: InMemorySigningKey;
  kid: Uint8Array;
  facilityId: string;
}

export function createSealFixture(facilityId = '7d1c3f7e-4a52-4d0e-9a55-0f1f2b3c4d5e'): SealFixture {
  return { key: generateInMemorySigningKey('ECDSA-P256', 'seal'), kid: new Uint8Array(randomBytes(8)), facilityId };
}

export async function encodeMc1(claims: Record<string, unknown>, seal: Pick<SealFixture, 'key' | 'kid'>): Promise<string> {
  const cose = await signCoseSign1(cborEncoder.encode(new Map(Object.entries(claims))), seal.key, { kid: seal.kid });
  return `MC1:${encodeBase45(deflateSync(cose))}`;
}

export function trustListFor(seal: SealFixture, validity = { notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z' }) {
  return {
    version: 1,
    issuer: 'medcert test platform',
    issuedAt: '2026-11-20T03:00:00.000Z',
    nextUpdate: '2026-12-20T03:00:00.000Z',
    cas: [],
    sealKeys: [{ kid: Buffer.from(seal.kid).toString('base64'), facilityId: seal.facilityId, publicKeyJwk: seal.key.publicKey.export({ format: 'jwk' }), certificate: '', ...validity }],
    facilities: [{ id: seal.facilityId, licenceNumber: '10001', nameTh: 'คลินิกเวชกรรมสุขใจ', nameEn: 'Sukjai Medical Clinic', status: 'active' }],
  };
}

export const sampleClaims = {
  id: '3f2b8c1e-6d4a-4f7b-9c1e-2a3b4c5d6e7f',
  type: 'general-medical-certificate',
  iat: Math.floor(Date.parse('2026-11-20T09:30:00Z') / 1000),
  practitionerLicence: 'ว.12345',
};
