/** What every Station action works with, passed in once by `createStation`. */
import type { Accounts } from '../accounts/accounts';
import type { AuditLog } from '../audit/audit-log';
import type { Issuance } from '../certificates/issuance';
import type { CertificateQueries } from '../certificates/queries';
import type { CertificateTypes } from '../certificates/types/catalog';
import type { Db } from '../db/database';
import type { CertificateRenderer } from '../pdf/render/render-certificate';
import type { RegistryService } from '../registry/service';

export interface StationDeps {
  db: Db;
  audit: AuditLog;
  accounts: Accounts;
  registry: RegistryService;
  types: CertificateTypes;
  issuance: Issuance;
  queries: CertificateQueries;
  render: CertificateRenderer;
  publicBaseUrl: string;
  now: () => Date;
}

/** Where a request came from, for the audit log. */
export interface Origin {
  ip?: string | null;
  requestId?: string | null;
}
