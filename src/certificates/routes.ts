/** HTTP for hospital systems and the Station: issue (JSON, FHIR, CSV), read, download, revoke, approve, consent. Wiring only. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller } from '../accounts/authenticate';
import { assertFacilityAccess, facilityScope, type Caller } from '../accounts/caller';
import { InvalidInputError, NotFoundError } from '../errors';
import type { RegistryService } from '../registry/service';
import { issueFromCsv } from './bulk-csv';
import type { Consents } from './consents';
import { fhirBundleToRequest } from './fhir/bundle-to-request';
import type { Issuance } from './issuance';
import type { CertificateTypeCatalog } from './ports';
import type { CertificateQueries } from './queries';
import type { createRevocation } from './revocation';

export interface CertificateRoutesDeps {
  accounts: Accounts;
  registry: RegistryService;
  issuance: Issuance;
  revocation: ReturnType<typeof createRevocation>;
  consents: Consents;
  queries: CertificateQueries;
  types: CertificateTypeCatalog;
  /** Checks the signed-in practitioner's second factor for one signing batch or consent. */
  verifySecondFactor: (userId: string, code: string) => Promise<void>;
}

const Uuid = Type.String({ format: 'uuid' });
const Level = Type.Union([Type.Literal('B-B'), Type.Literal('B-T'), Type.Literal('B-LT'), Type.Literal('B-LTA')]);
const PatientSchema = Type.Object(
  {
    nationalId: Type.Optional(Type.String({ maxLength: 20 })),
    passport: Type.Optional(Type.Object({ number: Type.String({ maxLength: 20 }), nationality: Type.String({ maxLength: 3 }) }, { additionalProperties: false })),
    workPermit: Type.Optional(Type.String({ maxLength: 20 })),
    nameTh: Type.Optional(Type.String({ maxLength: 200 })),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    birthDate: Type.Optional(Type.String({ maxLength: 10 })),
    phone: Type.Optional(Type.String({ maxLength: 20, description: "The patient's mobile number: where wallet sign-in codes go (not printed on the certificate)" })),
  },
  { additionalProperties: false },
);
const IssueBody = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 64 }),
    data: Type.Record(Type.String(), Type.Unknown()),
    patient: PatientSchema,
    facilityId: Type.Optional(Uuid),
    practitionerId: Type.Optional(Uuid),
    practitionerLicence: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    level: Type.Optional(Level),
    supersedes: Type.Optional(Uuid),
    travel: Type.Optional(Type.Boolean({ description: 'Also carry the EU Digital COVID Certificate (HC1) for travel: COVID-19 test, infection and isolation types only' })),
  },
  { additionalProperties: false },
);
const Accepted = Type.Object({ id: Type.String(), status: Type.String() });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Summary = Type.Object({}, { additionalProperties: true });
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' })) });

