/**
 * DCC document signers issued by our PKI: the current DSC of a scope is found again by owner in the
 * PKI's certificate store, else issued from the issuing CA with the DCC extended key usages (P-256, so ES256).
 */
import type { Db } from '../db/database';
import { keyUsage } from '../pki/certificate-authority';
import { findCurrentForOwner } from '../pki/certificate-store';
import type { KeyStore } from '../pki/key-store';
import type { PkiService } from '../pki/service';
import * as x509 from '../pki/x509';
import { parseDsc } from './document-signer-certificate';
import type { DocumentSigner } from './document-signer';
import { dccKeyUsageOids, type DccType } from './key-usage';

export interface PkiDocumentSignerDeps {
  pki: PkiService;
  db: Db;
  keyStore: KeyStore;
  now?: () => Date;
}

export interface PkiDocumentSignerOptions {
  /** The certificate types this DSC may sign; one DSC per scope (`ownerId`). */
  types?: readonly DccType[];
  ownerId?: string;
  /** DSCs are short-lived: the eHN profile caps them at two years; one year leaves room to roll over. */
  validityDays?: number;
}

export async function pkiDocumentSigner(deps: PkiDocumentSignerDeps, { types = ['v', 't', 'r'], ownerId = 'dcc', validityDays = 365 }: PkiDocumentSignerOptions = {}): Promise<DocumentSigner> {
  const current = await findCurrentForOwner(deps.db, 'document-signer', ownerId, (deps.now ?? (() => new Date()))());
  if (current?.key_id) return { key: await deps.keyStore.get(current.key_id), dsc: parseDsc(new Uint8Array(current.der)) };
  const issued = await deps.pki.issueCertificate({
    subject: new x509.Name('CN=medcert DCC Document Signer, O=Ministry of Public Health, C=TH'),
    ownerKind: 'document-signer',
    ownerId,
    algorithm: 'ECDSA-P256',
    keyUsages: keyUsage.digitalSignature,
    extendedKeyUsages: types.map((type) => dccKeyUsageOids[type][0]!),
    validityDays,
  });
  return { key: issued.key, dsc: parseDsc(issued.certificate) };
}
