/** Reading complaints: one in the caller's view, a filtered page of those the caller may see, an attachment's bytes. */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Caller } from '../accounts/caller';
import { isUuid } from '../certificates/queries';
import type { Database } from '../db/schema';
import type { FacilityKind } from '../registry/tables';
import type { ComplaintsDeps } from './deps';
import { ComplaintNotFoundError } from './errors';
import type { AttachmentType, ComplaintStatus } from './tables';
import { administeredFacilities, citizenKey, officerProvince, viewOf, type ComplaintView } from './visibility';
import { isOverdue } from './workflow';

export interface ComplaintSummary {
  id: string;
  facility: { id: string; nameTh: string; nameEn: string; kind: FacilityKind; province: string };
  category: string;
  status: ComplaintStatus;
  visitDate: string;
  submittedAt: Date;
  dueAt: Date | null;
  overdue: boolean;
}

export interface ComplaintDetail extends ComplaintSummary {
  view: ComplaintView;
  description: string;
  triagedAt: Date | null;
  closedAt: Date | null;
  /** Staff only: whose complaint it is (a one-way subject key) and which officer has it. */
  citizenSubjectKey?: string;
  assignedOfficerId?: string | null;
  steps: { from: ComplaintStatus | null; to: ComplaintStatus; at: Date; note?: string | null; actor?: string }[];
  /** Not shown to the facility: a photo or a bill may well identify the citizen. */
  attachments?: { id: string; contentType: AttachmentType; size: number; sha256: string }[];
  attachmentCount: number;
  response: { text: string; at: Date } | null;
}

export interface ComplaintFilter {
  status?: ComplaintStatus;
  category?: string;
  facilityId?: string;
  overdue?: boolean;
  /** Only complaints filed before this time (the next page). */
  before?: Date;
  limit?: number;
}


function selectComplaints(deps: Pick<ComplaintsDeps, 'db'>) {
  return deps.db
    .selectFrom('complaints')
    .innerJoin('facilities', 'facilities.id', 'complaints.facility_id')
    .select([
      'complaints.id',
      'complaints.citizen_subject_key',
      'complaints.facility_id',
      'complaints.facility_kind',
      'complaints.province',
      'complaints.category',
      'complaints.description',
      sql<string>`complaints.visit_date::text`.as('visit_date'),
      'complaints.status',
      'complaints.assigned_officer_id',
      'complaints.submitted_at',
      'complaints.triaged_at',
      'complaints.closed_at',
      'complaints.due_at',
      'facilities.name_th',
      'facilities.name_en',
    ]);
}

type ComplaintRow = Awaited<ReturnType<ReturnType<typeof selectComplaints>['executeTakeFirstOrThrow']>>;

/** The complaint with what decides who may see it, or undefined. */
export async function loadComplaint(deps: Pick<ComplaintsDeps, 'db'>, id: string): Promise<(ComplaintRow & { ownership: { citizenSubjectKey: string; facilityId: string; province: string } }) | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await selectComplaints(deps).where('complaints.id', '=', id.toLowerCase()).executeTakeFirst();
  return row && { ...row, ownership: { citizenSubjectKey: row.citizen_subject_key, facilityId: row.facility_id, province: row.province } };
}

/** Loads a complaint the caller may see, with their view of it; anything else is "not found", so ids cannot be probed. */
export async function visibleComplaint(deps: Pick<ComplaintsDeps, 'db'>, caller: Caller, id: string) {
  const row = await loadComplaint(deps, id);
  const view = row && viewOf(caller, row.ownership);
  if (!row || !view) throw new ComplaintNotFoundError('No such complaint.');
  return { row, view };
}

function summaryOf(row: ComplaintRow, now: Date): ComplaintSummary {
  return {
    id: row.id,
    facility: { id: row.facility_id, nameTh: row.name_th, nameEn: row.name_en, kind: row.facility_kind, province: row.province },
    category: row.category,
    status: row.status,
    visitDate: row.visit_date,
    submittedAt: row.submitted_at,
    dueAt: row.due_at,
    overdue: isOverdue(row.due_at, now),
  };
}

