/**
 * Finds the signed-in citizen behind a chatbot request through the accounts module, or null: the
 * chatbot is public, so anonymous callers and credentials that do not check out (expired session,
 * missing CSRF header) get the public answers instead of an error.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts } from '../accounts/accounts';
import { resolveCaller } from '../accounts/authenticate';
import { MedcertError } from '../errors';

/** The citizen's subject key (what certificates are filed under), or null for anyone else. */
export type IdentifyCitizen = (request: FastifyRequest, reply: FastifyReply) => Promise<string | null>;

export function citizenFromAccounts(accounts: Accounts): IdentifyCitizen {
  return async (request, reply) => {
    if (request.headers.authorization === undefined && request.headers.cookie === undefined) return null;
    try {
      return (await resolveCaller(accounts, request, reply)).citizenSubjectKey;
    } catch (error) {
      if (error instanceof MedcertError && (error.kind === 'auth' || error.kind === 'forbidden')) {
        reply.removeHeader('www-authenticate');
        return null;
      }
      throw error;
    }
  };
}
