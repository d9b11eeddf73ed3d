/** HTTP wiring of accounts: login/logout/me, the OAuth2 token endpoint, and a facility's members and API clients. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type {} from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuditLog } from '../audit/audit-log';
import { RateLimitedError } from '../errors';
import type { Accounts } from './accounts';
import { callerOf, requireCaller } from './authenticate';
import type { Caller } from './caller';
import { OAuthInvalidClientError } from './errors';
import { oauthScopes } from './oauth-clients';
import { problemSchema as problem } from '../server/problem';
import { tokenDigest } from './opaque-token';
import { csrfCookie, sessionCookie } from './sessions';

interface AccountsRouteContext {
  accounts: Accounts;
  audit: AuditLog;
}

const smallBody = 8 * 1024;
const facilityParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const callerSummary = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('client')]),
  id: Type.String(),
  platformRole: Type.String(),
  facilities: Type.Array(Type.Object({ facilityId: Type.String(), role: Type.String() })),
  scopes: Type.Array(Type.String()),
});

const origin = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });
const summarise = (caller: Caller) => ({ kind: caller.kind, id: caller.id, platformRole: caller.platformRole, facilities: caller.facilities, scopes: caller.scopes });

export async function registerAccountsRoutes(root: FastifyInstance, ctx: AccountsRouteContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = ctx;
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: accounts.production };

  const clearSessionCookies = (reply: FastifyReply) => reply.clearCookie(sessionCookie, { ...cookieBase, httpOnly: true }).clearCookie(csrfCookie, cookieBase);

  // A second budget per username, counted after the body is parsed (the per-address one runs first, on the raw request).
  const accountLimit = app.createRateLimit({
    ...accounts.limits.loginPerAccount,
    keyGenerator: (request) => `login-account:${tokenDigest(String((request.body as { username?: unknown }).username).trim().toLowerCase())}`,
  });
  const loginsPerAccount = async (request: FastifyRequest) => {
    const verdict = await accountLimit(request);
    if (!verdict.isAllowed && verdict.isExceeded) throw new RateLimitedError('Too many sign-in attempts for this account; try again later.');
  };

  app.post(
    '/auth/login',
    {
      preHandler: loginsPerAccount,
      bodyLimit: smallBody,
      config: { rateLimit: { max: accounts.limits.login.max, timeWindow: accounts.limits.login.timeWindow } },
      schema: {
        summary: 'Sign in with username, password and the TOTP code; sets the session cookie and returns the CSRF token',
        tags: ['accounts'],
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 256 }), totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ userId: Type.String(), csrfToken: Type.String(), expiresAt: Type.String() }), 401: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const session = await accounts.login(request.body, origin(request));
      const maxAge = Math.floor(accounts.sessionTtlMs / 1000);
      reply.setCookie(sessionCookie, session.token, { ...cookieBase, httpOnly: true, maxAge });
      // Readable by the page's script, which echoes it in the x-csrf-token header.
      reply.setCookie(csrfCookie, session.csrfToken, { ...cookieBase, httpOnly: false, maxAge });
      return { userId: session.userId, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  app.post(
    '/auth/logout',
    { preHandler: requireCaller(ctx), schema: { summary: 'End the session (needs the x-csrf-token header)', tags: ['accounts'], response: { 204: Type.Null(), 401: problem, 403: problem } } },
    async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (token) await accounts.logout(token, callerOf(request), origin(request));
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { preHandler: requireCaller(ctx), schema: { summary: 'Who the session or bearer token belongs to, with its facilities', tags: ['accounts'], response: { 200: callerSummary, 401: problem } } },
    async (request) => summarise(callerOf(request)),
  );

  await app.register(async (tokenScope) => {
    // Form bodies only here: the OAuth2 token endpoint needs them, and elsewhere they would open a CSRF path.
    await tokenScope.register(formbody, { bodyLimit: smallBody });
    tokenScope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/oauth/token',
      {
        bodyLimit: smallBody,
        config: { rateLimit: { max: accounts.limits.token.max, timeWindow: accounts.limits.token.timeWindow } },
        // The schema documents the parameters; readTokenParams checks them itself to answer in RFC 6749 terms.
        attachValidation: true,
        schema: {
          summary: 'OAuth2 client-credentials grant for hospital systems (form or JSON body; client auth by HTTP Basic or in the body)',
          tags: ['accounts'],
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: Type.Object({
            grant_type: Type.Literal('client_credentials'),
            client_id: Type.Optional(Type.String({ description: 'With client_secret, when not using HTTP Basic' })),
            client_secret: Type.Optional(Type.String()),
            scope: Type.Optional(Type.String({ description: `Space-separated subset of: ${oauthScopes.join(' ')}` })),
          }),
          response: {
            200: Type.Object({ access_token: Type.String(), token_type: Type.Literal('Bearer'), expires_in: Type.Integer(), scope: Type.String() }),
            400: problem,
            401: problem,
            429: problem,
          },
        },
      },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        try {
          return await accounts.grantToken({ body: request.body, authorization: request.headers.authorization }, origin(request));
        } catch (error) {
          if (error instanceof OAuthInvalidClientError && /^Basic\s/i.test(request.headers.authorization ?? '')) void reply.header('www-authenticate', 'Basic realm="medcert"');
          throw error;
        }
      },
    );
  });

  app.get(
    '/api/v1/facilities/:id/members',
    {
      preHandler: requireCaller(ctx),
      schema: {
        summary: "A facility's current members (its own admins, signers, staff and HIS clients only)",
        tags: ['accounts'],
        security: [{ bearer: [] }],
        params: facilityParams,
        response: {
          200: Type.Array(Type.Object({ practitionerId: Type.String(), role: Type.String(), since: Type.String(), profession: Type.String(), licenceNumber: Type.String(), nameTh: Type.String(), nameEn: Type.String() })),
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => accounts.listMembers(callerOf(request), request.params.id),
  );

  const clientSummary = Type.Object({ id: Type.String(), label: Type.String(), scopes: Type.Array(Type.String()), createdAt: Type.String(), revoked: Type.Boolean() });
  app.get(
    '/api/v1/facilities/:id/clients',
    { preHandler: requireCaller(ctx), schema: { summary: "A facility's HIS API clients (facility admins)", tags: ['accounts'], params: facilityParams, response: { 200: Type.Array(clientSummary), 401: problem, 403: problem } } },
    async (request) => accounts.listClients(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/facilities/:id/clients',
    {
      preHandler: requireCaller(ctx),
      bodyLimit: smallBody,
      schema: {
        summary: 'Create an OAuth2 client for the facility’s HIS (facility admins); the secret is shown only in this response',
        tags: ['accounts'],
        params: facilityParams,
        body: Type.Object(
          { label: Type.String({ minLength: 1, maxLength: 100 }), scopes: Type.Optional(Type.Array(Type.Union(oauthScopes.map((s) => Type.Literal(s))), { minItems: 1, maxItems: oauthScopes.length })) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), facilityId: Type.String(), label: Type.String(), scopes: Type.Array(Type.String()), secret: Type.String() }),
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    async (request, reply) => {
      const client = await accounts.createClient(callerOf(request), request.params.id, request.body, origin(request));
      return reply.code(201).header('cache-control', 'no-store').send(client);
    },
  );

  app.delete(
    '/api/v1/facilities/:id/clients/:clientId',
    {
      preHandler: requireCaller(ctx),
      schema: {
        summary: 'Revoke an HIS API client (facility admins): its secret and tokens stop working at once',
        tags: ['accounts'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }), clientId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await accounts.revokeClient(callerOf(request), request.params.id, request.params.clientId, origin(request));
      return reply.code(204).send(null);
    },
  );
}