export async function getComplaint(deps: ComplaintsDeps, caller: Caller, id: string): Promise<ComplaintDetail> {
  const { row, view } = await visibleComplaint(deps, caller, id);
  const [steps, attachments, response] = await Promise.all([
    deps.db.selectFrom('complaint_steps').select(['from_status', 'to_status', 'note', 'actor', 'at']).where('complaint_id', '=', row.id).orderBy('at').orderBy('id').execute(),
    deps.db.selectFrom('complaint_attachments').select(['id', 'content_type', 'size', 'sha256']).where('complaint_id', '=', row.id).orderBy('position').execute(),
    deps.db.selectFrom('complaint_responses').select(['text', 'created_at']).where('complaint_id', '=', row.id).executeTakeFirst(),
  ]);
  return {
    ...summaryOf(row, deps.now()),
    view,
    description: row.description,
    triagedAt: row.triaged_at,
    closedAt: row.closed_at,
    ...(view === 'staff' ? { citizenSubjectKey: row.citizen_subject_key, assignedOfficerId: row.assigned_officer_id } : {}),
    steps: steps.map((s) => ({
      from: s.from_status,
      to: s.to_status,
      at: s.at,
      ...(view === 'facility' ? {} : { note: s.note }),
      ...(view === 'staff' ? { actor: s.actor } : {}),
    })),
    ...(view === 'facility' ? {} : { attachments: attachments.map((a) => ({ id: a.id, contentType: a.content_type, size: a.size, sha256: a.sha256 })) }),
    attachmentCount: attachments.length,
    response: response ? { text: response.text, at: response.created_at } : null,
  };
}

/** The complaints the caller may see, newest first; everyone else's are never selected. */
export async function listComplaints(deps: ComplaintsDeps, caller: Caller, filter: ComplaintFilter = {}): Promise<ComplaintSummary[]> {
  const now = deps.now();
  const everything = caller.kind === 'user' && caller.platformRole === 'platform_operator';
  const province = officerProvince(caller);
  const key = citizenKey(caller);
  const facilities = administeredFacilities(caller);
  if (!everything && province === null && key === null && facilities.length === 0) return [];
  const visible = (eb: ExpressionBuilder<Database & { facilities: Database['facilities'] }, 'complaints' | 'facilities'>) =>
    eb.or([
      ...(province !== null ? [eb('complaints.province', '=', province)] : []),
      ...(key !== null ? [eb('complaints.citizen_subject_key', '=', key)] : []),
      ...(facilities.length > 0 ? [eb('complaints.facility_id', 'in', facilities)] : []),
    ]);
  let query = selectComplaints(deps);
  if (!everything) query = query.where(visible);
  if (filter.status) query = query.where('complaints.status', '=', filter.status);
  if (filter.category) query = query.where('complaints.category', '=', filter.category);
  if (filter.facilityId) query = isUuid(filter.facilityId) ? query.where('complaints.facility_id', '=', filter.facilityId.toLowerCase()) : query.where(sql<boolean>`false`);
  if (filter.overdue !== undefined) query = filter.overdue ? query.where('complaints.due_at', '<', now) : query.where((eb) => eb.or([eb('complaints.due_at', 'is', null), eb('complaints.due_at', '>=', now)]));
  if (filter.before) query = query.where('complaints.submitted_at', '<', filter.before);
  const rows = await query
    .orderBy('complaints.submitted_at', 'desc')
    .orderBy('complaints.id', 'desc')
    .limit(Math.min(filter.limit ?? 50, 200))
    .execute();
  return rows.map((row) => summaryOf(row, now));
}

/** An attachment's bytes, for the citizen who sent it and the staff handling the complaint (never the facility). */
export async function complaintAttachment(deps: ComplaintsDeps, caller: Caller, id: string, attachmentId: string): Promise<{ bytes: Uint8Array; contentType: AttachmentType }> {
  const { row, view } = await visibleComplaint(deps, caller, id);
  const attachment =
    view !== 'facility' && isUuid(attachmentId)
      ? await deps.db.selectFrom('complaint_attachments').select(['blob_key', 'content_type']).where('complaint_id', '=', row.id).where('id', '=', attachmentId.toLowerCase()).executeTakeFirst()
      : undefined;
  const bytes = attachment && (await deps.blobs.get(attachment.blob_key));
  if (!attachment || !bytes) throw new ComplaintNotFoundError('No such attachment.');
  return { bytes, contentType: attachment.content_type };
}
