/** The database's table types, composed from each domain's own table definitions. */

import type { AccountsTables } from '../accounts/tables';
import type { AnalyticsTables } from '../analytics/tables';
import type { AuditTables } from '../audit/tables';
import type { PkiTables } from '../pki/tables';
import type { CertificateTables } from '../certificates/tables';
import type { ChatbotTables } from '../chatbot/tables';
import type { ComplaintTables } from '../complaints/tables';
import type { DeliveryTables, WalletTables } from '../delivery/tables';
import type { RegistryTables } from '../registry/tables';
import type { StationTables } from '../station/tables';
import type { StorageTables } from '../storage/tables';
import type { VerifyTables } from '../verify/tables';
import type { WebhookTables } from '../webhooks/tables';
import type { LineTables } from '../delivery/line-tables';

export interface Database extends RegistryTables, AccountsTables, AuditTables, StorageTables, CertificateTables, WebhookTables, ChatbotTables, PkiTables, LineTables, VerifyTables, ComplaintTables, DeliveryTables, WalletTables, StationTables, AnalyticsTables {}
