/**
 * A signed-in citizen files a complaint against a private facility, with up to a few attachments:
 * everything is checked before anything is written, then the complaint, its first step, its
 * attachments, the citizen's notification and the audit event commit together.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Caller } from '../accounts/caller';
import { isUuid } from '../certificates/queries';
import { dayInThailand } from '../chatbot/topic-counts';
import { enqueueCitizenNotification } from '../delivery/citizen-notifications';
import type { Db } from '../db/database';
import { ConflictError, ForbiddenError } from '../errors';
import { putWithChange } from '../storage/blob-store';
import { checkAttachments } from './attachments';
import { auditComplaint } from './audit-complaint';
import type { ComplaintsDeps, RequestOrigin } from './deps';
import { InvalidComplaintError, PublicFacilityComplaintError, UnknownComplaintFacilityError, UnsupportedAttachmentError } from './errors';
import { visibleComplaint } from './queries';
import type { ComplaintTables } from './tables';
import { citizenKey } from './visibility';
import { dueAt } from './workflow';

export interface NewComplaint {
  facilityId: string;
  category: string;
  description: string;
  /** 'YYYY-MM-DD', the day of the visit (Thai calendar day), not in the future. */
  visitDate: string;
  attachments?: readonly Uint8Array[];
}

export const descriptionLength = { min: 10, max: 4000 };
/** Complaints are about recent care: older visits go through the courts or the Medical Council. */
export const oldestVisitYears = 2;

function requireCitizen(caller: Caller): string {
  const key = citizenKey(caller);
  if (key === null) throw new ForbiddenError('Only a signed-in citizen files a complaint or adds to it.');
  return key;
}

function checkVisitDate(visitDate: string, now: Date): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(visitDate);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!parsed || parsed.toISOString().slice(0, 10) !== visitDate) throw new InvalidComplaintError('visitDate must be a calendar date written YYYY-MM-DD.');
  const today = dayInThailand(now);
  if (visitDate > today) throw new InvalidComplaintError('The visit date cannot be in the future.');
  const oldest = `${Number(today.slice(0, 4)) - oldestVisitYears}${today.slice(4)}`;
  if (visitDate < oldest) throw new InvalidComplaintError(`The visit must be within the last ${oldestVisitYears} years.`);
  return visitDate;
}

function checkDescription(description: string): string {
  const trimmed = description.trim();
  if (trimmed.length < descriptionLength.min || trimmed.length > descriptionLength.max) {
    throw new InvalidComplaintError(`The description must be ${descriptionLength.min} to ${descriptionLength.max} characters long.`);
  }
  return trimmed;
}

/**
 * Checks the attachments, then runs `change` in a transaction with them stored under the complaint
 * (putWithChange: they exist exactly when the change commits) and their rows ready to insert.
 */
async function withAttachments<T>(deps: ComplaintsDeps, complaintId: string, files: readonly Uint8Array[], alreadyAttached: number, change: (trx: Db, rows: AttachmentRow[]) => Promise<T>): Promise<T> {
  const items = checkAttachments(files, alreadyAttached).map(({ bytes, contentType }) => {
    const id = randomUUID();
    return { id, key: `complaints/${complaintId}/${id}`, content: bytes, contentType };
  });
  return putWithChange(deps.db, deps.blobs, items, (trx, stored) =>
    change(
      trx,
      stored.map((blob, i) => ({ id: items[i]!.id, complaint_id: complaintId, position: alreadyAttached + i, blob_key: blob.key, sha256: blob.sha256, size: blob.size, content_type: items[i]!.contentType })),
    ),
  );
}

type AttachmentRow = Insertable<ComplaintTables['complaint_attachments']>;

