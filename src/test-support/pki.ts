/**
 * A complete in-process PKI for tests, without a server: root and issuing CA, a practitioner and a
 * facility e-seal identity, TSA and OCSP/CRL, revocation, an expired identity, and an untrusted second
 * hierarchy for attack tests. Backed by the real CA code on the software key store and in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import { bufferSource } from '../pki/buffer-source';
import { PemConverter, X509Certificate } from '../pki/x509';
import type { DatabaseHandle } from '../db/database';
import type { KeyAlgorithm, SigningIdentity } from '../pki/key-store';
import { PkiService, type IssuedIdentity, type PractitionerIdentityInput } from '../pki/service';
import { SoftwareKeyStore } from '../pki/software-key-store';
import { practitionerSubject } from '../pki/subjects';
import type { RevocationSource, TimestampAuthority } from '../pki/trust-services';
import { createTestDatabase } from './database';

export interface TestPkiOptions {
  algorithm?: KeyAlgorithm;
  /** Share an existing test database instead of opening a new one (it is then not closed here). */
  database?: DatabaseHandle;
  now?: () => Date;
  publicBaseUrl?: string;
}

export interface TestPki {
  service: PkiService;
  database: DatabaseHandle;
  rootCertificate: Uint8Array;
  issuingCertificate: Uint8Array;
  /** Dr Somchai Jaidee, licence ว.12345, at the test clinic. */
  practitioner: IssuedIdentity;
  facility: IssuedIdentity;
  /** A practitioner whose certificate expired 35 days ago. */
  expired: IssuedIdentity;
  tsa: TimestampAuthority;
  revocation: RevocationSource;
  /** Another practitioner identity from the same CA (a fresh key and certificate). */
  issuePractitioner(input?: Partial<PractitionerIdentityInput>): Promise<IssuedIdentity>;
  /** Revokes the identity's certificate: OCSP answers revoked and the next CRL lists it. */
  revoke(identity: SigningIdentity | IssuedIdentity, reason?: string): Promise<void>;
  /** A root nobody trusts, and a practitioner identity under it with the same name as `practitioner`. */
  untrusted: { rootCertificate: Uint8Array; signer: IssuedIdentity };
  close(): Promise<void>;
}

const somchai: PractitionerIdentityInput = { id: 'test-practitioner', nameEn: 'Dr Somchai Jaidee', nameTh: 'นพ.สมชาย ใจดี', licenceNumber: 'ว.12345', organization: 'Test Clinic' };
const day = 86_400_000;

export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const database = options.database ?? (await createTestDatabase());
  const keyStore = new SoftwareKeyStore(database.db, randomBytes(32));
  const common = { db: database.db, keyStore, publicBaseUrl: options.publicBaseUrl ?? 'http://127.0.0.1:8080', now: options.now };
  const service = new PkiService(common);
  await service.ensureInitialized({ algorithm: options.algorithm });
  const stranger = new PkiService({ ...common, caNames: { root: 'untrusted-root', issuing: 'untrusted-issuing' } });
  await stranger.ensureInitialized({ algorithm: options.algorithm });

  const issuePractitioner = (input: Partial<PractitionerIdentityInput> = {}) => {
    const subject = { ...somchai, ...input };
    return service.issueCertificate({ subject: practitionerSubject(subject), ownerKind: 'practitioner', ownerId: subject.id === somchai.id ? `test-${randomBytes(4).toString('hex')}` : subject.id });
  };
  const now = (options.now ?? (() => new Date()))();
  const [practitioner, facility, expired, strangerSigner] = await Promise.all([
    service.identityForPractitioner(somchai) as Promise<IssuedIdentity>,
    service.identityForFacility({ id: 'test-facility', nameEn: 'Test Clinic', nameTh: 'คลินิกทดสอบ', licenceNumber: '11001234' }) as Promise<IssuedIdentity>,
    service.issueCertificate({ subject: practitionerSubject(somchai), ownerKind: 'practitioner', ownerId: 'test-expired', notBefore: new Date(now.getTime() - 400 * day), notAfter: new Date(now.getTime() - 35 * day) }),
    // Its own owner id: both services share the database, and a stranger asking for `somchai`'s id could load the trusted certificate.
    stranger.identityForPractitioner({ ...somchai, id: 'untrusted-practitioner' }) as Promise<IssuedIdentity>,
  ]);
  const [rootCertificate, issuingCertificate, strangerRoot] = await Promise.all([service.caCertificate('root'), service.caCertificate('issuing'), stranger.caCertificate('untrusted-root')]);
  return {
    service,
    database,
    rootCertificate,
    issuingCertificate,
    practitioner,
    facility,
    expired,
    tsa: service.tsa,
    revocation: service.revocation,
    issuePractitioner,
    revoke: async (identity, reason = 'keyCompromise') => {
      const { serialNumber } = new X509Certificate(new Uint8Array(identity.certificate));
      await service.revoke(serialNumber, reason);
    },
    untrusted: { rootCertificate: strangerRoot, signer: strangerSigner },
    close: async () => {
      if (!options.database) await database.close();
    },
  };
}

/** PEM text of a DER certificate, for openssl and friends. */
export function certificatePem(der: Uint8Array): string {
  return `${PemConverter.encode(bufferSource(der), 'CERTIFICATE')}\n`;
}
