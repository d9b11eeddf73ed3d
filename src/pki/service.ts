/**
 * The PKI as the rest of medcert sees it: creates the CA chain once, issues and caches signing
 * identities for practitioners and facilities, revokes, and runs the CRL, OCSP and TSA services.
 */
import * as x509 from './x509';
import { createHash } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import { withinOneProcess, type ExclusiveSection } from '../db/exclusive-section';
import { bufferSource } from './buffer-source';
import { createCertificateRequest, issueCertificate, keyUsage, type CertificateUrls, type Issuer } from './certificate-authority';
import { findAllBySerial, findCa, findBySerial, findCurrentForOwner, insertCertificate, listCas, listRevoked, markRevoked, type CertificateRow } from './certificate-store';
import { createCrl } from './crl';
import { ExpiringCache } from './expiring-cache';
import { publicCryptoKey } from './webcrypto-bridge';
import { CertificateNotFoundError, InvalidCertificateError, PkiNotInitializedError, UnknownCaError } from './errors';
import type { KeyAlgorithm, KeyStore, SigningIdentity, SigningKey } from './key-store';
import { createOcspRequest, respondToOcsp, type OcspCa, type OcspResponderDeps } from './ocsp-responder';
import { parseRevocationReason } from './revocation-reasons';
import { caSubject, facilitySubject, practitionerSubject, type FacilitySubject, type PractitionerSubject } from './subjects';
import type { CertificateOwnerKind } from './tables';
import { inProcessTimestampAuthority, respondToTimestampRequest, type TsaSigner } from './timestamp-authority';
import type { RevocationSource, TimestampAuthority } from './trust-services';

export interface PkiServiceOptions {
  db: Db;
  keyStore: KeyStore;
  /** Base of the OCSP, CRL and CA URLs written into certificates (config.publicBaseUrl). */
  publicBaseUrl: string;
  now?: () => Date;
  /** CA names, so a second, independent hierarchy can share a database (the untrusted test root). */
  caNames?: { root: string; issuing: string };
  /** Where chain creation, issuance, revocation and imports are recorded (ids, serials and reasons only). */
  audit?: Pick<AuditLog, 'append'>;
  /** Serialises creating an owner's first identity across processes (PostgreSQL); one process needs nothing more. */
  exclusive?: ExclusiveSection;
}

export interface PractitionerIdentityInput extends PractitionerSubject {
  id: string;
}

export interface FacilityIdentityInput extends FacilitySubject {
  id: string;
}

export interface IssueRequest {
  subject: x509.Name;
  ownerKind: CertificateOwnerKind;
  ownerId?: string | null;
  /** An existing key in the store; a new one is generated (CA's algorithm unless given) otherwise. */
  key?: SigningKey;
  algorithm?: KeyAlgorithm;
  keyUsages?: x509.KeyUsageFlags;
  extendedKeyUsages?: string[];
  extendedKeyUsageCritical?: boolean;
  extensions?: x509.Extension[];
  notBefore?: Date;
  notAfter?: Date;
  validityDays?: number;
}

export interface IssuedIdentity extends SigningIdentity {
  serial: string;
}

/** What a CSR is for: our issuing CA (to be signed by a licensed external CA) or one facility's e-seal. */
export type CsrTarget = { kind: 'issuing' } | { kind: 'facility'; facility: FacilityIdentityInput };

export interface ImportedCertificate {
  kind: 'issuing-ca' | 'facility';
  serial: string;
  subject: string;
  issuer: string;
}

export interface InitializedChain {
  created: boolean;
  algorithm: KeyAlgorithm;
  root: { serial: string; subject: string };
  issuing: { serial: string; subject: string };
}

const day = 86_400_000;
const validity = { rootDays: 20 * 365, issuingDays: 10 * 365, tsaDays: 5 * 365, endEntityDays: 2 * 365 };
const ocspValidityMs = 60 * 60 * 1000;
const crlValidityMs = day;
/** Identities, CAs, OCSP responses and CRLs are re-read after this long, so other nodes' changes take effect. */
const cacheMs = 60_000;
const chainWaitAttempts = 50;
const signerKeyUsages = keyUsage.digitalSignature | keyUsage.nonRepudiation;
const timeStampingOid = '1.3.6.1.5.5.7.3.8';