export async function fileComplaint(deps: ComplaintsDeps, caller: Caller, input: NewComplaint, origin: RequestOrigin = {}): Promise<{ id: string }> {
  const subjectKey = requireCitizen(caller);
  const now = deps.now();
  if (!deps.categories.some((c) => c.id === input.category)) throw new InvalidComplaintError(`Unknown category; use one of ${deps.categories.map((c) => c.id).join(', ')}.`);
  const description = checkDescription(input.description);
  const visitDate = checkVisitDate(input.visitDate, now);
  const files = input.attachments ?? [];
  checkAttachments(files);
  const facility = isUuid(input.facilityId)
    ? await deps.db.selectFrom('facilities').select(['id', 'kind', 'province']).where('id', '=', input.facilityId.toLowerCase()).executeTakeFirst()
    : undefined;
  if (!facility) throw new UnknownComplaintFacilityError('No facility in the registry has this id.');
  if (facility.kind === 'public_hospital') throw new PublicFacilityComplaintError('This is a public hospital: complaints about public hospitals go to the hospital itself or the Ministry hotline 1422, not here.');

  const id = randomUUID();
  await withAttachments(deps, id, files, 0, async (trx, attachments) => {
    await trx
      .insertInto('complaints')
      .values({
        id,
        citizen_subject_key: subjectKey,
        facility_id: facility.id,
        facility_kind: facility.kind,
        province: facility.province,
        category: input.category,
        description,
        visit_date: visitDate,
        status: 'submitted',
        assigned_officer_id: null,
        submitted_at: now,
        submitted_day: dayInThailand(now),
        triaged_at: null,
        closed_at: null,
        due_at: dueAt('submitted', { submittedAt: now, triagedAt: null }, deps.sla),
      })
      .execute();
    await trx.insertInto('complaint_steps').values({ complaint_id: id, from_status: null, to_status: 'submitted', note: null, actor: caller.actor, at: now }).execute();
    if (attachments.length > 0) await trx.insertInto('complaint_attachments').values(attachments).execute();
    await enqueueCitizenNotification(trx, { subjectKey, kind: 'complaint.submitted', complaintId: id }, now);
    await auditComplaint(deps, trx, { caller, action: 'complaint.submitted', complaintId: id, facilityId: facility.id, origin, details: { category: input.category, facilityKind: facility.kind, attachments: attachments.length } });
  });
  return { id };
}

/** The citizen adds attachments to their own complaint while it waits for triage. */
export async function attachToComplaint(deps: ComplaintsDeps, caller: Caller, complaintId: string, files: readonly Uint8Array[], origin: RequestOrigin = {}): Promise<{ attached: number }> {
  requireCitizen(caller);
  const { row, view } = await visibleComplaint(deps, caller, complaintId);
  if (view !== 'citizen') throw new ForbiddenError('Only the citizen who filed the complaint adds attachments.');
  if (row.status !== 'submitted') throw new InvalidComplaintError('Attachments can be added only until the complaint is triaged.');
  if (files.length === 0) throw new UnsupportedAttachmentError('Send at least one attachment.');
  const existing = await deps.db.selectFrom('complaint_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('complaint_id', '=', row.id).executeTakeFirstOrThrow();
  const attached = await withAttachments(deps, row.id, files, Number(existing.n), async (trx, attachments) => {
    // Concurrent uploads queue on the complaint's row; the later one finds the positions taken and is asked to resend.
    const locked = await trx.selectFrom('complaints').select('status').where('id', '=', row.id).forUpdate().executeTakeFirstOrThrow();
    const count = await trx.selectFrom('complaint_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('complaint_id', '=', row.id).executeTakeFirstOrThrow();
    if (locked.status !== 'submitted') throw new InvalidComplaintError('Attachments can be added only until the complaint is triaged.');
    if (Number(count.n) !== Number(existing.n)) throw new ConflictError('Other attachments were added to this complaint meanwhile; reload it and send again.');
    await trx.insertInto('complaint_attachments').values(attachments).execute();
    await auditComplaint(deps, trx, { caller, action: 'complaint.attachments_added', complaintId: row.id, facilityId: row.facility_id, origin, details: { attachments: attachments.length } });
    return attachments.length;
  });
  return { attached };
}
