/** What the verifier-organisation actions work with, passed in once by `createVerifiers`. */
import type { Accounts } from '../accounts/accounts';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';

export interface VerifierDeps {
  db: Db;
  audit: AuditLog;
  createUser: Accounts['createUser'];
  now: () => Date;
}
