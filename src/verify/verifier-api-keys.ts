/**
 * API keys of verifier organisations: shown once at creation, stored as SHA-256 like OAuth client
 * secrets, each with its own rate limit; revoking a key (or suspending its organisation) stops it at once.
 */
import type { Caller } from '../accounts/caller';
import type { RequestOrigin } from '../accounts/deps';
import type { AuditDetailValue } from '../audit/audit-event';
import { newOpaqueToken, tokenDigest } from '../accounts/opaque-token';
import { InvalidInputError, NotFoundError } from '../errors';
import { InvalidApiKeyError, VerifierNotActiveError } from './errors';
import { callerOrganisation } from './verifier-organisations';
import type { VerifierDeps } from './verifier-deps';

export const apiKeyPrefix = 'mcv_';
const apiKeyShape = /^mcv_[A-Za-z0-9_-]{43}$/;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const defaultRateLimitPerMinute = 60;
export const maxRateLimitPerMinute = 100_000;

export interface NewApiKey {
  label: string;
  rateLimitPerMinute?: number;
}

export interface ApiKeySummary {
  id: string;
  label: string;
  rateLimitPerMinute: number;
  createdAt: string;
  revoked: boolean;
}

/** Who an API key speaks for, as the verify routes attribute and rate-limit its requests. */
export interface VerifierIdentity {
  keyId: string;
  organisationId: string;
  rateLimitPerMinute: number;
}

function checkRateLimit(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > maxRateLimitPerMinute) throw new InvalidInputError(`A rate limit is a whole number of requests a minute from 1 to ${maxRateLimitPerMinute}.`);
  return value;
}

export async function createApiKey(deps: VerifierDeps, caller: Caller, request: NewApiKey, origin: RequestOrigin): Promise<ApiKeySummary & { key: string }> {
  const organisation = await callerOrganisation(deps, caller);
  if (organisation.status !== 'active') throw new VerifierNotActiveError(`The organisation is ${organisation.status}; API keys are issued once a platform operator has approved it.`);
  const label = request.label.trim();
  if (label.length === 0 || label.length > 100) throw new InvalidInputError('A key label has 1 to 100 characters.');
  const rateLimitPerMinute = checkRateLimit(request.rateLimitPerMinute ?? defaultRateLimitPerMinute);
  const key = apiKeyPrefix + newOpaqueToken();
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('verifier_api_keys')
      .values({ organisation_id: organisation.id, label, key_hash: tokenDigest(key), rate_limit_per_minute: rateLimitPerMinute, created_by: caller.id, revoked_at: null })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await deps.audit.append({ actor: caller.actor, action: 'verifier.api_key_created', targetKind: 'verifier_api_key', targetId: inserted.id, ip: origin.ip, requestId: origin.requestId, details: { organisationId: organisation.id, rateLimitPerMinute } }, trx);
    return inserted;
  });
  return { id: row.id, label, rateLimitPerMinute, createdAt: row.created_at.toISOString(), revoked: false, key };
}

export async function listApiKeys(deps: VerifierDeps, caller: Caller): Promise<ApiKeySummary[]> {
  const organisation = await callerOrganisation(deps, caller);
  const rows = await deps.db
    .selectFrom('verifier_api_keys')
    .select(['id', 'label', 'rate_limit_per_minute', 'created_at', 'revoked_at'])
    .where('organisation_id', '=', organisation.id)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({ id: row.id, label: row.label, rateLimitPerMinute: row.rate_limit_per_minute, createdAt: row.created_at.toISOString(), revoked: row.revoked_at !== null }));
}

/** Changes a live key's limit; it applies from the key's next request. */
export async function setApiKeyRateLimit(deps: VerifierDeps, caller: Caller, keyId: string, rateLimitPerMinute: number, origin: RequestOrigin): Promise<void> {
  const organisation = await callerOrganisation(deps, caller);
  checkRateLimit(rateLimitPerMinute);
  await changeLiveKey(deps, organisation.id, keyId, { rate_limit_per_minute: rateLimitPerMinute }, { actor: caller.actor, action: 'verifier.api_key_rate_limit_set', details: { rateLimitPerMinute }, origin });
}

export async function revokeApiKey(deps: VerifierDeps, caller: Caller, keyId: string, origin: RequestOrigin): Promise<void> {
  const organisation = await callerOrganisation(deps, caller);
  await changeLiveKey(deps, organisation.id, keyId, { revoked_at: deps.now() }, { actor: caller.actor, action: 'verifier.api_key_revoked', origin });
}

async function changeLiveKey(
  deps: VerifierDeps,
  organisationId: string,
  keyId: string,
  change: { rate_limit_per_minute: number } | { revoked_at: Date },
  event: { actor: string; action: string; details?: Record<string, AuditDetailValue>; origin: RequestOrigin },
): Promise<void> {
  if (!uuidShape.test(keyId)) throw new NotFoundError('Your organisation has no live API key with that id.');
  await deps.db.transaction().execute(async (trx) => {
    const changed = await trx.updateTable('verifier_api_keys').set(change).where('id', '=', keyId).where('organisation_id', '=', organisationId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
    if (!changed) throw new NotFoundError('Your organisation has no live API key with that id.');
    await deps.audit.append({ actor: event.actor, action: event.action, targetKind: 'verifier_api_key', targetId: keyId, ip: event.origin.ip, requestId: event.origin.requestId, details: event.details }, trx);
  });
}

/** The live key of an active organisation; every other case is the same `invalid-api-key` answer. */
export async function authenticateApiKey(deps: VerifierDeps, key: string): Promise<VerifierIdentity> {
  // Looked up by its digest: the key has 256 random bits, so the lookup reveals nothing worth timing.
  const row = apiKeyShape.test(key)
    ? await deps.db
        .selectFrom('verifier_api_keys as k')
        .innerJoin('verifier_organisations as o', 'o.id', 'k.organisation_id')
        .select(['k.id', 'k.organisation_id', 'k.rate_limit_per_minute'])
        .where('k.key_hash', '=', tokenDigest(key))
        .where('k.revoked_at', 'is', null)
        .where('o.status', '=', 'active')
        .executeTakeFirst()
    : undefined;
  if (!row) throw new InvalidApiKeyError('The API key is malformed, unknown or revoked, or its organisation is not active.');
  return { keyId: row.id, organisationId: row.organisation_id, rateLimitPerMinute: row.rate_limit_per_minute };
}

/**
 * The API key a request presents, from `Authorization: ApiKey <key>` or `X-Api-Key`; undefined when it
 * presents none (other Authorization schemes are not ours to judge). Two different keys are refused.
 */
export function presentedApiKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  const fromAuthorization = typeof authorization === 'string' ? /^ApiKey\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  const header = headers['x-api-key'];
  if (Array.isArray(header)) throw new InvalidApiKeyError('Send one X-Api-Key header.');
  const fromHeader = header?.trim();
  if (fromAuthorization !== undefined && fromHeader !== undefined && fromAuthorization !== fromHeader) throw new InvalidApiKeyError('The Authorization and X-Api-Key headers carry different keys.');
  if (typeof authorization === 'string' && /^ApiKey\b/i.test(authorization) && fromAuthorization === undefined) throw new InvalidApiKeyError('The ApiKey authorization is malformed.');
  return fromAuthorization ?? fromHeader;
}
