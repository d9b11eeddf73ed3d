/** Builds the complaints service from its dependencies, once per process: each action takes the caller and checks what they may do. */
import type { Caller } from '../accounts/caller';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import type { BlobStore } from '../storage/blob-store';
import { advanceComplaint, assignComplaint } from './advance-complaint';
import { loadComplaintCategories, type ComplaintCategory } from './categories';
import type { ComplaintsDeps, RequestOrigin } from './deps';
import { respondToComplaint } from './facility-response';
import { attachToComplaint, fileComplaint, type NewComplaint } from './file-complaint';
import { complaintAttachment, getComplaint, listComplaints, type ComplaintFilter } from './queries';
import type { ComplaintStatus } from './tables';
import { defaultSla, type SlaPolicy } from './workflow';

export interface ComplaintServiceOptions {
  db: Db;
  blobs: BlobStore;
  audit: Pick<AuditLog, 'append'>;
  categories?: readonly ComplaintCategory[];
  sla?: SlaPolicy;
  now?: () => Date;
}

export function createComplaintService(options: ComplaintServiceOptions) {
  const deps: ComplaintsDeps = { db: options.db, blobs: options.blobs, audit: options.audit, categories: options.categories ?? loadComplaintCategories(), sla: options.sla ?? defaultSla, now: options.now ?? (() => new Date()) };
  return {
    categories: () => deps.categories,
    file: (caller: Caller, input: NewComplaint, origin?: RequestOrigin) => fileComplaint(deps, caller, input, origin),
    attach: (caller: Caller, id: string, files: readonly Uint8Array[], origin?: RequestOrigin) => attachToComplaint(deps, caller, id, files, origin),
    advance: (caller: Caller, id: string, step: { to: ComplaintStatus; note: string }, origin?: RequestOrigin) => advanceComplaint(deps, caller, id, step, origin),
    assign: (caller: Caller, id: string, officerId: string, origin?: RequestOrigin) => assignComplaint(deps, caller, id, officerId, origin),
    respond: (caller: Caller, id: string, text: string, origin?: RequestOrigin) => respondToComplaint(deps, caller, id, text, origin),
    get: (caller: Caller, id: string) => getComplaint(deps, caller, id),
    list: (caller: Caller, filter?: ComplaintFilter) => listComplaints(deps, caller, filter),
    attachment: (caller: Caller, id: string, attachmentId: string) => complaintAttachment(deps, caller, id, attachmentId),
  };
}

export type ComplaintService = ReturnType<typeof createComplaintService>;
