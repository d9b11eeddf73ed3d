/** OAuth2 clients of hospital systems: created by a facility admin (secret shown once, stored as SHA-256), checked at the token endpoint. */
import { InvalidInputError, NotFoundError } from '../errors';
import type { AccountsDeps, RequestOrigin } from './deps';
import { assertFacilityAccess, type Caller } from './caller';
import { OAuthInvalidClientError } from './errors';
import { digestMatches, newOpaqueToken, tokenDigest } from './opaque-token';

export const oauthScopes = ['certificates:write', 'certificates:read', 'certificates:revoke'] as const;
export type OAuthScope = (typeof oauthScopes)[number];

export interface NewClient {
  label: string;
  scopes?: string[];
}

export interface CreatedClient {
  id: string;
  facilityId: string;
  label: string;
  scopes: string[];
  /** Shown once; only its digest is stored. */
  secret: string;
}

export interface ClientSummary {
  id: string;
  label: string;
  scopes: string[];
  createdAt: string;
  revoked: boolean;
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkScopes(scopes: readonly string[]): string[] {
  const unknown = scopes.filter((scope) => !(oauthScopes as readonly string[]).includes(scope));
  if (unknown.length > 0) throw new InvalidInputError(`Unknown scope(s): ${unknown.map((s) => s.slice(0, 40)).join(', ')}; expected some of ${oauthScopes.join(', ')}.`);
  return [...new Set(scopes)].sort();
}

/** A facility admin (or a platform operator) creates an API client for the facility's hospital system. */
export async function createClient(deps: AccountsDeps, caller: Caller, facilityId: string, request: NewClient, origin: RequestOrigin): Promise<CreatedClient> {
  assertFacilityAccess(caller, facilityId, ['admin']);
  const label = request.label.trim();
  if (label.length === 0 || label.length > 100) throw new InvalidInputError('A client label has 1 to 100 characters.');
  const scopes = checkScopes(request.scopes ?? [...oauthScopes]);
  const secret = newOpaqueToken();
  const row = await deps.db
    .insertInto('oauth_clients')
    .values({ facility_id: facilityId, label, secret_hash: tokenDigest(secret), scopes: scopes.join(' '), created_by: caller.kind === 'user' ? caller.id : null, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await deps.audit.append({ actor: caller.actor, action: 'oauth.client_created', targetKind: 'oauth_client', targetId: row.id, facilityId, ip: origin.ip, requestId: origin.requestId, details: { scopes: scopes.join(' ') } });
  return { id: row.id, facilityId, label, scopes, secret };
}

export async function listClients(deps: AccountsDeps, caller: Caller, facilityId: string): Promise<ClientSummary[]> {
  assertFacilityAccess(caller, facilityId, ['admin']);
  const rows = await deps.db.selectFrom('oauth_clients').select(['id', 'label', 'scopes', 'created_at', 'revoked_at']).where('facility_id', '=', facilityId).orderBy('created_at').execute();
  return rows.map((row) => ({ id: row.id, label: row.label, scopes: row.scopes.split(' '), createdAt: row.created_at.toISOString(), revoked: row.revoked_at !== null }));
}

/** Revokes a client of the facility: its secret and every token it holds stop working at once. */
export async function revokeClient(deps: AccountsDeps, caller: Caller, facilityId: string, clientId: string, origin: RequestOrigin): Promise<void> {
  assertFacilityAccess(caller, facilityId, ['admin']);
  const revoked = await deps.db
    .updateTable('oauth_clients')
    .set({ revoked_at: deps.now() })
    .where('id', '=', clientId)
    .where('facility_id', '=', facilityId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!revoked) throw new NotFoundError('This facility has no active API client with that id.');
  await deps.audit.append({ actor: caller.actor, action: 'oauth.client_revoked', targetKind: 'oauth_client', targetId: clientId, facilityId, ip: origin.ip, requestId: origin.requestId });
}

/** The live client with this id and secret; otherwise `invalid_client` (the same answer for every reason). */
export async function authenticateClient(deps: AccountsDeps, clientId: string, secret: string): Promise<{ id: string; facilityId: string; scopes: string[] }> {
  const row = uuidShape.test(clientId)
    ? await deps.db.selectFrom('oauth_clients').select(['id', 'facility_id', 'secret_hash', 'scopes']).where('id', '=', clientId).where('revoked_at', 'is', null).executeTakeFirst()
    : undefined;
  // Compare against a dummy digest when the client is unknown, so timing does not reveal valid ids.
  const matches = digestMatches(secret, row?.secret_hash ?? tokenDigest(''));
  if (!row || !matches) throw new OAuthInvalidClientError();
  return { id: row.id, facilityId: row.facility_id, scopes: row.scopes.split(' ') };
}

/** Creates or re-keys a client with a fixed id and secret (demo data, re-runnable). */
export async function upsertClient(deps: AccountsDeps, client: { id: string; facilityId: string; label: string; secret: string }): Promise<void> {
  const values = { id: client.id, facility_id: client.facilityId, label: client.label, secret_hash: tokenDigest(client.secret), scopes: [...oauthScopes].sort().join(' '), created_by: null, revoked_at: null };
  await deps.db
    .insertInto('oauth_clients')
    .values(values)
    .onConflict((c) => c.column('id').doUpdateSet({ secret_hash: values.secret_hash, revoked_at: null }))
    .execute();
}
