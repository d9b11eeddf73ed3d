/**
 * The verifiers service: organisations and their API keys bound to their dependencies once, and the
 * verify operations that run within a time budget and record each verification (anonymous too, in batches).
 */
import type { Accounts } from '../accounts/accounts';
import type { Caller } from '../accounts/caller';
import type { RequestOrigin } from '../accounts/deps';
import type { AuditLog } from '../audit/audit-log';
import { isUuid } from '../certificates/queries';
import type { Db } from '../db/database';
import { ForbiddenError, NotFoundError } from '../errors';
import { VerificationTimeoutError } from './errors';
import type { VerifierStatus, VerificationChannel } from './tables';
import { defaultTimeBudgetMs, withinBudget } from './time-budget';
import { createVerificationLog, historyOfOrganisation, verificationsOfCertificate } from './verification-log';
import type { VerificationResult } from './verification';
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey, setApiKeyRateLimit, type NewApiKey, type VerifierIdentity } from './verifier-api-keys';
import type { VerifierDeps } from './verifier-deps';
import { callerOrganisation, decideOrganisation, listOrganisations, registerOrganisation, type NewOrganisation } from './verifier-organisations';

export interface VerifiersOptions {
  db: Db;
  audit: AuditLog;
  accounts: Pick<Accounts, 'createUser'>;
  verification: { pdf: (pdf: Uint8Array) => Promise<VerificationResult>; qr: (payload: string) => Promise<VerificationResult> };
  /** Registrations per client address (default 10 an hour), counted across server processes (src/server/rate-limit-counters.ts). */
  limits?: { registration?: { max: number; timeWindow: number } };
  /** How long one verification may take before the caller gets `verification-timeout` (default 5 s). */
  timeBudgetMs?: number;
  now?: () => Date;
}

export const timeoutReason = 'verification.timeout';

export function createVerifiers(options: VerifiersOptions) {
  const deps: VerifierDeps = { db: options.db, audit: options.audit, createUser: options.accounts.createUser, now: options.now ?? (() => new Date()) };
  const budgetMs = options.timeBudgetMs ?? defaultTimeBudgetMs;

  const log = createVerificationLog({ db: options.db, now: deps.now });

  /** Verifies within the budget and records the verdict; past the budget records a timeout and throws it, or answers it in place. */
  async function recorded(channel: VerificationChannel, work: Promise<VerificationResult>, verifier: VerifierIdentity | null, timeout: 'throw' | 'answer' = 'throw'): Promise<VerificationResult> {
    try {
      const result = await withinBudget(work, budgetMs);
      log.record(channel, result, verifier);
      return result;
    } catch (error) {
      if (!(error instanceof VerificationTimeoutError)) throw error;
      const timedOut = { valid: false, reasons: [timeoutReason], document: null, signatures: [], detail: error.message };
      log.record(channel, timedOut, verifier);
      if (timeout === 'throw') throw error;
      return timedOut;
    }
  }

  return {
    limits: { registration: options.limits?.registration ?? { max: 10, timeWindow: 60 * 60_000 } },
    verifyPdf: (pdf: Uint8Array, verifier: VerifierIdentity | null) => recorded('pdf', options.verification.pdf(pdf), verifier),
    verifyQr: (payload: string, verifier: VerifierIdentity | null) => recorded('qr', options.verification.qr(payload), verifier),
    verifyQrInBatch: (payload: string, verifier: VerifierIdentity | null) => recorded('qr', options.verification.qr(payload), verifier, 'answer'),
    authenticateApiKey: (key: string) => authenticateApiKey(deps, key),

    register: (request: NewOrganisation, origin: RequestOrigin) => registerOrganisation(deps, request, origin),
    organisationOf: (caller: Caller) => callerOrganisation(deps, caller),
    listOrganisations: (caller: Caller, status?: VerifierStatus) => listOrganisations(deps, caller, status),
    decide: (caller: Caller, organisationId: string, decision: 'approve' | 'suspend', origin: RequestOrigin) => decideOrganisation(deps, caller, organisationId, decision, origin),

    createApiKey: (caller: Caller, request: NewApiKey, origin: RequestOrigin) => createApiKey(deps, caller, request, origin),
    listApiKeys: (caller: Caller) => listApiKeys(deps, caller),
    setApiKeyRateLimit: (caller: Caller, keyId: string, rateLimitPerMinute: number, origin: RequestOrigin) => setApiKeyRateLimit(deps, caller, keyId, rateLimitPerMinute, origin),
    revokeApiKey: (caller: Caller, keyId: string, origin: RequestOrigin) => revokeApiKey(deps, caller, keyId, origin),

    /** Writes the queued verification rows (shutdown, and tests that read the table). */
    flushLog: () => log.flush(),
    history: async (organisationId: string, page: { before?: Date; limit: number }) => {
      await log.flush();
      return historyOfOrganisation(deps.db, organisationId, page);
    },
    verificationsOfCertificate: async (certificateId: string) => {
      await log.flush();
      return verificationsOfCertificate(deps.db, certificateId);
    },

    /** The verifiers of a certificate, for the signed-in citizen it was issued to; anyone else's is "not found". */
    async verificationsForCitizen(caller: Caller, certificateId: string) {
      if (!caller.citizenSubjectKey) throw new ForbiddenError('Only a signed-in citizen sees who verified their certificates.');
      const owned = isUuid(certificateId)
        ? await deps.db.selectFrom('certificates').select('id').where('id', '=', certificateId).where('subject_key', '=', caller.citizenSubjectKey).executeTakeFirst()
        : undefined;
      if (!owned) throw new NotFoundError('No such certificate.');
      await log.flush();
      return verificationsOfCertificate(deps.db, owned.id);
    },
  };
}

export type Verifiers = ReturnType<typeof createVerifiers>;
