/** The database's table types, composed from each domain's own table definitions. */

import type { CertificateTables } from '../certificates/tables';
import type { RegistryTables } from '../registry/tables';
import type { StorageTables } from '../storage/tables';
import type { WebhookTables } from '../webhooks/tables';

export interface Database extends RegistryTables, StorageTables, CertificateTables, WebhookTables {}
