/** What the complaint functions work with, passed in once by the service (no module-level state). */
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import type { BlobStore } from '../storage/blob-store';
import type { ComplaintCategory } from './categories';
import type { SlaPolicy } from './workflow';

export interface ComplaintsDeps {
  db: Db;
  blobs: BlobStore;
  audit: Pick<AuditLog, 'append'>;
  categories: readonly ComplaintCategory[];
  sla: SlaPolicy;
  now: () => Date;
}

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip?: string | null;
  requestId?: string | null;
}
