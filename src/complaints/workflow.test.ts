import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidComplaintTransitionError } from './errors';
import { complaintStatuses, type ComplaintStatus } from './tables';
import { assertTransition, dueAt, isOverdue } from './workflow';

const day = 24 * 60 * 60 * 1000;

test('exactly four moves exist: submitted → triaged → investigating → resolved | dismissed', () => {
  const allowed: string[] = [];
  for (const from of complaintStatuses) {
    for (const to of complaintStatuses) {
      try {
        assertTransition(from, to);
        allowed.push(`${from}→${to}`);
      } catch (error) {
        assert.ok(error instanceof InvalidComplaintTransitionError);
      }
    }
  }
  assert.deepEqual(allowed, ['submitted→triaged', 'triaged→investigating', 'investigating→resolved', 'investigating→dismissed']);
});

test('triage is due 3 days after filing, resolution 30 days after triage, nothing once closed', () => {
  const submittedAt = new Date('2026-01-01T00:00:00Z');
  const triagedAt = new Date('2026-01-05T00:00:00Z');
  const due = (status: ComplaintStatus) => dueAt(status, { submittedAt, triagedAt })?.getTime() ?? null;
  assert.equal(due('submitted'), submittedAt.getTime() + 3 * day);
  assert.equal(due('triaged'), triagedAt.getTime() + 30 * day);
  assert.equal(due('investigating'), triagedAt.getTime() + 30 * day);
  assert.equal(due('resolved'), null);
  assert.equal(due('dismissed'), null);
  assert.equal(dueAt('submitted', { submittedAt, triagedAt: null }, { triageDays: 1, resolutionDays: 10 })?.getTime(), submittedAt.getTime() + day);
});

test('overdue means past the due time; a closed complaint never is', () => {
  const due = new Date('2026-01-04T00:00:00Z');
  assert.equal(isOverdue(due, new Date(due.getTime() - 1)), false);
  assert.equal(isOverdue(due, new Date(due.getTime() + 1)), true);
  assert.equal(isOverdue(null, new Date('2100-01-01T00:00:00Z')), false);
});
