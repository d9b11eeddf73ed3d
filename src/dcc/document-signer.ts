/**
 * Document signers: a signing key with its DSC. Until the PKI issues DSCs, development servers use a
 * self-signed DSC kept in the data directory; production refuses it.
 */
import { webcrypto, createPrivateKey, KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
// @peculiar/x509 builds on tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { inMemorySigningKey } from '../cose/in-memory-signing-key';
import type { SigningKey } from '../pki/key-store';
import { parseDsc, type DocumentSignerCertificate } from './document-signer-certificate';
import { DccSignerUnavailableError } from './errors';
import { dccKeyUsageOids, type DccType } from './key-usage';

export interface DocumentSigner {
  key: SigningKey;
  dsc: DocumentSignerCertificate;
}

export interface SelfSignedDscOptions {
  /** The certificate types the DSC may sign (its extended key usage); all three by default. */
  types?: readonly DccType[];
  commonName?: string;
  validDays?: number;
}

export interface SelfSignedDsc {
  signer: DocumentSigner;
  certificatePem: string;
  privateKeyPem: string;
}

/** A P-256 key and a self-signed DSC restricted by extended key usage to `types`: development and tests only. */
export async function createSelfSignedDsc({ types = ['v', 't', 'r'], commonName = 'medcert development DSC', validDays = 730 }: SelfSignedDscOptions = {}): Promise<SelfSignedDsc> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
      name: `CN=${commonName}, C=TH`,
      notBefore,
      notAfter: new Date(notBefore.getTime() + validDays * 86_400_000),
      signingAlgorithm: algorithm,
      keys,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(types.map((type) => dccKeyUsageOids[type][0]!)),
      ],
    },
    webcrypto as Crypto,
  );
  const privateKey = KeyObject.from(keys.privateKey);
  return {
    signer: { key: inMemorySigningKey(privateKey, 'dcc-development'), dsc: parseDsc(new Uint8Array(certificate.rawData)) },
    certificatePem: certificate.toString('pem'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** The development signer kept under `<dataDir>/dcc/`, created on first use; refused in production. */
export async function developmentDocumentSigner(config: { dataDir: string; production: boolean }): Promise<DocumentSigner> {
  if (config.production) throw new DccSignerUnavailableError('No DCC document signer is configured; production does not use the development DSC.');
  const dir = join(config.dataDir, 'dcc');
  const certificatePath = join(dir, 'development-dsc.pem');
  const keyPath = join(dir, 'development-dsc-key.pem');
  try {
    const [certificatePem, keyPem] = await Promise.all([readFile(certificatePath, 'utf8'), readFile(keyPath, 'utf8')]);
    return { key: inMemorySigningKey(createPrivateKey(keyPem), 'dcc-development'), dsc: parseDsc(certificatePem) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = await createSelfSignedDsc();
  await mkdir(dir, { recursive: true });
  await writeFile(keyPath, created.privateKeyPem, { mode: 0o600, flag: 'wx' });
  await chmod(keyPath, 0o600);
  await writeFile(certificatePath, created.certificatePem, { flag: 'wx' });
  return created.signer;
}
