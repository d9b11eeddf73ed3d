/** What every accounts action works with, passed in once by `createAccounts`. */
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import type { AccountKeys } from './account-keys';
import type { ScryptParams } from './password';

export interface AccountsDeps {
  db: Db;
  audit: AuditLog;
  keys: AccountKeys;
  now: () => Date;
  scrypt: ScryptParams;
  sessionTtlMs: number;
  accessTokenTtlSeconds: number;
}

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip?: string | null;
  requestId?: string | null;
}
