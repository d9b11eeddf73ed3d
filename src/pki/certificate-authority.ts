/**
 * Issues X.509 certificates with @peculiar/x509, signed inside the issuer's key store: the one
 * generic `issueCertificate` every profile (CAs, TSA, practitioners, facility seals, DCC document
 * signers) goes through, plus the CSR for a licensed external CA.
 */
import { randomBytes } from 'node:crypto';
import * as x509 from './x509';
import type { SigningKey } from './key-store';
import { bridgedCrypto, bridgedPrivateKey } from './webcrypto-bridge';
import { bufferSource } from './buffer-source';

/** Who signs: a CA certificate with its key, or `self` for a root. */
export interface Issuer {
  key: SigningKey;
  certificate: Uint8Array;
}

export interface CertificateUrls {
  ocsp?: string;
  caIssuers?: string;
  crl?: string;
}

export interface CertificateParams {
  subject: x509.Name;
  /** SubjectPublicKeyInfo DER of the subject's key. */
  publicKey: Uint8Array;
  /** The issuing CA; omit for a self-signed root, which `selfKey` then signs. */
  issuer?: Issuer;
  selfKey?: SigningKey;
  notBefore: Date;
  notAfter: Date;
  keyUsages: x509.KeyUsageFlags;
  /** A CA certificate: basicConstraints cA with this path length (undefined: unlimited). */
  ca?: { pathLength?: number };
  extendedKeyUsages?: string[];
  /** RFC 3161 wants timeStamping critical; PDF signers do not mind either way. */
  extendedKeyUsageCritical?: boolean;
  urls?: CertificateUrls;
  /** Any further extension (certificate policies, DCC OIDs…), added as given. */
  extensions?: x509.Extension[];
}

export const keyUsage = x509.KeyUsageFlags;

/** A positive 128-bit serial with a non-zero first byte, so its hex form is also its DER content. */
export function newSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

export async function issueCertificate(params: CertificateParams): Promise<Uint8Array> {
  const signingKey = params.issuer?.key ?? params.selfKey;
  if (!signingKey) throw new TypeError('issueCertificate needs an issuer or, for a root, selfKey.');
  const issuerCertificate = params.issuer ? new x509.X509Certificate(bufferSource(params.issuer.certificate)) : undefined;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(Boolean(params.ca), params.ca?.pathLength, true),
    new x509.KeyUsagesExtension(params.keyUsages, true),
    await x509.SubjectKeyIdentifierExtension.create(bufferSource(params.publicKey), false, bridgedCrypto),
    await authorityKeyIdentifier(issuerCertificate, params.publicKey),
  ];
  if (params.extendedKeyUsages?.length) extensions.push(new x509.ExtendedKeyUsageExtension(params.extendedKeyUsages, params.extendedKeyUsageCritical ?? false));
  const { ocsp, caIssuers, crl } = params.urls ?? {};
  if (ocsp || caIssuers) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: ocsp ? [ocsp] : [], caIssuers: caIssuers ? [caIssuers] : [] }));
  if (crl) extensions.push(new x509.CRLDistributionPointsExtension([crl]));
  extensions.push(...(params.extensions ?? []));
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: newSerialNumber(),
      subject: params.subject,
      issuer: issuerCertificate?.subjectName ?? params.subject,
      notBefore: params.notBefore,
      notAfter: params.notAfter,
      publicKey: bufferSource(params.publicKey),
      signingKey: bridgedPrivateKey(signingKey),
      signingAlgorithm: { name: '', hash: 'SHA-256' },
      extensions,
    },
    bridgedCrypto,
  );
  return new Uint8Array(certificate.rawData);
}

async function authorityKeyIdentifier(issuer: x509.X509Certificate | undefined, subjectPublicKey: Uint8Array): Promise<x509.Extension> {
  const issuerSki = issuer?.getExtension(x509.SubjectKeyIdentifierExtension);
  if (issuerSki) return new x509.AuthorityKeyIdentifierExtension(issuerSki.keyId, false);
  return x509.AuthorityKeyIdentifierExtension.create(issuer?.publicKey ?? bufferSource(subjectPublicKey), false, bridgedCrypto);
}

/** A PKCS#10 request for `key`, to be signed by a licensed external CA. */
export async function createCertificateRequest(key: SigningKey, subject: x509.Name, publicKey: CryptoKey): Promise<Uint8Array> {
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: subject,
      keys: { privateKey: bridgedPrivateKey(key), publicKey },
      signingAlgorithm: { name: '', hash: 'SHA-256' },
    },
    bridgedCrypto,
  );
  return new Uint8Array(csr.rawData);
}
