/** HTTP for the public registry lookup (no login): facility search, a facility's page, practitioners by licence number. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maxPageSize } from './lookup';
import type { RegistryService } from './service';
import { facilityKinds, licenceStatuses, membershipRoles, professions } from './tables';

const enumOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const LicenceStatus = Type.Union([enumOf(licenceStatuses), Type.Null()], { description: 'Status now; null when none is recorded yet.' });
// The service answers Date objects; the response serializer writes them as RFC 3339 strings.
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const Digits = Type.String({ pattern: '^[0-9]{1,6}$' });

const FacilityQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A fragment of the Thai or English name, or a licence number.' })),
    province: Type.Optional(Type.String({ pattern: '^[Tt][Hh]-([0-9]{2}|[Ss])$', description: 'ISO 3166-2:TH code, e.g. TH-10 (Bangkok).' })),
    licence: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'Exact facility licence number.' })),
    limit: Type.Optional({ ...Digits, description: `Page size, 1–${maxPageSize} (default 20).` }),
    offset: Type.Optional({ ...Digits, description: 'Rows to skip (default 0).' }),
  },
  { additionalProperties: false },
);

const FacilityFields = {
  id: Type.String({ format: 'uuid' }),
  licenceNumber: Type.String(),
  kind: enumOf(facilityKinds),
  nameTh: Type.String(),
  nameEn: Type.String(),
  province: Type.String(),
};

const FacilitySummary = Type.Object({ ...FacilityFields, licenceStatus: LicenceStatus });

const FacilityList = Type.Object({ items: Type.Array(FacilitySummary), limit: Type.Integer(), offset: Type.Integer(), hasMore: Type.Boolean() });

const PublicPractitioner = Type.Object({
  id: Type.String({ format: 'uuid' }),
  profession: enumOf(professions),
  licenceNumber: Type.String(),
  nameTh: Type.String(),
  nameEn: Type.String(),
  specialties: Type.Array(Type.String()),
  licenceStatus: LicenceStatus,
});

const FacilityPage = Type.Object({
  facility: Type.Object({
    ...FacilityFields,
    address: Type.String(),
    joinedAt: DateTime,
    freeUntil: DateTime,
  }),
  licenceStatus: LicenceStatus,
  licenceHistory: Type.Array(Type.Object({ status: enumOf(licenceStatuses), effectiveFrom: DateTime, recordedAt: DateTime, note: Type.Union([Type.String(), Type.Null()]) })),
  practitioners: Type.Array(Type.Composite([PublicPractitioner, Type.Object({ role: enumOf(membershipRoles) })])),
});

const PractitionerQuery = Type.Object({ licence: Type.String({ minLength: 1, maxLength: 50, description: 'Professional licence number, e.g. ว.12345.' }) }, { additionalProperties: false });

export async function registerRegistryRoutes(app: FastifyInstance, registry: RegistryService): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/registry/facilities',
    { schema: { summary: 'Search licensed facilities', tags: ['registry'], querystring: FacilityQuery, response: { 200: FacilityList } } },
    async ({ query }) =>
      registry.searchFacilities({
        q: query.q,
        province: query.province,
        licence: query.licence,
        limit: query.limit === undefined ? undefined : Number(query.limit),
        offset: query.offset === undefined ? undefined : Number(query.offset),
      }),
  );
  api.get(
    '/api/v1/registry/facilities/:id',
    {
      schema: {
        summary: "A facility's licence status, history and practitioners",
        tags: ['registry'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: FacilityPage },
      },
    },
    async (request) => registry.facilityPage(request.params.id),
  );
  api.get(
    '/api/v1/registry/practitioners',
    { schema: { summary: 'Find practitioners by licence number', tags: ['registry'], querystring: PractitionerQuery, response: { 200: Type.Object({ items: Type.Array(PublicPractitioner) }) } } },
    async (request) => ({ items: await registry.practitionersByLicence(request.query.licence) }),
  );
}