interface CachedIdentity {
  identity: Promise<IssuedIdentity>;
  loadedAt: number;
}

export class PkiService {
  readonly tsa: TimestampAuthority;
  readonly revocation: RevocationSource;
  readonly #db: Db;
  readonly #keyStore: KeyStore;
  readonly #now: () => Date;
  readonly #baseUrl: string;
  readonly #caNames: { root: string; issuing: string };
  readonly #audit?: Pick<AuditLog, 'append'>;
  readonly #exclusive: ExclusiveSection;
  readonly #identities = new Map<string, CachedIdentity>();
  #initializing?: Promise<InitializedChain>;
  #tsa?: { identity: IssuedIdentity; signer: TsaSigner };
  readonly #cas = new ExpiringCache<OcspCa[]>(cacheMs);
  /** Revocation data for the in-process RevocationSource, dropped on every revocation here. */
  readonly #ocspResponses = new ExpiringCache<Uint8Array>(cacheMs);
  readonly #crls = new ExpiringCache<Uint8Array>(cacheMs);

  /** The store the PKI's keys live in, for services that sign under certificates it issues (DCC document signers). */
  get keyStore(): KeyStore {
    return this.#keyStore;
  }

  constructor(options: PkiServiceOptions) {
    this.#db = options.db;
    this.#keyStore = options.keyStore;
    this.#now = options.now ?? (() => new Date());
    this.#baseUrl = options.publicBaseUrl.replace(/\/+$/, '');
    this.#caNames = options.caNames ?? { root: 'root', issuing: 'issuing' };
    this.#audit = options.audit;
    this.#exclusive = options.exclusive ?? withinOneProcess;
    this.tsa = inProcessTimestampAuthority(() => this.#tsaSigner(), this.#now);
    this.revocation = {
      ocsp: async (certificate, issuer) => {
        const cas = await this.#ocspCas();
        if (!cas.some((ca) => Buffer.compare(ca.certificate, issuer) === 0)) return undefined;
        const key = createHash('sha256').update(certificate).update(issuer).digest('hex');
        return this.#ocspResponses.get(key, async () => this.respondToOcsp(await createOcspRequest(certificate, issuer)));
      },
      crl: async (issuer) => {
        const ca = (await this.#ocspCas()).find((candidate) => Buffer.compare(candidate.certificate, issuer) === 0);
        return ca ? this.crl(ca.name) : undefined;
      },
    };
  }

  /** Creates the root CA, the issuing CA and the TSA certificate unless they exist; safe to call on every start. */
  ensureInitialized(options: { algorithm?: KeyAlgorithm } = {}): Promise<InitializedChain> {
    this.#initializing ??= this.#initialize(options.algorithm ?? 'ECDSA-P256').catch((error: unknown) => {
      this.#initializing = undefined;
      throw error;
    });
    return this.#initializing;
  }

