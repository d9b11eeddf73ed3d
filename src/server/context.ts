/**
 * The services one server (or one CLI command) works with, built once from the configuration and
 * the database and passed down explicitly: no module-level singletons.
 */
import { loadAccountKeys } from '../accounts/account-keys';
import { createAccounts, type Accounts } from '../accounts/accounts';
import { createAnalytics, type AnalyticsService } from '../analytics/service';
import { countedVerification, createVerificationCounter } from '../analytics/verification-counter';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import { createCertificateProducer } from '../certificates/producer';
import { createCertificateServices, type CertificateServices } from '../certificates/service';
import { loadCertificateTypes, type CertificateTypes } from '../certificates/types/catalog';
import { createChatbot, type Chatbot } from '../chatbot/chatbot';
import type { ListMyCertificates } from '../chatbot/personal-answer';
import { createComplaintService, type ComplaintService } from '../complaints/service';
import type { Config } from '../config';
import type { DatabaseHandle, Db } from '../db/database';
import { createConfiguredDccService, type DccService } from '../dcc/service';
import { createLineClient } from '../delivery/line-api';
import { createLineLinks, type LineLinks } from '../delivery/line-links';
import { createPdfValidator, type PdfValidator } from '../pdf/pades/validate';
import { createCertificateRenderer, type CertificateRenderer } from '../pdf/render/render-certificate';
import { createThreadedRenderer } from '../pdf/render/render-threads';
import { createConfiguredPkiService } from '../pki/configured';
import { PkiNotInitializedError } from '../pki/errors';
import type { PkiService } from '../pki/service';
import { RegistryService } from '../registry/service';
import { createStation, type Station } from '../station/service';
import { createDatabaseBlobStore } from '../storage/database-blob-store';
import type { BlobStore } from '../storage/blob-store';
import { createQrVerification } from '../verify/qr-verification';
import { createTrustListService } from '../verify/trust-list-service';
import { createDevelopmentSmsSender, type SmsSender } from '../delivery/sms-sender';
import { createThaiBulkSmsSender } from '../delivery/thaibulksms-sender';
import { createWallet, type Wallet } from '../delivery/wallet';
import { resolveKeyEncryptionKey } from '../pki/key-encryption-key';
import { createRateLimitCounters, type RateLimitCounters } from './rate-limit-counters';
import { createDocumentCache, documentChangesChannel } from '../verify/document-cache';
import { createDocumentRegister, type DocumentRow } from '../verify/document-status';
import { withTypeNames } from '../verify/type-names';
import { createPdfVerification, type VerificationResult } from '../verify/verification';
import { createVerifiers, type Verifiers } from '../verify/verifiers';

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Db;
  audit: AuditLog;
  accounts: Accounts;
  chatbot: Chatbot;
  registry: RegistryService;
  dcc: DccService;
  pki: PkiService;
  types: CertificateTypes;
  blobs: BlobStore;
  certificates: CertificateServices;
  complaints: ComplaintService;
  verification: { pdf: (pdf: Uint8Array, at?: Date) => Promise<VerificationResult>; qr: (payload: string) => Promise<VerificationResult> };
  trustList: ReturnType<typeof createTrustListService>;
  /** A citizen's certificates by subject key, for the chatbot and LINE. */
  listMyCertificates: ListMyCertificates;
  lineLinks: LineLinks;
  verifiers: Verifiers;
  wallet: Wallet;
  station: Station;
  analytics: AnalyticsService;
  rateLimits: RateLimitCounters;
}

/** Replacements for what reaches outside the process (tests capture the SMS codes). */
export interface AppContextOverrides {
  sms?: SmsSender;
}

