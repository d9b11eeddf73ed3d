/** HTTP wiring of the audit log: a facility's own events, for its admins and platform operators. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller } from '../accounts/authenticate';
import { assertFacilityAccess } from '../accounts/caller';
import type { AuditLog } from './audit-log';

const detailValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const auditEvent = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  targetKind: Type.String(),
  targetId: Type.String(),
  facilityId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), detailValue),
  prevHash: Type.String(),
  hash: Type.String(),
});

export async function registerAuditRoutes(root: FastifyInstance, ctx: { accounts: Accounts; audit: AuditLog }): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/facilities/:id/audit',
    {
      preHandler: requireCaller(ctx),
      schema: {
        summary: "A facility's audit events, oldest first (facility admins and platform operators); page with afterSeq",
        tags: ['audit'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object(
          // Strings: the server does not coerce query types, so numbers are checked by pattern and converted here.
          { afterSeq: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })), limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: '1 to 500, default 100' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ events: Type.Array(auditEvent) }) },
      },
    },
    async (request) => {
      assertFacilityAccess(callerOf(request), request.params.id, ['admin']);
      const { afterSeq, limit } = request.query;
      const events = await ctx.audit.listForFacility(request.params.id, { afterSeq: afterSeq ? Number(afterSeq) : undefined, limit: limit ? Number(limit) : undefined });
      return { events: events.map((event) => ({ ...event, at: event.at.toISOString() })) };
    },
  );
}