  async #initialize(algorithm: KeyAlgorithm): Promise<InitializedChain> {
    try {
      return await this.#createChain(algorithm);
    } catch (error) {
      // Another node may have won the race to create the chain (ca_name is unique): wait for its chain.
      for (let attempt = 0; attempt < chainWaitAttempts; attempt++) {
        const [root, issuing] = await Promise.all([findCa(this.#db, this.#caNames.root), findCa(this.#db, this.#caNames.issuing)]);
        if (root && issuing) return this.#describe(false, root, issuing);
        if (!root) break;
        await setTimeout(100);
      }
      throw error;
    }
  }

  async #createChain(algorithm: KeyAlgorithm): Promise<InitializedChain> {
    const existingRoot = await findCa(this.#db, this.#caNames.root);
    const existingIssuing = await findCa(this.#db, this.#caNames.issuing);
    if (existingRoot && existingIssuing) return this.#describe(false, existingRoot, existingIssuing);
    const now = this.#now();
    const root = existingRoot ?? (await this.#createRoot(algorithm, now));
    const rootIssuer: Issuer = { key: await this.#keyStore.get(root.key_id!), certificate: root.der };
    const issuingKey = await this.#keyStore.generate(`ca:${this.#caNames.issuing}`, algorithm);
    const issuingDer = await issueCertificate({
      subject: caSubject(this.#caNames.issuing === 'issuing' ? 'MOPH Medical Certificate Issuing CA' : `${this.#caNames.issuing} Issuing CA`),
      publicKey: await issuingKey.publicKeySpki(),
      issuer: rootIssuer,
      notBefore: now,
      notAfter: new Date(now.getTime() + validity.issuingDays * day),
      keyUsages: keyUsage.keyCertSign | keyUsage.cRLSign,
      ca: { pathLength: 0 },
      urls: this.#urlsFor(this.#caNames.root),
    });
    const issuing = await insertCertificate(this.#db, { der: issuingDer, issuerId: root.id, keyId: issuingKey.id, ownerKind: 'issuing-ca', caName: this.#caNames.issuing });
    this.#cas.clear();
    await this.#record('pki.chain_created', issuing, { algorithm, root: root.serial });
    return this.#describe(true, root, issuing);
  }

  async #createRoot(algorithm: KeyAlgorithm, now: Date): Promise<CertificateRow> {
    const key = await this.#keyStore.generate(`ca:${this.#caNames.root}`, algorithm);
    const der = await issueCertificate({
      subject: caSubject(this.#caNames.root === 'root' ? 'MOPH Medical Certificate Root CA' : `${this.#caNames.root} Root CA`),
      publicKey: await key.publicKeySpki(),
      selfKey: key,
      notBefore: now,
      notAfter: new Date(now.getTime() + validity.rootDays * day),
      keyUsages: keyUsage.keyCertSign | keyUsage.cRLSign,
      ca: {},
    });
    return insertCertificate(this.#db, { der, issuerId: null, keyId: key.id, ownerKind: 'root-ca', caName: this.#caNames.root });
  }

  async #describe(created: boolean, root: CertificateRow, issuing: CertificateRow): Promise<InitializedChain> {
    const { algorithm } = await this.#db.selectFrom('pki_keys').select('algorithm').where('id', '=', issuing.key_id!).executeTakeFirstOrThrow();
    return { created, algorithm, root: { serial: root.serial, subject: root.subject }, issuing: { serial: issuing.serial, subject: issuing.subject } };
  }

  /** The practitioner's signing identity, issuing a certificate (and key) on first use. */
  identityForPractitioner(practitioner: PractitionerIdentityInput): Promise<SigningIdentity> {
    return this.#identityFor('practitioner', practitioner.id, () => ({ subject: practitionerSubject(practitioner), ownerKind: 'practitioner', ownerId: practitioner.id }));
  }

  /** The facility's e-seal identity, issuing a certificate (and key) on first use. */
  identityForFacility(facility: FacilityIdentityInput): Promise<SigningIdentity> {
    return this.#identityFor('facility', facility.id, () => ({ subject: facilitySubject(facility), ownerKind: 'facility', ownerId: facility.id }));
  }

  /** A platform service's signing identity (e.g. the trust list's signer), issued on first use. */
  identityForPlatformService(purpose: string, commonName: string): Promise<SigningIdentity> {
    return this.#identityFor('other', purpose, () => ({ subject: caSubject(commonName), ownerKind: 'other', ownerId: purpose, keyUsages: keyUsage.digitalSignature }));
  }

  #identityFor(kind: CertificateOwnerKind, ownerId: string, request: () => IssueRequest): Promise<IssuedIdentity> {
    const cacheKey = `${kind}:${ownerId}`;
    const cached = this.#identities.get(cacheKey);
    if (cached && Date.now() - cached.loadedAt < cacheMs) return cached.identity;
    const identity = this.#loadOrIssue(kind, ownerId, request);
    this.#identities.set(cacheKey, { identity, loadedAt: Date.now() });
    identity.catch(() => this.#identities.delete(cacheKey));
    return identity;
  }

  async #loadOrIssue(kind: CertificateOwnerKind, ownerId: string, request: () => IssueRequest): Promise<IssuedIdentity> {
    const existing = await findCurrentForOwner(this.#db, kind, ownerId, this.#now());
    if (existing?.key_id) return this.#identityOf(existing, await this.#keyStore.get(existing.key_id));
    // First use: one process at a time creates it, and one that waited takes the identity created meanwhile
    // (two workers signing an owner's first certificates at once would otherwise give it two keys).
    return this.#exclusive(`medcert:pki-identity:${kind}:${ownerId}`, async () => {
      const created = await findCurrentForOwner(this.#db, kind, ownerId, this.#now());
      if (created?.key_id) return this.#identityOf(created, await this.#keyStore.get(created.key_id));
      return this.issueCertificate(request());
    });
  }

  /** Issues a certificate from the issuing CA; the generic path behind every end-entity profile (DCC document signers too). */
  async issueCertificate(request: IssueRequest): Promise<IssuedIdentity> {
    const { row: caRow, issuer } = await this.#issuer(this.#caNames.issuing);
    const key = request.key ?? (await this.#keyStore.generate(`${request.ownerKind}:${request.ownerId ?? ''}`, request.algorithm ?? issuer.key.algorithm));
    const notBefore = request.notBefore ?? this.#now();
    const notAfter = request.notAfter ?? new Date(notBefore.getTime() + (request.validityDays ?? validity.endEntityDays) * day);
    const der = await issueCertificate({
      subject: request.subject,
      publicKey: await key.publicKeySpki(),
      issuer,
      notBefore,
      notAfter,
      keyUsages: request.keyUsages ?? signerKeyUsages,
      extendedKeyUsages: request.extendedKeyUsages,
      extendedKeyUsageCritical: request.extendedKeyUsageCritical,
      extensions: request.extensions,
      urls: this.#urlsFor(this.#caNames.issuing),
    });
    const row = await insertCertificate(this.#db, { der, issuerId: caRow.id, keyId: key.id, ownerKind: request.ownerKind, ownerId: request.ownerId ?? null });
    await this.#record('pki.certificate_issued', row, { ownerKind: row.owner_kind });
    return this.#identityOf(row, key);
  }

  /** Revokes a certificate by serial (hex); unknown serials are a NotFound, a second revocation changes nothing. */
  async revoke(serial: string, reason: string, actor = 'system'): Promise<void> {
    const parsedReason = parseRevocationReason(reason);
    const rows = await findAllBySerial(this.#db, serial);
    if (rows.length === 0) throw new CertificateNotFoundError('No certificate with this serial number was issued here.');
    for (const row of rows) {
      const revoked = await markRevoked(this.#db, row.id, this.#now(), parsedReason);
      if (revoked) await this.#record('pki.certificate_revoked', revoked, { reason: parsedReason }, actor);
    }
    this.#ocspResponses.clear();
    this.#crls.clear();
    for (const [key, cached] of this.#identities) {
      const identity = await cached.identity.catch(() => undefined);
      if (!identity || rows.some((row) => row.serial === identity.serial)) this.#identities.delete(key);
    }
  }

  /** The certificates relying parties must trust: our root and the roots of imported external chains. */
  async trustAnchors(): Promise<Uint8Array[]> {
    const root = await findCa(this.#db, this.#caNames.root);
    if (!root) throw new PkiNotInitializedError('The PKI has no CA yet: run `medcert pki init`.');
    const external = await this.#db.selectFrom('pki_certificates').select(['der', 'subject', 'issuer']).where('owner_kind', '=', 'external-ca').where('issuer_id', 'is', null).execute();
    return [root.der, ...external.filter((row) => row.subject === row.issuer).map((row) => row.der)].map((der) => new Uint8Array(der));
  }

  /** A PKCS#10 request over a new key, for a licensed external CA to sign; `importCertificate` takes the answer back. */
  async createCertificateRequest(target: CsrTarget): Promise<{ keyId: string; csr: Uint8Array }> {
    const chain = await this.ensureInitialized();
    const [label, subject] =
      target.kind === 'issuing' ? [`ca:${this.#caNames.issuing}:requested`, caSubject('MOPH Medical Certificate Issuing CA')] : [`facility:${target.facility.id}`, facilitySubject(target.facility)];
    const key = await this.#keyStore.generate(label, chain.algorithm);
    return { keyId: key.id, csr: await createCertificateRequest(key, subject, await publicCryptoKey(key)) };
  }

  /**
   * Takes back a certificate signed for one of our CSRs, with the external chain after it (leaf
   * first). It must certify a key generated here; a CA certificate becomes the issuing CA.
   */
  async importCertificate(bundle: Uint8Array[]): Promise<ImportedCertificate> {
    const [leafDer, ...chainDers] = bundle;
    if (!leafDer) throw new InvalidCertificateError('The file holds no certificate.');
    const leaf = parseCertificate(leafDer);
    const spki = new Uint8Array(leaf.publicKey.rawData);
    const key = (await this.#db.selectFrom('pki_keys').select(['id', 'label', 'public_key']).execute()).find((row) => Buffer.from(row.public_key).equals(Buffer.from(spki)));
    if (!key) throw new InvalidCertificateError('The certificate does not certify any key generated here (run `medcert pki csr` first).');
    const isCa = leaf.getExtension(x509.BasicConstraintsExtension)?.ca === true;
    if (isCa !== key.label.startsWith('ca:')) throw new InvalidCertificateError(isCa ? 'A CA certificate was returned for a facility key.' : 'The issuing CA key came back without a CA certificate.');
    const issuerId = await this.#storeExternalChain(chainDers);
    if (isCa) {
      const current = await findCa(this.#db, this.#caNames.issuing);
      // The old issuing CA keeps answering OCSP for what it issued, under a retired name.
      if (current) await this.#db.updateTable('pki_certificates').set({ ca_name: `${this.#caNames.issuing}-${current.serial.slice(0, 16)}` }).where('id', '=', current.id).execute();
    }
    const ownerId = isCa ? null : key.label.slice('facility:'.length);
    const row = await insertCertificate(this.#db, { der: leafDer, issuerId, keyId: key.id, ownerKind: isCa ? 'issuing-ca' : 'facility', ownerId, caName: isCa ? this.#caNames.issuing : null });
    this.#identities.clear();
    this.#cas.clear();
    await this.#record('pki.certificate_imported', row, { ownerKind: row.owner_kind }, 'cli');
    return { kind: isCa ? 'issuing-ca' : 'facility', serial: row.serial, subject: row.subject, issuer: row.issuer };
  }

  /** Stores the external issuer certificates (root last), each linked to the one above it; returns the first one's id. */
  async #storeExternalChain(ders: Uint8Array[]): Promise<string | null> {
    let issuerId: string | null = null;
    for (const der of [...ders].reverse()) {
      parseCertificate(der);
      const existing = await this.#db.selectFrom('pki_certificates').select('id').where('der', '=', der).executeTakeFirst();
      issuerId = existing?.id ?? (await insertCertificate(this.#db, { der, issuerId, keyId: null, ownerKind: 'external-ca' })).id;
    }
    return issuerId;
  }

  /** A CA certificate by its name in the URLs (`root`, `issuing`). */
  async caCertificate(caName: string): Promise<Uint8Array> {
    return new Uint8Array((await this.#caRow(caName)).der);
  }

  /** The CA's current CRL (nextUpdate a day ahead), rebuilt at most once a minute or after a revocation here. */
  crl(caName: string): Promise<Uint8Array> {
    return this.#crls.get(caName, () => this.#buildCrl(caName));
  }

  async #buildCrl(caName: string): Promise<Uint8Array> {
    const { row, issuer } = await this.#issuer(caName);
    const revoked = await listRevoked(this.#db, row.id);
    const thisUpdate = new Date(Math.floor(this.#now().getTime() / 1000) * 1000);
    return createCrl({
      ca: issuer,
      revoked: revoked.map((entry) => ({ serial: entry.serial, revokedAt: entry.revoked_at ?? thisUpdate, reason: entry.revocation_reason })),
      thisUpdate,
      nextUpdate: new Date(thisUpdate.getTime() + crlValidityMs),
    });
  }

  respondToOcsp(requestDer: Uint8Array): Promise<Uint8Array> {
    const deps: OcspResponderDeps = {
      cas: () => this.#ocspCas(),
      lookup: async (caId, serial) => {
        const row = await findBySerial(this.#db, caId, serial);
        return row && { status: row.status, revokedAt: row.revoked_at, reason: row.revocation_reason };
      },
      now: this.#now,
      validityMs: ocspValidityMs,
    };
    return respondToOcsp(requestDer, deps);
  }

  async respondToTimestampRequest(requestDer: Uint8Array): Promise<Uint8Array> {
    return respondToTimestampRequest(requestDer, await this.#tsaSigner(), this.#now());
  }

  /** The CAs that answer OCSP, re-read after the cache period so an import by another node shows up. */
  #ocspCas(): Promise<OcspCa[]> {
    return this.#cas.get('all', async () => {
      const rows = (await listCas(this.#db)).filter((row) => row.key_id);
      return Promise.all(rows.map(async (row) => ({ id: row.id, name: row.ca_name!, certificate: new Uint8Array(row.der), key: await this.#keyStore.get(row.key_id!) })));
    });
  }

  async #tsaSigner(): Promise<TsaSigner> {
    const identity = await this.#identityFor('tsa', this.#caNames.issuing, () => ({
      subject: caSubject(`${this.#caNames.issuing === 'issuing' ? 'MOPH' : this.#caNames.issuing} Time-Stamping Authority`),
      ownerKind: 'tsa',
      ownerId: this.#caNames.issuing,
      keyUsages: signerKeyUsages,
      extendedKeyUsages: [timeStampingOid],
      extendedKeyUsageCritical: true,
      validityDays: validity.tsaDays,
    }));
    if (this.#tsa?.identity !== identity) this.#tsa = { identity, signer: { key: identity.key, certificate: identity.certificate } };
    return this.#tsa.signer;
  }

  async #caRow(caName: string): Promise<CertificateRow> {
    if (!/^[a-z0-9-]{1,40}$/.test(caName)) throw new UnknownCaError('No certificate authority of this name runs here.');
    const row = await findCa(this.#db, caName);
    if (!row) throw (await findCa(this.#db, this.#caNames.root)) ? new UnknownCaError('No certificate authority of this name runs here.') : new PkiNotInitializedError('The PKI has no CA yet: run `medcert pki init`.');
    return row;
  }

  async #issuer(caName: string): Promise<{ row: CertificateRow; issuer: Issuer }> {
    const row = await this.#caRow(caName);
    if (!row.key_id) throw new UnknownCaError('This certificate authority has no key here.');
    return { row, issuer: { key: await this.#keyStore.get(row.key_id), certificate: new Uint8Array(row.der) } };
  }

  async #record(action: string, row: CertificateRow, details: Record<string, string>, actor = 'system'): Promise<void> {
    await this.#audit?.append({ actor, action, targetKind: 'pki_certificate', targetId: row.id, details: { serial: row.serial, ...details } });
  }

  async #identityOf(row: CertificateRow, key: SigningKey): Promise<IssuedIdentity> {
    return { key, certificate: new Uint8Array(row.der), chain: await this.#chainOf(row), serial: row.serial };
  }

  /** Issuer certificates from the issuing CA up to the root, following `issuer_id`. */
  async #chainOf(row: CertificateRow): Promise<Uint8Array[]> {
    const chain: Uint8Array[] = [];
    let issuerId = row.issuer_id;
    while (issuerId && chain.length < 5) {
      const issuer = await this.#db.selectFrom('pki_certificates').selectAll().where('id', '=', issuerId).executeTakeFirstOrThrow();
      chain.push(new Uint8Array(issuer.der));
      issuerId = issuer.issuer_id;
    }
    return chain;
  }

  #urlsFor(caName: string): CertificateUrls {
    return {
      ocsp: `${this.#baseUrl}/pki/ocsp`,
      caIssuers: `${this.#baseUrl}/pki/ca/${caName}.cer`,
      crl: `${this.#baseUrl}/pki/crl/${caName}.crl`,
    };
  }
}

/** Parses a certificate, reporting garbage as a typed input error. */
export function parseCertificate(der: Uint8Array): x509.X509Certificate {
  try {
    return new x509.X509Certificate(bufferSource(der));
  } catch (error) {
    throw new InvalidCertificateError('The file is not an X.509 certificate.', undefined, { cause: error });
  }
}
