/** HTTP for the EU DCC: POST /api/v1/dcc/verify (public) and POST /api/v1/dcc (issue; authenticated, audited). */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller } from '../accounts/authenticate';
import type { AuditLog } from '../audit/audit-log';
import { ForbiddenError } from '../errors';
import type { DccService } from './service';
import { stageNames } from './verify';

export interface DccRouteContext {
  dcc: DccService;
  accounts: Accounts;
  audit: AuditLog;
}

const Stage = Type.Union([Type.Boolean(), Type.Null()]);

const VerifyBody = Type.Object(
  {
    hc1: Type.String({ maxLength: 16_384, description: 'The QR content, `HC1:` followed by base45.' }),
    dsc: Type.Optional(Type.String({ maxLength: 16_384, description: 'Trust only this document signer certificate (PEM or base64 DER).' })),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'Validation clock; now when omitted.' })),
  },
  { additionalProperties: false },
);

const VerifyReply = Type.Object({
  valid: Type.Boolean(),
  stages: Type.Object(Object.fromEntries(stageNames.map((name) => [name, Stage])) as Record<(typeof stageNames)[number], typeof Stage>),
  payload: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

const IssueReply = Type.Object({
  hc1: Type.String(),
  kid: Type.String({ description: 'base64 of the first 8 bytes of the SHA-256 of the DSC.' }),
  uvci: Type.String(),
  type: Type.Union([Type.Literal('v'), Type.Literal('t'), Type.Literal('r')]),
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export async function registerDccRoutes(root: FastifyInstance, ctx: DccRouteContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/dcc/verify',
    {
      schema: { summary: 'Verify an EU Digital COVID Certificate (HC1 QR content)', tags: ['dcc'], body: VerifyBody, response: { 200: VerifyReply } },
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { hc1, dsc, at } = request.body;
      const result = await ctx.dcc.verify({ hc1, dsc, at: at === undefined ? undefined : new Date(at) });
      return { valid: result.valid, stages: result.stages, payload: result.payload };
    },
  );

  app.post(
    '/api/v1/dcc',
    {
      schema: {
        summary: 'Issue an EU Digital COVID Certificate from a DCC payload (schema 1.3.x)',
        tags: ['dcc'],
        security: [{ bearer: [] }],
        body: Type.Record(Type.String(), Type.Unknown(), { description: 'The DCC payload: nam, dob and exactly one of v, t, r; `ci` and `ver` are filled in when absent.' }),
        response: { 201: IssueReply },
      },
      preHandler: requireCaller(ctx, { scopes: ['certificates:write'] }),
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.platformRole !== 'platform_operator' && caller.facilities.length === 0) throw new ForbiddenError('Only facilities and platform operators issue DCCs.');
      const issued = await ctx.dcc.issue(request.body);
      await ctx.audit.append({
        actor: caller.actor,
        action: 'dcc.issued',
        targetKind: 'dcc',
        // A digest, not the UVCI itself: issuers may send UVCIs with characters (or digit runs) the audit log refuses.
        targetId: uvciDigest(issued.uvci),
        facilityId: caller.facilities[0]?.facilityId ?? null,
        ip: request.ip,
        requestId: request.id,
        details: { type: issued.type, kid: Buffer.from(issued.kid, 'base64').toString('hex') },
      });
      return reply.code(201).send({
        hc1: issued.hc1,
        kid: issued.kid,
        uvci: issued.uvci,
        type: issued.type,
        issuedAt: issued.issuedAt.toISOString(),
        expiresAt: issued.expiresAt.toISOString(),
      });
    },
  );
}

/** How the audit log names an issued DCC: the first 32 hex digits of the SHA-256 of its UVCI. */
export function uvciDigest(uvci: string): string {
  return createHash('sha256').update(uvci).digest('hex').slice(0, 32);
}
