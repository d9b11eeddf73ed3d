/** Certificate revocation lists: one per CA, signed by the CA's key, with a CRL number and nextUpdate. */
import * as asn1js from 'asn1js';
import * as x509 from './x509';
import type { Issuer } from './certificate-authority';
import { revocationReasonCode } from './revocation-reasons';
import { bridgedCrypto, bridgedPrivateKey } from './webcrypto-bridge';
import { bufferSource } from './buffer-source';

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
  reason: string | null;
}

export interface CrlParams {
  ca: Issuer;
  revoked: RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
}

const crlNumberOid = '2.5.29.20';

export async function createCrl(params: CrlParams): Promise<Uint8Array> {
  const caCertificate = new x509.X509Certificate(bufferSource(params.ca.certificate));
  const keyId = caCertificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  // Successive CRLs must carry increasing numbers; thisUpdate in milliseconds is, without shared state.
  const crlNumber = new asn1js.Integer({ value: params.thisUpdate.getTime() }).toBER();
  const extensions = [new x509.Extension(crlNumberOid, false, crlNumber)];
  if (keyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(keyId, false));
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: caCertificate.subjectName,
      thisUpdate: params.thisUpdate,
      nextUpdate: params.nextUpdate,
      entries: params.revoked.map((entry) => ({ serialNumber: entry.serial, revocationDate: entry.revokedAt, reason: revocationReasonCode(entry.reason) as x509.X509CrlReason })),
      extensions,
      signingKey: bridgedPrivateKey(params.ca.key),
      signingAlgorithm: { name: '', hash: 'SHA-256' },
    },
    bridgedCrypto,
  );
  return new Uint8Array(crl.rawData);
}
