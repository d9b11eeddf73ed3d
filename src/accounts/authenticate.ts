/**
 * Authentication for every domain's routes: `requireCaller(ctx)` is a preHandler that resolves the
 * caller from a Bearer token or the session cookie (with the CSRF check on state-changing requests),
 * and `callerOf(request)` hands it to the route. Facility checks then use `assertFacilityAccess`.
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type {} from '@fastify/cookie';
import { ForbiddenError } from '../errors';
import type { Accounts } from './accounts';
import type { Caller } from './caller';
import { CsrfTokenError, NotAuthenticatedError } from './errors';
import { csrfHeader, csrfTokenMatches, sessionCookie } from './sessions';
import type { PlatformRole } from './tables';

export interface CallerRequirements {
  /** Platform roles allowed; omit to allow any authenticated caller (facility checks come later). */
  roles?: readonly PlatformRole[];
  /** OAuth scopes a client's token must carry (users are governed by their roles instead). */
  scopes?: readonly string[];
}

const callers = new WeakMap<FastifyRequest, Caller>();
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function resolveCaller(accounts: Accounts, request: FastifyRequest, reply: FastifyReply): Promise<Caller> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(authorization);
    const caller = match ? await accounts.callerForAccessToken(match[1]!) : null;
    if (!caller) {
      void reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new NotAuthenticatedError('The bearer token is missing, malformed, expired or revoked.');
    }
    return caller;
  }
  const sessionToken = request.cookies?.[sessionCookie];
  const caller = sessionToken ? await accounts.callerForSession(sessionToken) : null;
  if (!sessionToken || !caller) throw new NotAuthenticatedError('Sign in, or send a Bearer access token.');
  const presented = request.headers[csrfHeader];
  if (!safeMethods.has(request.method) && !csrfTokenMatches(sessionToken, typeof presented === 'string' ? presented : undefined)) {
    throw new CsrfTokenError(`A state-changing request with a session cookie needs the ${csrfHeader} header.`);
  }
  return caller;
}

export function requireCaller(ctx: { accounts: Accounts }, requirements: CallerRequirements = {}): preHandlerAsyncHookHandler {
  return async function authenticate(request, reply) {
    const caller = await resolveCaller(ctx.accounts, request, reply);
    if (requirements.roles && !requirements.roles.includes(caller.platformRole)) throw new ForbiddenError('Your role may not do this.');
    if (requirements.scopes && caller.kind === 'client' && !requirements.scopes.every((scope) => caller.scopes.includes(scope))) {
      throw new ForbiddenError(`This token lacks the scope ${requirements.scopes.join(' ')}.`);
    }
    callers.set(request, caller);
  };
}

/** The caller `requireCaller` resolved for this request. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw new NotAuthenticatedError('This route did not authenticate its caller.');
  return caller;
}