export async function createAppContext(config: Config, database: DatabaseHandle, overrides: AppContextOverrides = {}): Promise<AppContext> {
  const db = database.db;
  const audit = createAuditLog({ db });
  const accounts = createAccounts({ db, audit, keys: loadAccountKeys(config), production: config.production });
  const documentCache = createDocumentCache<DocumentRow>({ follow: (follower) => database.follow(documentChangesChannel, follower) });
  const registry = new RegistryService(db, () => documentCache.registryChanged());
  const pki = createConfiguredPkiService(config, db, { audit });
  const types = loadCertificateTypes();
  const blobs = createDatabaseBlobStore(db);
  const dcc = createConfiguredDccService(config, { pki, db, keyStore: pki.keyStore });
  const render = config.renderThreads > 0 ? createThreadedRenderer(config.renderThreads) : lazyRenderer();
  const producer = createCertificateProducer({ registry, pki, types, render, publicBaseUrl: config.publicBaseUrl, issueDcc: (payload) => dcc.issue(payload) });
  const certificates = createCertificateServices({ db, blobs, audit, registry, types, producer, signingLeaseMs: config.signingLeaseMs });
  certificates.events.subscribe(async (event) => documentCache.certificateChanged(event.certificateId));
  const documents = createDocumentRegister(db, documentCache);
  const trustList = createTrustListService({
    db,
    registry,
    trustAnchors: () => pki.trustAnchors(),
    signer: () => pki.identityForPlatformService('trust-list', 'medcert Trust List Signer'),
    issuer: config.publicBaseUrl,
  });
  const verificationCounter = createVerificationCounter({ db });
  const typeName = (id: string) => (types.ids().includes(id) ? types.get(id).names : undefined);
  const verification = countedVerification(
    verificationCounter,
    withTypeNames(typeName, {
      pdf: createPdfVerification({ db, documents, blobs, validatePdf: lazyValidator(pki) }),
      qr: createQrVerification({ documents, trustList: () => trustList.current(), refreshTrustList: () => trustList.refresh() }),
    }),
  );
  const analytics = createAnalytics({ db, verificationCounter, typeNames: typeName });
  const listMyCertificates: ListMyCertificates = async (subjectKey) =>
    (await certificates.queries.listBySubject(subjectKey, 20)).map((c) => ({ id: c.id, type: c.type, typeName: typeName(c.type), status: c.status, issuedAt: c.issuedAt ? new Date(c.issuedAt) : null }));
  const verifiers = createVerifiers({ db, audit, accounts, verification });
  const lineClient = config.line ? createLineClient(config.line) : undefined;
  const chatbot = createChatbot({
    db,
    listMyCertificates,
    audit,
    pushToLine: lineClient && (async (to, text, retryKey) => void (await lineClient.pushMessage({ to, messages: [{ type: 'text', text }] }, retryKey))),
  });
  const complaints = createComplaintService({ db, blobs, audit });
  const lineLinks = createLineLinks({ db, audit });
  const wallet = createWallet({
    db,
    blobs,
    audit,
    sms: overrides.sms ?? (config.sms ? createThaiBulkSmsSender(config.sms) : createDevelopmentSmsSender({ production: config.production })),
    kek: resolveKeyEncryptionKey(config),
    typeName: (typeId) => typeName(typeId) ?? null,
    startSession: (userId) => accounts.startSession(userId),
  });
  const station = createStation({ db, audit, accounts, registry, types, issuance: certificates.issuance, queries: certificates.queries, render, publicBaseUrl: config.publicBaseUrl, now: () => new Date() });
  return { config, database, db, audit, accounts, chatbot, registry, dcc, pki, types, blobs, certificates, complaints, verification, trustList, listMyCertificates, lineLinks, verifiers, wallet, station, analytics, rateLimits: createRateLimitCounters(db) };
}

/** The Typst compiler loads fonts when created: only processes that render pay for it. */
function lazyRenderer(): CertificateRenderer {
  let renderer: CertificateRenderer | undefined;
  return (input) => (renderer ??= createCertificateRenderer())(input);
}

/** The validator is built once the CA exists, and rebuilt (at most once a minute) when the trust anchors change. */
function lazyValidator(pki: PkiService): PdfValidator {
  let cached: { key: string; validator: PdfValidator; checkedAt: number } | undefined;
  return async (pdf, at) => {
    if (!cached || cached.key === '' || Date.now() - cached.checkedAt > 60_000) {
      // A platform without a CA yet trusts nothing (every signature is then chain-untrusted).
      const anchors = await pki.trustAnchors().catch((error: unknown) => {
        if (error instanceof PkiNotInitializedError) return [];
        throw error;
      });
      const key = anchors.map((a) => Buffer.from(a).toString('base64')).join(',');
      cached = cached?.key === key ? { ...cached, checkedAt: Date.now() } : { key, validator: createPdfValidator({ trustAnchors: anchors, revocationSource: pki.revocation }), checkedAt: Date.now() };
    }
    return cached.validator(pdf, at);
  };
}