export async function registerCertificateRoutes(app: FastifyInstance, deps: CertificateRoutesDeps): Promise<void> {
  const authenticated = requireCaller(deps);
  const issuers = ['client', 'admin', 'signer', 'staff'] as const;

  app.post<{ Body: Static<typeof IssueBody>; Headers: Static<typeof IdempotencyHeaders> }>(
    '/api/v1/certificates',
    { preHandler: authenticated, schema: { summary: 'Issue a certificate (HIS or Station)', security: [{ bearer: [] }], headers: IdempotencyHeaders, body: IssueBody, response: { 200: Accepted, 201: Accepted } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body;
      const facilityId = facilityOf(caller, body.facilityId);
      assertFacilityAccess(caller, facilityId, issuers);
      const practitionerId = await practitionerOf(deps.registry, body.practitionerId, body.practitionerLicence, caller);
      // A hospital system signs right away where the practitioner's standing consent covers the type (checked with their standing).
      const signNow = caller.kind === 'client' ? 'if-consented' : false;
      const key = request.headers['idempotency-key'];
      const accepted = await deps.issuance.accept(
        { type: body.type, data: body.data, patient: body.patient, facilityId, practitionerId, level: body.level, supersedes: body.supersedes, travel: body.travel },
        { source: caller.kind === 'client' ? 'his' : 'station', actor: caller.actor, signNow, idempotency: key ? { scope: caller.actor, key } : undefined },
      );
      if (accepted.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(201).send({ id: accepted.id, status: accepted.status });
    },
  );

  app.post<{ Body: unknown; Headers: Static<typeof IdempotencyHeaders> }>(
    '/api/v1/fhir/Bundle',
    { preHandler: authenticated, schema: { summary: 'Issue a lab, ATK or RT-PCR certificate from a FHIR R4 Bundle', security: [{ bearer: [] }], headers: IdempotencyHeaders, response: { 201: Accepted } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const mapped = await fhirBundleToRequest(request.body, deps.registry);
      assertFacilityAccess(caller, mapped.facilityId, issuers);
      const signNow = caller.kind === 'client' ? 'if-consented' : false;
      const key = request.headers['idempotency-key'];
      const accepted = await deps.issuance.accept(mapped, { source: 'fhir', actor: caller.actor, signNow, idempotency: key ? { scope: caller.actor, key } : undefined });
      return reply.code(201).send({ id: accepted.id, status: accepted.status });
    },
  );

  app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
  const BulkQuery = Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }), facilityId: Type.Optional(Uuid), practitionerId: Type.Optional(Uuid), practitionerLicence: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });
  app.post<{ Querystring: Static<typeof BulkQuery> }>(
    '/api/v1/certificates/bulk',
    { preHandler: authenticated, bodyLimit: 20 * 1024 * 1024, schema: { summary: 'Issue one certificate per CSV row (text/csv body); safe to re-send', security: [{ bearer: [] }], querystring: BulkQuery } },
    async (request) => {
      const caller = callerOf(request);
      const facilityId = facilityOf(caller, request.query.facilityId);
      assertFacilityAccess(caller, facilityId, issuers);
      const practitionerId = await practitionerOf(deps.registry, request.query.practitionerId, request.query.practitionerLicence, caller);
      const signNow = caller.kind === 'client' && (await deps.consents.covers(practitionerId, facilityId, request.query.type));
      if (!(request.body instanceof Readable)) throw new InvalidInputError('Send the CSV as the request body with Content-Type: text/csv.');
      return issueFromCsv(request.body, { type: request.query.type, facilityId, practitionerId, actor: caller.actor, signNow }, deps.issuance, deps.types);
    },
  );

  const ListQuery = Type.Object(
    { facilityId: Type.Optional(Uuid), status: Type.Optional(Type.String({ maxLength: 20 })), mine: Type.Optional(Type.Literal('true')), before: Type.Optional(Type.String({ format: 'date-time' })), limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })) },
    { additionalProperties: false },
  );
  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/v1/certificates', { preHandler: authenticated, schema: { summary: "List certificates of the caller's facilities", security: [{ bearer: [] }], querystring: ListQuery } }, async (request) => {
    const caller = callerOf(request);
    const query = request.query;
    if (query.facilityId) assertFacilityAccess(caller, query.facilityId);
    const limit = Math.min(Number(query.limit ?? 50), 200);
    return {
      certificates: await deps.queries.list(facilityScope(caller), {
        facilityId: query.facilityId,
        status: query.status as never,
        practitionerId: query.mine ? (caller.practitionerId ?? '00000000-0000-0000-0000-000000000000') : undefined,
        before: query.before ? new Date(query.before) : undefined,
        limit,
      }),
    };
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/v1/certificates/:id', { preHandler: authenticated, schema: { summary: 'A certificate of one of your facilities', security: [{ bearer: [] }], params: IdParams, response: { 200: Summary } } }, async (request) =>
    deps.queries.get(request.params.id, facilityScope(callerOf(request))),
  );

  app.get<{ Params: Static<typeof IdParams> }>('/api/v1/certificates/:id/pdf', { preHandler: authenticated, schema: { summary: 'The signed PDF', security: [{ bearer: [] }], params: IdParams } }, async (request, reply) => {
    const pdf = await deps.queries.pdf(request.params.id, facilityScope(callerOf(request)));
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="certificate-${request.params.id}.pdf"`).send(Buffer.from(pdf));
  });

  const RevokeBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false });
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RevokeBody> }>(
    '/api/v1/certificates/:id/revoke',
    { preHandler: authenticated, schema: { summary: 'Revoke an issued certificate', security: [{ bearer: [] }], params: IdParams, body: RevokeBody, response: { 200: Accepted } } },
    async (request) => {
      const caller = callerOf(request);
      const certificate = await deps.queries.get(request.params.id, facilityScope(caller));
      assertFacilityAccess(caller, certificate.facilityId, ['client', 'admin', 'signer']);
      return deps.revocation.revoke(certificate.id, certificate.facilityId, request.body.reason, caller.actor);
    },
  );

  const ApproveBody = Type.Object({ certificateIds: Type.Array(Uuid, { minItems: 1, maxItems: 500 }), totp: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
  app.post<{ Body: Static<typeof ApproveBody> }>(
    '/api/v1/signing/approve',
    { preHandler: authenticated, schema: { summary: 'A practitioner signs a batch of pending certificates with a TOTP code', body: ApproveBody } },
    async (request) => {
      const caller = requirePractitioner(callerOf(request));
      await deps.verifySecondFactor(caller.id, request.body.totp);
      return { certificates: await deps.issuance.approve(caller.practitionerId, request.body.certificateIds, caller.actor) };
    },
  );

  const ConsentBody = Type.Object({ facilityId: Uuid, types: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 50 }), totp: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
  app.post<{ Body: Static<typeof ConsentBody> }>(
    '/api/v1/signing/consents',
    { preHandler: authenticated, schema: { summary: "Give a facility's HIS standing consent to issue chosen types in your name", body: ConsentBody } },
    async (request, reply) => {
      const caller = requirePractitioner(callerOf(request));
      assertFacilityAccess(caller, request.body.facilityId, ['signer', 'admin']);
      await deps.verifySecondFactor(caller.id, request.body.totp);
      return reply.code(201).send(await deps.consents.grant(caller.practitionerId, request.body.facilityId, request.body.types, caller.actor));
    },
  );
  app.get('/api/v1/signing/consents', { preHandler: authenticated, schema: { summary: 'Your signing consents, active and revoked' } }, async (request) => ({
    consents: await deps.consents.listOf(requirePractitioner(callerOf(request)).practitionerId),
  }));
  app.delete<{ Params: Static<typeof IdParams> }>('/api/v1/signing/consents/:id', { preHandler: authenticated, schema: { summary: 'Revoke a signing consent', params: IdParams } }, async (request, reply) => {
    const caller = requirePractitioner(callerOf(request));
    await deps.consents.revoke(request.params.id, caller.practitionerId, caller.actor);
    return reply.code(204).send();
  });
}

function facilityOf(caller: Caller, requested: string | undefined): string {
  if (requested) return requested;
  const facilities = [...new Set(caller.facilities.map((grant) => grant.facilityId))];
  if (facilities.length !== 1) throw new InvalidInputError('Name the facilityId: you act for more than one facility (or none).');
  return facilities[0]!;
}

async function practitionerOf(registry: RegistryService, id: string | undefined, licence: string | undefined, caller: Caller): Promise<string> {
  if (id) return id;
  if (licence) {
    const found = await registry.practitionersByLicence(licence);
    if (found.length !== 1) throw new NotFoundError(found.length === 0 ? 'No practitioner has this licence number.' : 'Several practitioners share this licence number; send practitionerId.');
    return found[0]!.id;
  }
  if (caller.practitionerId) return caller.practitionerId;
  throw new InvalidInputError('Name the signing practitioner: practitionerId or practitionerLicence.');
}

function requirePractitioner(caller: Caller): Caller & { practitionerId: string } {
  if (caller.kind !== 'user' || !caller.practitionerId) throw new InvalidInputError('Only a signed-in practitioner can do this.');
  return caller as Caller & { practitionerId: string };
}
