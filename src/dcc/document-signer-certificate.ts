/** Document signer certificates (DSC): parsed once into what verification needs, with the HCERT kid (first 8 bytes of SHA-256 of the DER). */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { DscInvalidError } from './errors';

export interface DocumentSignerCertificate {
  der: Uint8Array;
  kid: Uint8Array;
  publicKey: KeyObject;
  extendedKeyUsage: readonly string[];
}

export function computeKid(der: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(der).digest().subarray(0, 8));
}

/** Reads a DSC given as PEM, as base64 DER (the EU gateway's `rawData`), or as DER bytes. */
export function parseDsc(input: string | Uint8Array): DocumentSignerCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(typeof input === 'string' && !input.includes('-----BEGIN') ? Buffer.from(input.replace(/\s+/g, ''), 'base64') : input);
  } catch (error) {
    throw new DscInvalidError('The document signer certificate is not a PEM or base64 DER X.509 certificate.', undefined, { cause: error });
  }
  const der = new Uint8Array(certificate.raw);
  return { der, kid: computeKid(der), publicKey: certificate.publicKey, extendedKeyUsage: certificate.keyUsage ?? [] };
}
