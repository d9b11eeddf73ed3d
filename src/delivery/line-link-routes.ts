/**
 * HTTP wiring of LINE linking for the wallet: GET /wallet/line-link (where the bot's link points:
 * a signed-in citizen gets a one-time nonce and goes on to LINE's account-link dialog) and the
 * wallet's API to see and end the link.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller, resolveCaller } from '../accounts/authenticate';
import type { Caller } from '../accounts/caller';
import { NotAuthenticatedError } from '../accounts/errors';
import { ForbiddenError } from '../errors';
import { problemSchema as problem } from '../server/problem';
import type { LineLinks } from './line-links';

/** LINE's account-link dialog, which sends the user back to LINE and the `accountLink` event to the webhook. */
export const lineAccountLinkDialog = 'https://access.line.me/dialog/bot/accountLink';

interface LineLinkRouteContext {
  accounts: Accounts;
  lineLinks: LineLinks;
}


export async function registerLineLinkRoutes(root: FastifyInstance, ctx: LineLinkRouteContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const citizenOnly = requireCaller(ctx, { roles: ['citizen'] });

  app.get(
    '/wallet/line-link',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: "Continue LINE account linking: a signed-in citizen is sent to LINE's account-link dialog with a one-time nonce; others to the wallet to sign in",
        tags: ['wallet'],
        querystring: Type.Object({ linkToken: Type.String({ pattern: '^[A-Za-z0-9_-]{10,128}$' }) }, { additionalProperties: false }),
        response: { 302: Type.Null(), 400: problem, 403: problem },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      let caller: Caller;
      try {
        caller = await resolveCaller(ctx.accounts, request, reply);
      } catch (error) {
        if (!(error instanceof NotAuthenticatedError)) throw error;
        reply.removeHeader('www-authenticate');
        // The wallet signs the citizen in and may come back here through `next`.
        return reply.redirect(`/wallet?next=${encodeURIComponent(`/wallet/line-link?linkToken=${request.query.linkToken}`)}`, 302);
      }
      const nonce = await ctx.lineLinks.issueNonce(citizenSubjectKeyOf(caller));
      return reply.redirect(`${lineAccountLinkDialog}?linkToken=${encodeURIComponent(request.query.linkToken)}&nonce=${encodeURIComponent(nonce)}`, 302);
    },
  );

  app.get(
    '/api/v1/wallet/line',
    {
      preHandler: citizenOnly,
      schema: {
        summary: "Whether the signed-in citizen's wallet is linked to a LINE account",
        tags: ['wallet'],
        response: { 200: Type.Object({ linked: Type.Boolean(), linkedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }), 401: problem, 403: problem },
      },
    },
    async (request) => {
      const link = await ctx.lineLinks.linkOf(citizenSubjectKeyOf(callerOf(request)));
      return { linked: Boolean(link), linkedAt: link?.linkedAt.toISOString() ?? null };
    },
  );

  app.delete(
    '/api/v1/wallet/line',
    {
      preHandler: citizenOnly,
      schema: { summary: 'Unlink LINE from the signed-in citizen (no more pushes); nothing to do when not linked', tags: ['wallet'], response: { 204: Type.Null(), 401: problem, 403: problem } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await ctx.lineLinks.unlink({ subjectKey: citizenSubjectKeyOf(caller) }, caller.actor, 'citizen');
      return reply.code(204).send(null);
    },
  );
}

function citizenSubjectKeyOf(caller: Caller): string {
  if (caller.platformRole !== 'citizen' || !caller.citizenSubjectKey) throw new ForbiddenError('Only a citizen signed in to the wallet can link LINE.');
  return caller.citizenSubjectKey;
}
