/** Assembles the HTTP server: problem+json errors, request ids, redacted logs, OpenAPI, limits, and each domain's routes. */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { registerAnalyticsRoutes } from '../analytics/routes';
import { registerChatbotRoutes } from '../chatbot/routes';
import { citizenFromAccounts } from '../chatbot/signed-in-citizen';
import { callerOf, requireCaller } from '../accounts/authenticate';
import { registerRegistryRoutes } from '../registry/routes';
import { registerAccountsRoutes } from '../accounts/routes';
import { registerAuditRoutes } from '../audit/routes';
import { registerDccRoutes } from '../dcc/routes';
import { registerPkiRoutes } from '../pki/routes';
import { registerCertificateRoutes } from '../certificates/routes';
import { registerComplaintRoutes } from '../complaints/routes';
import { registerLineWebhook } from '../delivery/line-webhook';
import { registerLineLinkRoutes } from '../delivery/line-link-routes';
import { registerWalletRoutes } from '../delivery/wallet-routes';
import { registerVerifyRoutes } from '../verify/routes';
import { registerVerifierRoutes } from '../verify/verifier-routes';
import { registerStationRoutes } from '../station/routes';
import type { AppContext } from './context';
import { loggerOptions } from './logger';
import { problemTypeBase, sendProblem, toProblem } from './problem';
import { registerWebPages } from './static';

export const defaultBodyLimit = 1024 * 1024;

export interface AppOptions {
  logger?: boolean;
  /** Where the built front end lives (tests point this at a fixture); defaults to web/dist. */
  webDistDir?: string;
}

/** One access-log line per request, when it completes, with its method and (redacted) path, instead of Fastify's two. */
class CompletedRequestsOnly extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(),
    bodyLimit: defaultBodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    trustProxy: ctx.config.trustProxy,
    logController: new CompletedRequestsOnly(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { type: `${problemTypeBase}not-found`, title: 'Not found', status: 404, detail: `No route for ${request.method} ${request.url.split('?')[0]}.`, instance: request.id }),
  );

  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(cookie);
  // Counted in the database: every worker process enforces the same limits.
  await app.register(rateLimit, { global: false, store: ctx.rateLimits.storeClass() });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'medcert', version: '0.1.0', description: 'Digitally signed medical certificates: registry, issuance, verification, trust list.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
    },
  });

  app.get('/health', { schema: { summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerWebPages(app, options.webDistDir);
  await registerDomainRoutes(app, ctx);
  return app;
}

async function registerDomainRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await registerAccountsRoutes(app, ctx);
  await registerAuditRoutes(app, ctx);
  await registerChatbotRoutes(app, { chatbot: ctx.chatbot, identifyCitizen: citizenFromAccounts(ctx.accounts), staffOnly: requireCaller(ctx, { roles: ['platform_operator'] }), actorOf: (request) => callerOf(request).actor });
  await registerRegistryRoutes(app, ctx.registry);
  await registerDccRoutes(app, ctx);
  await registerPkiRoutes(app, ctx.pki);
  await registerCertificateRoutes(app, { ...ctx, ...ctx.certificates, verifySecondFactor: (userId, code) => ctx.accounts.verifySecondFactor(userId, code) });
  await registerComplaintRoutes(app, ctx);
  await registerLineWebhook(app, { chatbot: ctx.chatbot, links: ctx.lineLinks, listMyCertificates: ctx.listMyCertificates, publicBaseUrl: ctx.config.publicBaseUrl, line: ctx.config.line });
  await registerLineLinkRoutes(app, ctx);
  await registerWalletRoutes(app, ctx);
  await registerStationRoutes(app, ctx);
  await registerAnalyticsRoutes(app, ctx);
  await registerVerifyRoutes(app, { verifyPdf: ctx.verifiers.verifyPdf, verifyQr: ctx.verifiers.verifyQr, verifyQrInBatch: ctx.verifiers.verifyQrInBatch, countKeyUse: (keyId, verifications) => ctx.rateLimits.count(`verifier-key:${keyId}`, verifications, 60_000), authenticateApiKey: ctx.verifiers.authenticateApiKey, trustList: () => ctx.trustList.current() });
  // Verification rows are written in batches: the last one goes out before the database closes.
  app.addHook('onClose', () => ctx.verifiers.flushLog().catch((error: Error) => app.log.error({ err: error }, 'writing the verification log failed')));
  await registerVerifierRoutes(app, ctx);
}
