import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { ConflictError, type ErrorDetails } from '../errors';
import { toProblem } from './problem';

const request = { id: 'req-1' } as FastifyRequest;

test("an error's details never overwrite the problem's own members, and the other details stay as extensions", () => {
  // Built at run time, as a caught error's details may be: the type forbids these members only in literals.
  const details: Record<string, unknown> = { type: 'about:blank', title: 'Nope', status: 'revoked', detail: 'other', instance: '/elsewhere', currentStatus: 'revoked' };
  const problem = toProblem(new ConflictError('The certificate is revoked.', details as ErrorDetails), request);
  assert.deepEqual(problem, {
    type: 'https://medcert.dev/problems/conflict',
    title: 'Conflict',
    status: 409,
    detail: 'The certificate is revoked.',
    instance: 'req-1',
    currentStatus: 'revoked',
  });
});
