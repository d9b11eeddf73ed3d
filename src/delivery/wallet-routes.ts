/** HTTP wiring of the citizen wallet: SMS-code sign-in, my certificates, share links, and the public side of a shared link. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller } from '../accounts/authenticate';
import { csrfCookie, sessionCookie } from '../accounts/sessions';
import { ForbiddenError } from '../errors';
import { coarseUserAgent } from './user-agent';
import { shareLifetimes, type LinkOwner } from './share-links';
import type { Wallet } from './wallet';

export interface WalletRouteContext {
  accounts: Accounts;
  wallet: Wallet;
}

const smallBody = 4 * 1024;
const problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() }, { additionalProperties: true });
const Bilingual = Type.Object({ th: Type.String(), en: Type.String() });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 128 }) });
const Identifier = Type.Union([
  Type.Object({ nationalId: Type.String({ minLength: 1, maxLength: 30 }), lang: Type.Optional(Type.Union([Type.Literal('th'), Type.Literal('en')])) }, { additionalProperties: false }),
  Type.Object(
    {
      passport: Type.Object({ number: Type.String({ minLength: 1, maxLength: 20 }), nationality: Type.String({ minLength: 3, maxLength: 3 }) }, { additionalProperties: false }),
      lang: Type.Optional(Type.Union([Type.Literal('th'), Type.Literal('en')])),
    },
    { additionalProperties: false },
  ),
]);
const WalletCertificate = Type.Object({
  id: Type.String(),
  type: Type.String(),
  typeName: Type.Union([Bilingual, Type.Null()]),
  status: Type.String(),
  issuedAt: Type.Union([Type.String(), Type.Null()]),
  facility: Type.Object({ id: Type.String(), name: Bilingual }),
  qrPayload: Type.Union([Type.String(), Type.Null()]),
  hasPdf: Type.Boolean(),
});
const ShareLink = Type.Object({
  id: Type.String(),
  certificateId: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  opens: Type.Array(Type.Object({ at: Type.String(), action: Type.String(), agent: Type.String() })),
});

const WalletNotification = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  complaintId: Type.String(),
  reference: Type.String(),
  text: Bilingual,
  createdAt: Type.String(),
});

const PdfBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The signed PDF (application/pdf)' });
const SharedCertificate = Type.Object({
  certificate: Type.Object({
    id: Type.String(),
    type: Type.String(),
    typeName: Type.Union([Bilingual, Type.Null()]),
    status: Type.String(),
    issuedAt: Type.Union([Type.String(), Type.Null()]),
    facility: Type.Object({ name: Bilingual }),
    patient: Type.Object({ nameTh: Type.Union([Type.String(), Type.Null()]), nameEn: Type.String(), maskedId: Type.String() }),
  }),
  expiresAt: Type.String(),
});

const citizenOf = (request: FastifyRequest): LinkOwner => {
  const caller = callerOf(request);
  if (!caller.citizenSubjectKey) throw new ForbiddenError('Only a citizen signed in to the wallet may do this.');
  return { subjectKey: caller.citizenSubjectKey, actor: caller.actor };
};
const pdfName = (id: string) => `medcert-${id.slice(0, 8)}.pdf`;

export async function registerWalletRoutes(root: FastifyInstance, ctx: WalletRouteContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { wallet, accounts } = ctx;
  const citizen = requireCaller(ctx, { roles: ['citizen'] });
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: accounts.production };
  const tags = ['wallet'];

  app.post(
    '/api/v1/wallet/codes',
    {
      bodyLimit: smallBody,
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        summary:
          'Send a one-time sign-in code by SMS to the phone on file for a Thai national ID or a passport. The answer is the same whether or not a phone is on file (without one nothing is sent), so it tells nobody whether a person has certificates',
        tags,
        body: Identifier,
        response: { 201: Type.Object({ challengeId: Type.String(), expiresAt: Type.String() }), 400: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const { lang, ...identifier } = request.body;
      const sent = await wallet.sendCode(identifier, lang ?? 'th');
      // Not awaited: waiting on the gateway would make an ID with a phone answer slower than one without.
      sent.delivery.catch((error: Error) => request.log.error({ err: error, challengeId: sent.challengeId }, 'sending a sign-in code by SMS failed'));
      return reply.code(201).header('cache-control', 'no-store').send({ challengeId: sent.challengeId, expiresAt: sent.expiresAt.toISOString() });
    },
  );

  app.post(
    '/api/v1/wallet/sessions',
    {
      bodyLimit: smallBody,
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        summary: 'Sign in to the wallet with the one-time code; sets the session cookie and returns the CSRF token',
        tags,
        body: Type.Object({ challengeId: Type.String({ format: 'uuid' }), code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ csrfToken: Type.String(), expiresAt: Type.String() }), 400: problem, 401: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const session = await wallet.signIn(request.body.challengeId, request.body.code);
      const maxAge = Math.floor(accounts.sessionTtlMs / 1000);
      reply.setCookie(sessionCookie, session.token, { ...cookieBase, httpOnly: true, maxAge });
      reply.setCookie(csrfCookie, session.csrfToken, { ...cookieBase, httpOnly: false, maxAge });
      return reply.header('cache-control', 'no-store').send({ csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() });
    },
  );

  app.get(
    '/api/v1/wallet/certificates',
    { preHandler: citizen, schema: { summary: "The signed-in citizen's own certificates, newest first", tags, response: { 200: Type.Array(WalletCertificate), 401: problem, 403: problem } } },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await wallet.certificates.list(citizenOf(request).subjectKey)),
  );

  app.get(
    '/api/v1/wallet/notifications',
    { preHandler: citizen, schema: { summary: "The signed-in citizen's own notifications (complaint steps), newest first, worded in Thai and English", tags, response: { 200: Type.Array(WalletNotification), 401: problem, 403: problem } } },
    async (request, reply) => {
      const notifications = await wallet.notifications.list(citizenOf(request).subjectKey);
      return reply.header('cache-control', 'no-store').send(notifications.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })));
    },
  );

  app.get(
    '/api/v1/wallet/certificates/:id/pdf',
    { preHandler: citizen, schema: { summary: 'Download one of my certificates as the signed PDF', tags, params: IdParams, response: { 200: PdfBody, 401: problem, 403: problem, 404: problem } } },
    async (request, reply) => {
      const pdf = await wallet.certificates.pdf(citizenOf(request).subjectKey, request.params.id);
      return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${pdfName(request.params.id)}"`).send(Buffer.from(pdf));
    },
  );

  app.get(
    '/api/v1/wallet/certificates/:id/shares',
    { preHandler: citizen, schema: { summary: 'My share links for a certificate, with when and by what kind of browser each was opened', tags, params: IdParams, response: { 200: Type.Array(ShareLink), 401: problem, 403: problem, 404: problem } } },
    async (request, reply) => {
      const owner = citizenOf(request);
      await wallet.certificates.get(owner.subjectKey, request.params.id);
      return reply.header('cache-control', 'no-store').send(await wallet.shares.list(owner.subjectKey, request.params.id));
    },
  );

  app.post(
    '/api/v1/wallet/certificates/:id/shares',
    {
      preHandler: citizen,
      bodyLimit: smallBody,
      schema: {
        summary: 'Make a link that shows this certificate to anyone holding it, for 1 hour, 24 hours or 7 days; the token is shown only here',
        tags,
        params: IdParams,
        body: Type.Object({ lifetime: Type.Union(Object.keys(shareLifetimes).map((k) => Type.Literal(k as keyof typeof shareLifetimes))) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), path: Type.String(), expiresAt: Type.String() }), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => {
      const link = await wallet.shares.create(citizenOf(request), request.params.id, request.body.lifetime);
      return reply.code(201).header('cache-control', 'no-store').send({ id: link.id, path: `/s/${link.token}`, expiresAt: link.expiresAt.toISOString() });
    },
  );

  app.delete(
    '/api/v1/wallet/shares/:id',
    { preHandler: citizen, schema: { summary: 'Revoke a share link at once', tags, params: IdParams, response: { 204: Type.Null(), 401: problem, 403: problem, 404: problem } } },
    async (request, reply) => {
      await wallet.shares.revoke(citizenOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/shared/:token',
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: { summary: 'What a share link shows: the certificate summary (each view is recorded for its owner)', tags, params: TokenParams, response: { 200: SharedCertificate, 404: problem, 410: problem } },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await wallet.shares.view(request.params.token, coarseUserAgent(request.headers['user-agent']))),
  );

  app.get(
    '/api/v1/shared/:token/pdf',
    { config: { rateLimit: { max: 60, timeWindow: 60_000 } }, schema: { summary: 'The signed PDF behind a share link (each download is recorded for its owner)', tags, params: TokenParams, response: { 200: PdfBody, 404: problem, 410: problem } } },
    async (request, reply) => {
      const shared = await wallet.shares.pdf(request.params.token, coarseUserAgent(request.headers['user-agent']));
      return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${pdfName(shared.certificateId)}"`).send(Buffer.from(shared.pdf));
    },
  );
}
