/**
 * HTTP for verifier organisations: registration (public, then approved by a platform operator), API
 * keys, the organisation's own verification history, and a citizen's view of who verified their
 * certificate. Wiring only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller } from '../accounts/authenticate';
import { verifierKinds } from './tables';
import { maxRateLimitPerMinute, presentedApiKey } from './verifier-api-keys';
import type { Verifiers } from './verifiers';

export interface VerifierRoutesContext {
  accounts: Accounts;
  verifiers: Verifiers;
}

const smallBody = 8 * 1024;
const problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() }, { additionalProperties: true });
const uuid = Type.String({ format: 'uuid' });
const status = Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('suspended')]);
const kind = Type.Union(verifierKinds.map((k) => Type.Literal(k)));
const organisation = Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), contactEmail: Type.String(), contactPhone: Type.Union([Type.String(), Type.Null()]), status, createdAt: Type.String() });
const keySummary = Type.Object({ id: Type.String(), label: Type.String(), rateLimitPerMinute: Type.Integer(), createdAt: Type.String(), revoked: Type.Boolean() });
const rateLimitPerMinute = Type.Integer({ minimum: 1, maximum: maxRateLimitPerMinute, description: 'Requests a minute this key may make to the verify API' });
const tags = ['verifiers'];

const origin = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });

export async function registerVerifierRoutes(root: FastifyInstance, ctx: VerifierRoutesContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { verifiers } = ctx;
  const operator = requireCaller(ctx, { roles: ['platform_operator'] });
  const manager = requireCaller(ctx, { roles: ['verifier_org'] });

  /** The organisation a request speaks for: by its API key, or by its managing login's session. */
  const organisations = new WeakMap<FastifyRequest, string>();
  async function identifyOrganisation(request: FastifyRequest, reply: Parameters<typeof manager>[1]): Promise<void> {
    const key = presentedApiKey(request.headers);
    if (key !== undefined) {
      organisations.set(request, (await verifiers.authenticateApiKey(key)).organisationId);
      return;
    }
    await manager.call(app, request, reply);
    organisations.set(request, (await verifiers.organisationOf(callerOf(request))).id);
  }

  app.post(
    '/api/v1/verifier/organisations',
    {
      bodyLimit: smallBody,
      config: { rateLimit: verifiers.limits.registration },
      schema: {
        summary: 'Register a verifier organisation with its managing login (password + TOTP, the secret shown only here); it is pending until a platform operator approves it',
        tags,
        body: Type.Object(
          {
            name: Type.String({ minLength: 2, maxLength: 200 }),
            kind,
            contactEmail: Type.String({ minLength: 3, maxLength: 254 }),
            contactPhone: Type.Optional(Type.String({ maxLength: 20 })),
            username: Type.String({ minLength: 3, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String(), status, userId: Type.String(), totp: Type.Object({ secret: Type.String(), uri: Type.String() }) }), 400: problem, 409: problem, 429: problem },
      },
    },
    async (request, reply) => reply.code(201).header('cache-control', 'no-store').send(await verifiers.register(request.body, origin(request))),
  );

  app.get(
    '/api/v1/verifier/organisations',
    { preHandler: operator, schema: { summary: 'Verifier organisations to review (platform operators)', tags, querystring: Type.Object({ status: Type.Optional(status) }), response: { 200: Type.Array(organisation), 401: problem, 403: problem } } },
    async (request) => verifiers.listOrganisations(callerOf(request), request.query.status),
  );

  for (const decision of ['approve', 'suspend'] as const) {
    app.post(
      `/api/v1/verifier/organisations/:id/${decision}`,
      {
        preHandler: operator,
        schema: {
          summary: decision === 'approve' ? 'Approve (or re-activate) a verifier organisation (platform operators)' : "Suspend a verifier organisation: all its API keys stop at once (platform operators)",
          tags,
          params: Type.Object({ id: uuid }),
          response: { 200: organisation, 401: problem, 403: problem, 404: problem, 409: problem },
        },
      },
      async (request) => verifiers.decide(callerOf(request), request.params.id, decision, origin(request)),
    );
  }

  app.get(
    '/api/v1/verifier/organisation',
    { preHandler: manager, schema: { summary: 'The organisation the signed-in verifier manages, with its status', tags, response: { 200: organisation, 401: problem, 403: problem } } },
    async (request) => verifiers.organisationOf(callerOf(request)),
  );

  app.get('/api/v1/verifier/keys', { preHandler: manager, schema: { summary: "The organisation's API keys (never the keys themselves)", tags, response: { 200: Type.Array(keySummary), 401: problem, 403: problem } } }, async (request) =>
    verifiers.listApiKeys(callerOf(request)),
  );

  app.post(
    '/api/v1/verifier/keys',
    {
      preHandler: manager,
      bodyLimit: smallBody,
      schema: {
        summary: 'Create an API key for the verify API (active organisations); the key is shown only in this response',
        tags,
        body: Type.Object({ label: Type.String({ minLength: 1, maxLength: 100 }), rateLimitPerMinute: Type.Optional(rateLimitPerMinute) }, { additionalProperties: false }),
        response: { 201: Type.Intersect([keySummary, Type.Object({ key: Type.String() })]), 400: problem, 401: problem, 403: problem },
      },
    },
    async (request, reply) => reply.code(201).header('cache-control', 'no-store').send(await verifiers.createApiKey(callerOf(request), request.body, origin(request))),
  );

  app.patch(
    '/api/v1/verifier/keys/:keyId',
    {
      preHandler: manager,
      bodyLimit: smallBody,
      schema: {
        summary: "Change a live key's rate limit",
        tags,
        params: Type.Object({ keyId: uuid }),
        body: Type.Object({ rateLimitPerMinute }, { additionalProperties: false }),
        response: { 204: Type.Null(), 400: problem, 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await verifiers.setApiKeyRateLimit(callerOf(request), request.params.keyId, request.body.rateLimitPerMinute, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/verifier/keys/:keyId',
    { preHandler: manager, schema: { summary: 'Revoke an API key: it stops working at once', tags, params: Type.Object({ keyId: uuid }), response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem } } },
    async (request, reply) => {
      await verifiers.revokeApiKey(callerOf(request), request.params.keyId, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/verifier/history',
    {
      preHandler: identifyOrganisation,
      schema: {
        summary: "The organisation's own verifications, newest first: when, channel, certificate id, outcome (never the content); by API key or the managing login",
        tags,
        security: [{ apiKey: [] }, { bearer: [] }],
        querystring: Type.Object({ before: Type.Optional(Type.String({ format: 'date-time' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
        response: {
          200: Type.Array(Type.Object({ at: Type.String(), channel: Type.String(), certificateId: Type.Union([Type.String(), Type.Null()]), valid: Type.Boolean(), reasons: Type.Array(Type.String()) })),
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => verifiers.history(organisations.get(request)!, { before: request.query.before ? new Date(request.query.before) : undefined, limit: request.query.limit ?? 100 }),
  );

  app.get(
    '/api/v1/wallet/certificates/:id/verifications',
    {
      preHandler: requireCaller(ctx),
      schema: {
        summary: 'Which organisations verified one of my certificates, and when (the signed-in citizen it was issued to)',
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Array(Type.Object({ organisation: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }), Type.Null()]), at: Type.String() })),
          401: problem,
          403: problem,
          404: problem,
        },
      },
    },
    async (request) => verifiers.verificationsForCitizen(callerOf(request), request.params.id),
  );
}
