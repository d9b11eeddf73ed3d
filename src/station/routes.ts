/** HTTP wiring of the Station: onboarding, signers, invitations, TOTP enrolment, type forms, previews, search, corrections, bulk. */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller } from '../accounts/authenticate';
import { InvalidInputError } from '../errors';
import type { Station } from './service';

interface StationRouteContext {
  accounts: Accounts;
  station: Station;
}

const smallBody = 16 * 1024;
const problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() }, { additionalProperties: true });
const Uuid = Type.String({ format: 'uuid' });
const facilityParams = Type.Object({ id: Uuid });
const Bilingual = Type.Object({ th: Type.String(), en: Type.String() });
const FreePeriod = Type.Object({ joinedAt: Type.String(), endsAt: Type.String(), daysLeft: Type.Integer(), state: Type.Union([Type.Literal('running'), Type.Literal('ending-soon'), Type.Literal('ended')]) });
const Facility = Type.Object({
  id: Type.String(),
  licenceNumber: Type.String(),
  kind: Type.String(),
  nameTh: Type.String(),
  nameEn: Type.String(),
  province: Type.String(),
  licenceStatus: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  freePeriod: FreePeriod,
});
const OnboardingRequest = Type.Object({
  id: Type.String(),
  status: Type.String(),
  facility: Type.Object({ id: Type.String(), licenceNumber: Type.String(), nameTh: Type.String(), nameEn: Type.String(), kind: Type.String(), province: Type.String() }),
  requester: Type.Object({ practitionerId: Type.String(), nameTh: Type.String(), nameEn: Type.String(), licenceNumber: Type.String() }),
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  refusalReason: Type.Union([Type.String(), Type.Null()]),
});
const Signer = Type.Object({
  practitionerId: Type.String(),
  profession: Type.String(),
  licenceNumber: Type.String(),
  nameTh: Type.String(),
  nameEn: Type.String(),
  since: Type.String(),
  licenceStatus: Type.Union([Type.String(), Type.Null()]),
  signingCertificate: Type.Object({ state: Type.String(), serial: Type.Union([Type.String(), Type.Null()]), notAfter: Type.Union([Type.String(), Type.Null()]) }),
  account: Type.String(),
});
const PatientBody = Type.Object(
  {
    nationalId: Type.Optional(Type.String({ maxLength: 20 })),
    passport: Type.Optional(Type.Object({ number: Type.String({ maxLength: 20 }), nationality: Type.String({ maxLength: 3 }) }, { additionalProperties: false })),
    workPermit: Type.Optional(Type.String({ maxLength: 20 })),
    nameTh: Type.Optional(Type.String({ maxLength: 200 })),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    birthDate: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);
const Data = Type.Record(Type.String(), Type.Unknown());
const statuses = ['pending_signature', 'signing', 'issued', 'revoked', 'superseded'] as const;

const origin = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });
const pdfReply = (pdf: Uint8Array) => Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);

