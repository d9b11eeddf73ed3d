/** Maps every error to RFC 9457 problem+json, once, with a stable `type` per error code. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { MedcertError, reservedProblemMembers } from '../errors';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

const fastifyCodes: Record<string, { slug: string; title: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'malformed-json', title: 'Malformed JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { slug: 'malformed-json', title: 'Malformed JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { slug: 'payload-too-large', title: 'Payload too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { slug: 'invalid-input', title: 'Invalid input' },
  FST_REQ_FILE_TOO_LARGE: { slug: 'payload-too-large', title: 'Payload too large' },
  FST_ERR_VALIDATION: { slug: 'invalid-input', title: 'Invalid input' },
};

export const problemTypeBase = 'https://medcert.dev/problems/';

/** The problem+json body as a response schema, for routes' OpenAPI descriptions. */
export const problemSchema = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() }, { additionalProperties: true });

export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof MedcertError) {
    return {
      ...extensionsOf(error.details),
      type: error.problemType,
      title: titleFromCode(error.code),
      status: error.httpStatus,
      detail: error.message,
      instance: request.id,
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return {
      type: `${problemTypeBase}invalid-input`,
      title: 'Invalid input',
      status: 400,
      detail: `The request ${fastifyError.validationContext ?? 'body'} is invalid: ${fastifyError.validation.map((v) => `${v.instancePath || '/'} ${v.message}`).join('; ')}.`,
      instance: request.id,
      errors: fastifyError.validation.map((v) => ({ path: v.instancePath || '/', message: v.message, params: v.params })),
    };
  }
  const known = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (known) {
    return { type: `${problemTypeBase}${known.slug}`, title: known.title, status: fastifyError.statusCode ?? 400, detail: fastifyError.message, instance: request.id };
  }
  if (fastifyError.statusCode === 429) {
    return { type: `${problemTypeBase}rate-limited`, title: 'Too many requests', status: 429, detail: fastifyError.message, instance: request.id };
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { type: `${problemTypeBase}bad-request`, title: 'Bad request', status: fastifyError.statusCode, detail: fastifyError.message, instance: request.id };
  }
  return { type: `${problemTypeBase}internal`, title: 'Internal error', status: 500, detail: 'An unexpected error occurred; it has been logged with this request id.', instance: request.id };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

const reserved: ReadonlySet<string> = new Set(reservedProblemMembers);

/** An error's details without the problem's own members: the status line and the body must always agree, whatever a details object holds at run time. */
function extensionsOf(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details ?? {}).filter(([member]) => !reserved.has(member)));
}

function titleFromCode(code: string): string {
  const words = code.replace(/^ERR_/, '').toLowerCase().split('_');
  return words.map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
}
