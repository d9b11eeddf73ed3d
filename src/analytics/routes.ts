/** HTTP for public-health analytics: the dashboard's summary, the provinces a caller may pick, and the CSV export. Wiring only. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller } from '../accounts/authenticate';
import type { AnalyticsService } from './service';

interface AnalyticsRouteDeps {
  accounts: Accounts;
  analytics: AnalyticsService;
}

const problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() }, { additionalProperties: true });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A Thai calendar day, YYYY-MM-DD' });
const Filter = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    province: Type.Optional(Type.String({ maxLength: 8, description: 'ISO 3166-2:TH code, e.g. TH-50; provincial officers always get their own' })),
  },
  { additionalProperties: false },
);
const Cell = Type.Union([Type.Integer({ minimum: 10 }), Type.Literal('<10'), Type.Literal('withheld')], {
  description: 'A count; "<10" when under 10; "withheld" when 10 or more but hidden so that a "<10" beside it cannot be worked out from the total',
});
const Breakdown = Type.Array(Type.Object({ key: Type.String(), count: Cell }));
const Panel = (dimensions: string[]) => Type.Object({ total: Cell, byDay: Breakdown, ...Object.fromEntries(dimensions.map((d) => [d, Breakdown])) });
const Names = Type.Object({ th: Type.String(), en: Type.String() });
const Summary = Type.Object({
  from: Type.String(),
  to: Type.String(),
  province: Type.Union([Type.String(), Type.Null()]),
  suppressionThreshold: Type.Integer(),
  certificates: Panel(['byType', 'byFacilityKind', 'byProvince']),
  verifications: Panel(['byChannel', 'byOutcome']),
  complaints: Panel(['byCategory', 'byStatus']),
  chatbotTopics: Type.Union([Panel(['byTopic', 'byLanguage']), Type.Null()]),
  typeNames: Type.Record(Type.String(), Names),
  complaintCategoryNames: Type.Record(Type.String(), Names),
});

export async function registerAnalyticsRoutes(root: FastifyInstance, deps: AnalyticsRouteDeps): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const readers = requireCaller(deps, { roles: ['platform_operator', 'provincial_officer'] });
  const common = { tags: ['analytics'], security: [{ bearer: [] }] };

  app.get(
    '/api/v1/analytics/summary',
    { preHandler: readers, schema: { ...common, summary: 'De-identified daily counts for the dashboard (cells under 10 read "<10")', querystring: Filter, response: { 200: Summary, 400: problem, 401: problem, 403: problem } } },
    async (request, reply) => {
      void reply.header('cache-control', 'private, no-store');
      return deps.analytics.summary(callerOf(request), request.query);
    },
  );

  app.get(
    '/api/v1/analytics/provinces',
    { preHandler: readers, schema: { ...common, summary: 'The provinces the caller may filter by, with Thai and English names', response: { 200: Type.Array(Type.Object({ code: Type.String(), th: Type.String(), en: Type.String() })), 401: problem, 403: problem } } },
    async (request) => [...deps.analytics.provinces(callerOf(request))],
  );

  // Untyped replies here: the body is a stream, which the TypeBox provider's reply types do not describe.
  root.get<{ Querystring: Static<typeof Filter> }>(
    '/api/v1/analytics/export.csv',
    {
      preHandler: readers,
      schema: {
        ...common,
        summary: 'The daily counts as CSV, one row per cell (dataset,day,province,type,facility_kind,channel,outcome,topic,language,category,status,count); cells under 10 read "<10"',
        querystring: Filter,
        produces: ['text/csv'],
        response: { 400: problem, 401: problem, 403: problem },
      },
    },
    async (request, reply) => {
      const { filename, body } = await deps.analytics.exportCsv(callerOf(request), request.query);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'private, no-store').send(body);
    },
  );
}
