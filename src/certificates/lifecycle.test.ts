import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidTransitionError, nextStatus } from './lifecycle';

test('a draft is submitted, approved, completed, then revoked or superseded', () => {
  assert.equal(nextStatus('draft', 'submit'), 'pending_signature');
  assert.equal(nextStatus('pending_signature', 'approve'), 'signing');
  assert.equal(nextStatus('signing', 'complete'), 'issued');
  assert.equal(nextStatus('issued', 'revoke'), 'revoked');
  assert.equal(nextStatus('issued', 'supersede'), 'superseded');
});

test('every other move is refused with a typed error', () => {
  const refused: [Parameters<typeof nextStatus>[0], Parameters<typeof nextStatus>[1]][] = [
    ['draft', 'revoke'],
    ['pending_signature', 'complete'],
    ['issued', 'approve'],
    ['revoked', 'revoke'],
    ['revoked', 'supersede'],
    ['superseded', 'revoke'],
    ['issued', 'submit'],
  ];
  for (const [from, action] of refused) {
    assert.throws(() => nextStatus(from, action), InvalidTransitionError, `${from} → ${action}`);
  }
});
