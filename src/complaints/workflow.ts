/**
 * The complaint workflow and its SLA clock: submitted → triaged → investigating → resolved | dismissed,
 * nothing else moves; triage is due a few days after filing and the resolution some weeks after triage.
 */
import { InvalidComplaintTransitionError } from './errors';
import type { ComplaintStatus } from './tables';

const next: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  submitted: ['triaged'],
  triaged: ['investigating'],
  investigating: ['resolved', 'dismissed'],
  resolved: [],
  dismissed: [],
};

export const closedStatuses: readonly ComplaintStatus[] = ['resolved', 'dismissed'];

/** The status a move to `to` must start from; refuses every move the workflow does not list. */
export function assertTransition(from: ComplaintStatus, to: ComplaintStatus): void {
  if (!next[from].includes(to)) {
    const allowed = next[from];
    const hint = allowed.length === 0 ? 'it is closed' : `it can only become ${allowed.join(' or ')}`;
    throw new InvalidComplaintTransitionError(`A ${from} complaint cannot become ${to}: ${hint}.`, { currentStatus: from, requestedStatus: to });
  }
}

export interface SlaPolicy {
  triageDays: number;
  resolutionDays: number;
}

export const defaultSla: SlaPolicy = { triageDays: 3, resolutionDays: 30 };

const dayMs = 24 * 60 * 60 * 1000;

/** When the complaint's current step is due, or null once it is closed. */
export function dueAt(status: ComplaintStatus, times: { submittedAt: Date; triagedAt: Date | null }, sla: SlaPolicy = defaultSla): Date | null {
  if (status === 'submitted') return new Date(times.submittedAt.getTime() + sla.triageDays * dayMs);
  if (closedStatuses.includes(status)) return null;
  const triagedAt = times.triagedAt ?? times.submittedAt;
  return new Date(triagedAt.getTime() + sla.resolutionDays * dayMs);
}

export function isOverdue(due: Date | null, now: Date): boolean {
  return due !== null && due.getTime() < now.getTime();
}
