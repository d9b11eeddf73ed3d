/**
 * The OAuth2 client-credentials grant (RFC 6749 section 4.4) and the bearer tokens it hands out.
 * Tokens are opaque random strings stored as SHA-256 digests rather than JWTs: every API request
 * loads the caller's facility anyway, so a digest lookup costs nothing extra, while revoking a client
 * ends its tokens at once and no signing key exists that could leak or need rotating.
 */
import type { Caller } from './caller';
import type { AccountsDeps, RequestOrigin } from './deps';
import { OAuthInvalidClientError, OAuthInvalidRequestError, OAuthInvalidScopeError, OAuthUnsupportedGrantTypeError } from './errors';
import { authenticateClient } from './oauth-clients';
import { newOpaqueToken, tokenDigest } from './opaque-token';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

interface TokenParams {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
}

const knownParams = ['grant_type', 'client_id', 'client_secret', 'scope'] as const;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Form or JSON body to string parameters; RFC 6749 says parameters must not repeat, and unknown ones are ignored. */
export function readTokenParams(body: unknown): TokenParams {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new OAuthInvalidRequestError('The token request body must be form-encoded or a JSON object of parameters.');
  const params: TokenParams = {};
  for (const name of knownParams) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) throw new OAuthInvalidRequestError(`The parameter ${name} is repeated.`);
    if (typeof value !== 'string') throw new OAuthInvalidRequestError(`The parameter ${name} must be a string.`);
    params[name] = value;
  }
  return params;
}

/** HTTP Basic client authentication: `client_id:client_secret`, each form-urlencoded (RFC 6749 section 2.3.1). */
export function readBasicCredentials(authorization: string): { clientId: string; clientSecret: string } {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new OAuthInvalidRequestError('The Authorization header must be HTTP Basic with client_id:client_secret.');
  try {
    const unescape = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
    return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthInvalidRequestError('The Basic credentials are not correctly URL-encoded.');
  }
}

function clientCredentials(params: TokenParams, authorization: string | undefined): { clientId: string; clientSecret: string } {
  const inBody = params.client_id !== undefined || params.client_secret !== undefined;
  if (authorization && /^Basic\s/i.test(authorization)) {
    if (inBody) throw new OAuthInvalidRequestError('Authenticate the client either with HTTP Basic or in the body, not both.');
    return readBasicCredentials(authorization);
  }
  if (!params.client_id || !params.client_secret) throw new OAuthInvalidClientError('Client authentication is missing: send HTTP Basic or client_id and client_secret.');
  return { clientId: params.client_id, clientSecret: params.client_secret };
}

export async function grantClientCredentials(deps: AccountsDeps, request: { body: unknown; authorization?: string }, origin: RequestOrigin): Promise<TokenResponse> {
  const params = readTokenParams(request.body);
  if (!params.grant_type) throw new OAuthInvalidRequestError('The parameter grant_type is missing.');
  if (params.grant_type !== 'client_credentials') throw new OAuthUnsupportedGrantTypeError();
  const credentials = clientCredentials(params, request.authorization);
  const refused = async (reason: string, facilityId?: string) =>
    deps.audit.append({ actor: 'anonymous', action: 'oauth.token_refused', targetKind: 'oauth_client', targetId: uuidShape.test(credentials.clientId) ? credentials.clientId.toLowerCase() : 'unknown', facilityId, ip: origin.ip, requestId: origin.requestId, details: { reason } });
  let client: Awaited<ReturnType<typeof authenticateClient>>;
  try {
    client = await authenticateClient(deps, credentials.clientId, credentials.clientSecret);
  } catch (error) {
    await refused('invalid_client');
    throw error;
  }
  const asked = params.scope ? params.scope.split(' ').filter(Boolean) : client.scopes;
  const notGranted = asked.filter((scope) => !client.scopes.includes(scope));
  if (notGranted.length > 0) {
    await refused('invalid_scope', client.facilityId);
    throw new OAuthInvalidScopeError(`This client may not ask for: ${notGranted.map((s) => s.slice(0, 40)).join(', ')}.`);
  }
  const scopes = [...new Set(asked)].sort();
  const token = newOpaqueToken();
  const now = deps.now();
  await deps.db.deleteFrom('oauth_tokens').where('client_id', '=', client.id).where('expires_at', '<', now).execute();
  await deps.db
    .insertInto('oauth_tokens')
    .values({ token_hash: tokenDigest(token), client_id: client.id, scopes: scopes.join(' '), expires_at: new Date(now.getTime() + deps.accessTokenTtlSeconds * 1000) })
    .execute();
  await deps.audit.append({ actor: `client:${client.id}`, action: 'oauth.token_granted', targetKind: 'oauth_client', targetId: client.id, facilityId: client.facilityId, ip: origin.ip, requestId: origin.requestId, details: { scopes: scopes.join(' ') } });
  return { access_token: token, token_type: 'Bearer', expires_in: deps.accessTokenTtlSeconds, scope: scopes.join(' ') };
}

/** The client behind a live bearer token, or null. */
export async function callerForAccessToken(deps: AccountsDeps, token: string): Promise<Caller | null> {
  const row = await deps.db
    .selectFrom('oauth_tokens')
    .innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_tokens.client_id')
    .select(['oauth_clients.id as clientId', 'oauth_clients.facility_id as facilityId', 'oauth_tokens.scopes as scopes'])
    .where('oauth_tokens.token_hash', '=', tokenDigest(token))
    .where('oauth_tokens.expires_at', '>', deps.now())
    .where('oauth_clients.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    kind: 'client',
    id: row.clientId,
    actor: `client:${row.clientId}`,
    platformRole: 'none',
    practitionerId: null,
    citizenSubjectKey: null,
    province: null,
    facilities: [{ facilityId: row.facilityId, role: 'client' }],
    scopes: row.scopes.split(' ').filter(Boolean),
    via: 'bearer',
  };
}