export async function registerStationRoutes(root: FastifyInstance, ctx: StationRouteContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { station } = ctx;
  const authenticated = requireCaller(ctx);
  const operator = requireCaller(ctx, { roles: ['platform_operator'] });
  const tags = ['station'];

  app.get(
    '/api/v1/station/me',
    {
      preHandler: authenticated,
      schema: {
        summary: 'The signed-in user as the Station sees them: practitioner, second factor, facilities with free period, own onboarding requests',
        tags,
        response: {
          200: Type.Object({
            userId: Type.String(),
            platformRole: Type.String(),
            practitioner: Type.Union([Type.Object({ id: Type.String(), profession: Type.String(), licenceNumber: Type.String(), nameTh: Type.String(), nameEn: Type.String() }), Type.Null()]),
            secondFactor: Type.Boolean(),
            facilities: Type.Array(Facility),
            onboardingRequests: Type.Array(OnboardingRequest),
          }),
          401: problem,
        },
      },
    },
    async (request) => station.self(callerOf(request)),
  );

  app.get('/api/v1/station/facilities/:id', { preHandler: authenticated, schema: { summary: 'A facility of yours: licence status and free period', tags, params: facilityParams, response: { 200: Facility, 401: problem, 403: problem, 404: problem } } }, async (request) =>
    station.facility(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/station/onboarding',
    {
      preHandler: authenticated,
      bodyLimit: smallBody,
      schema: {
        summary: "Ask the platform operator to bring a facility onto the platform, by its licence number (the registry must show it active)",
        tags,
        body: Type.Object({ licenceNumber: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
        response: { 201: OnboardingRequest, 400: problem, 401: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request, reply) => reply.code(201).send(await station.requestOnboarding(callerOf(request), request.body.licenceNumber, origin(request))),
  );

  app.get(
    '/api/v1/station/onboarding',
    {
      preHandler: authenticated,
      schema: {
        summary: 'Onboarding requests: all of them for the platform operator, your own for anyone else',
        tags,
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')])) }, { additionalProperties: false }),
        response: { 200: Type.Array(OnboardingRequest), 401: problem },
      },
    },
    async (request) => station.listOnboarding(callerOf(request), request.query.status),
  );

  app.post(
    '/api/v1/station/onboarding/:id/approve',
    { preHandler: operator, schema: { summary: 'Approve a facility (platform operator): it joins today and its admin gets access', tags, params: facilityParams, response: { 200: OnboardingRequest, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem } } },
    async (request) => station.decideOnboarding(callerOf(request), request.params.id, { approve: true }, origin(request)),
  );

  app.post(
    '/api/v1/station/onboarding/:id/refuse',
    {
      preHandler: operator,
      bodyLimit: smallBody,
      schema: {
        summary: 'Refuse a facility (platform operator), with a reason the admin sees',
        tags,
        params: facilityParams,
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: OnboardingRequest, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem },
      },
    },
    async (request) => station.decideOnboarding(callerOf(request), request.params.id, { approve: false, reason: request.body.reason }, origin(request)),
  );

  app.get('/api/v1/station/facilities/:id/signers', { preHandler: authenticated, schema: { summary: "A facility's signers with licence, signing certificate and login status", tags, params: facilityParams, response: { 200: Type.Array(Signer), 401: problem, 403: problem } } }, async (request) =>
    station.listSigners(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/station/facilities/:id/signers',
    {
      preHandler: authenticated,
      bodyLimit: smallBody,
      schema: {
        summary: 'Add a signer by professional licence number (facility admins; the licence must be active); a one-time invitation code comes back when they have no login yet',
        tags,
        params: facilityParams,
        body: Type.Object({ licenceNumber: Type.String({ minLength: 1, maxLength: 40 }), profession: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ signer: Signer, invitationCode: Type.Union([Type.String(), Type.Null()]), invitationExpiresAt: Type.Union([Type.String(), Type.Null()]) }), 400: problem, 401: problem, 403: problem, 404: problem, 422: problem },
      },
    },
    async (request, reply) => reply.code(201).header('cache-control', 'no-store').send(await station.inviteSigner(callerOf(request), request.params.id, request.body, origin(request))),
  );

  app.delete(
    '/api/v1/station/facilities/:id/signers/:practitionerId',
    {
      preHandler: authenticated,
      schema: { summary: 'Remove a signer (facility admins): the membership ends today and stays as history', tags, params: Type.Object({ id: Uuid, practitionerId: Uuid }), response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem } },
    },
    async (request, reply) => {
      await station.removeSigner(callerOf(request), request.params.id, request.params.practitionerId, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/station/invitations/accept',
    {
      bodyLimit: smallBody,
      config: { rateLimit: { max: ctx.accounts.limits.login.max, timeWindow: ctx.accounts.limits.login.timeWindow } },
      schema: {
        summary: 'A practitioner redeems their invitation code and chooses a username and password',
        tags,
        body: Type.Object({ code: Type.String({ minLength: 8, maxLength: 40 }), username: Type.String({ minLength: 3, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ userId: Type.String() }), 400: problem, 409: problem, 429: problem },
      },
    },
    async (request, reply) => reply.code(201).send(await station.acceptInvitation(request.body, origin(request))),
  );

  app.post(
    '/api/v1/station/me/totp',
    { preHandler: authenticated, schema: { summary: 'Start enrolling an authenticator: a new secret and its otpauth URI, pending until confirmed', tags, response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }), 401: problem, 403: problem } } },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.kind !== 'user') throw new InvalidInputError('Only a signed-in user enrols an authenticator.');
      return reply.header('cache-control', 'no-store').send(await station.startTotpEnrolment(caller));
    },
  );

  app.post(
    '/api/v1/station/me/totp/confirm',
    {
      preHandler: authenticated,
      bodyLimit: smallBody,
      schema: { summary: 'Confirm the authenticator with its first code; from then on it signs you in and approves signing', tags, body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }), response: { 204: Type.Null(), 400: problem, 401: problem, 409: problem } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.kind !== 'user') throw new InvalidInputError('Only a signed-in user enrols an authenticator.');
      await station.confirmTotpEnrolment(caller, request.body.code, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/station/types',
    {
      preHandler: authenticated,
      schema: {
        summary: 'Certificate types with their JSON Schema and Thai/English labels, for the issuing form',
        tags,
        response: { 200: Type.Array(Type.Object({ id: Type.String(), names: Bilingual, schema: Type.Unknown(), labels: Type.Record(Type.String(), Bilingual), values: Type.Unknown(), professions: Type.Array(Type.String()) })) },
      },
    },
    async () => station.types(),
  );

  app.post(
    '/api/v1/station/preview',
    {
      preHandler: authenticated,
      bodyLimit: 256 * 1024,
      schema: {
        summary: 'An unsigned PDF of a certificate as it would print (nothing is stored)',
        tags,
        body: Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }), data: Data, patient: PatientBody, facilityId: Uuid, practitionerId: Type.Optional(Uuid) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => reply.type('application/pdf').header('cache-control', 'no-store').send(pdfReply(await station.previewDraft(callerOf(request), request.body))),
  );

  app.get(
    '/api/v1/station/certificates/:id/preview',
    { preHandler: authenticated, schema: { summary: 'A certificate of yours as PDF: signed once issued, an unsigned render while it waits for signature', tags, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
    async (request, reply) => {
      const { pdf, signed } = await station.previewCertificate(callerOf(request), request.params.id);
      return reply.type('application/pdf').header('cache-control', 'no-store').header('x-medcert-signed', String(signed)).send(pdfReply(pdf));
    },
  );

  app.post(
    '/api/v1/station/facilities/:id/certificates/search',
    {
      preHandler: authenticated,
      bodyLimit: smallBody,
      schema: {
        summary: "Search a facility's certificates by patient name or certificate number (in the body, so it stays out of URLs and logs)",
        tags,
        params: facilityParams,
        body: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 100 })), status: Type.Optional(Type.Union(statuses.map((s) => Type.Literal(s)))), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({ certificates: await station.searchCertificates(callerOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/api/v1/station/certificates/:id/correct',
    {
      preHandler: authenticated,
      bodyLimit: 256 * 1024,
      schema: {
        summary: 'Correct an issued certificate with a reason: a replacement waits for your signature and supersedes the original once signed',
        tags,
        params: facilityParams,
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }), data: Data, patient: Type.Optional(PatientBody) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), status: Type.String() }), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => reply.code(201).send(await station.correctCertificate(callerOf(request), request.params.id, request.body, origin(request))),
  );

  await app.register(async (bulkScope) => {
    if (!bulkScope.hasContentTypeParser('text/csv')) bulkScope.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
    bulkScope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/station/facilities/:id/bulk',
      {
        preHandler: authenticated,
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          summary: 'Bulk issuance from a CSV (text/csv body): one JSON line of progress per row, then the report; rows wait for your signature',
          tags,
          params: facilityParams,
          querystring: Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        if (!(request.body instanceof Readable)) throw new InvalidInputError('Send the CSV as the request body with Content-Type: text/csv.');
        const events = station.bulk(callerOf(request), request.params.id, request.query.type, request.body, (error) => request.log.error({ err: error }, 'bulk upload failed'));
        return reply.type('application/x-ndjson').header('cache-control', 'no-store').send(events);
      },
    );
  });
}
