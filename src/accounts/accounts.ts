/** The accounts service: every accounts action bound to its dependencies once, as the app context carries it. */
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import type { AccountKeys } from './account-keys';
import { callerForUser, type Caller } from './caller';
import { ensureDemoClient } from './demo-client';
import { ensureDemoUser } from './demo-user';
import type { AccountsDeps, RequestOrigin } from './deps';
import { login, type LoginRequest } from './login';
import { listMembers } from './members';
import { createClient, listClients, revokeClient, type NewClient } from './oauth-clients';
import { callerForAccessToken, grantClientCredentials } from './oauth-token';
import { defaultScryptParams, type ScryptParams } from './password';
import { verifySecondFactor } from './second-factor';
import { endSession, sessionUserId, startSession } from './sessions';
import type { PlatformRole } from './tables';
import { confirmTotpEnrolment, hasTotp, startTotpEnrolment } from './totp-enrolment';
import { createUser, type NewUser } from './users';

export interface RateLimit {
  max: number;
  timeWindow: number;
}

export interface AccountsOptions {
  db: Db;
  audit: AuditLog;
  keys: AccountKeys;
  /** Secure cookies (HTTPS only) in production. */
  production?: boolean;
  now?: () => Date;
  scrypt?: ScryptParams;
  sessionTtlMs?: number;
  accessTokenTtlSeconds?: number;
  /**
   * Login and token requests per client IP, and login attempts per username (which holds even when
   * a client rotates addresses or forges X-Forwarded-For), counted in the database across server processes.
   */
  limits?: { login?: RateLimit; loginPerAccount?: RateLimit; token?: RateLimit };
}

export function createAccounts(options: AccountsOptions) {
  const deps: AccountsDeps = {
    db: options.db,
    audit: options.audit,
    keys: options.keys,
    now: options.now ?? (() => new Date()),
    scrypt: options.scrypt ?? defaultScryptParams,
    sessionTtlMs: options.sessionTtlMs ?? 8 * 60 * 60 * 1000,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 900,
  };
  return {
    production: options.production ?? false,
    sessionTtlMs: deps.sessionTtlMs,
    limits: {
      login: options.limits?.login ?? { max: 10, timeWindow: 60_000 },
      loginPerAccount: options.limits?.loginPerAccount ?? { max: 20, timeWindow: 15 * 60_000 },
      token: options.limits?.token ?? { max: 120, timeWindow: 60_000 },
    },
    createUser: (user: NewUser, within?: Db) => createUser(deps, user, within),
    login: (request: LoginRequest, origin: RequestOrigin) => login(deps, request, origin),
    logout: async (sessionToken: string, caller: Caller, origin: RequestOrigin) => {
      await endSession(deps, sessionToken);
      await deps.audit.append({ actor: caller.actor, action: 'auth.logout', targetKind: 'user', targetId: caller.id, ip: origin.ip, requestId: origin.requestId });
    },
    /** A cookie session for a user who proved who they are another way (the wallet's SMS code). */
    startSession: (userId: string) => startSession(deps, userId),
    callerForSession: async (sessionToken: string): Promise<Caller | null> => {
      const userId = await sessionUserId(deps, sessionToken);
      return userId ? callerForUser(deps, userId) : null;
    },
    /** Throws unless the user's TOTP code is valid now and unused (signing approval needs one per batch). */
    verifySecondFactor: (userId: string, code: string | undefined) => verifySecondFactor(deps, userId, code),
    /** A signed-in user's new authenticator: pending until `confirmTotpEnrolment` sees a first code from it. */
    startTotpEnrolment: (userId: string) => startTotpEnrolment(deps, userId),
    confirmTotpEnrolment: (userId: string, code: string, origin: RequestOrigin) => confirmTotpEnrolment(deps, userId, code, origin),
    hasTotp: (userId: string) => hasTotp(deps, userId),
    callerForAccessToken: (token: string) => callerForAccessToken(deps, token),
    grantToken: (request: { body: unknown; authorization?: string }, origin: RequestOrigin) => grantClientCredentials(deps, request, origin),
    createClient: (caller: Caller, facilityId: string, request: NewClient, origin: RequestOrigin) => createClient(deps, caller, facilityId, request, origin),
    listClients: (caller: Caller, facilityId: string) => listClients(deps, caller, facilityId),
    revokeClient: (caller: Caller, facilityId: string, clientId: string, origin: RequestOrigin) => revokeClient(deps, caller, facilityId, clientId, origin),
    listMembers: (caller: Caller, facilityId: string) => listMembers(deps, caller, facilityId),
    /** For the demo seed: the facility's HIS client, the same id and secret on every run. */
    ensureDemoClient: (facilityId: string) => ensureDemoClient(deps, facilityId),
    /** For the demo seed: a Station login (password + TOTP) for a practitioner, the same on every run. */
    ensureDemoUser: (user: { username: string; practitionerId?: string | null; platformRole?: PlatformRole }) => ensureDemoUser(deps, user),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
