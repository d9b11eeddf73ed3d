/** Every migration, by name; names sort in the order they run. One file per domain step. */
import type { Migration } from 'kysely/migration';
import { registryMigration } from './0001-registry';
import { accountsMigration } from './0002-accounts';
import { auditMigration } from './0003-audit';
import { pkiMigration } from './0004-pki';
import { chatbotMigration } from './0007-chatbot';
import { storageMigration } from './0010-storage';
import { certificatesMigration } from './0011-certificates';
import { webhooksMigration } from './0012-webhooks';
import { travelDccMigration } from './0018-travel-dcc';
import { provincialOfficersMigration } from './0019-provincial-officers';
import { complaintsMigration } from './0020-complaints';
import { analyticsMigration } from './0021-analytics';
import { walletMigration } from './0022-wallet';
import { stationMigration } from './0023-station';
import { verifiersMigration } from './0024-verifiers';
import { lineMigration } from './0025-line';
import { provinceCodesComplaintCountsMigration } from './0028-province-codes-complaint-counts';
import { citizenNotificationLineMigration } from './0029-citizen-notification-line';
import { certificatesIssuedAtMigration } from './0030-certificates-issued-at';
import { documentChangeNotificationsMigration } from './0031-document-change-notifications';
import { rateLimitCountersMigration } from './0032-rate-limit-counters';
import { auditPendingMigration } from './0033-audit-pending';
import { blobsStoredUncompressedMigration } from './0034-blobs-stored-uncompressed';
import { webhookEndpointNotificationsMigration } from './0035-webhook-endpoint-notifications';
import { auditPendingUnalterableMigration } from './0036-audit-pending-unalterable';
import { chatbotStaffRepliesMigration } from './0037-chatbot-staff-replies';

export const migrations: Record<string, Migration> = {
  '0001-registry': registryMigration,
  '0002-accounts': accountsMigration,
  '0003-audit': auditMigration,
  '0004-pki': pkiMigration,
  '0007-chatbot': chatbotMigration,
  '0010-storage': storageMigration,
  '0011-certificates': certificatesMigration,
  '0012-webhooks': webhooksMigration,
  '0018-travel-dcc': travelDccMigration,
  '0019-provincial-officers': provincialOfficersMigration,
  '0020-complaints': complaintsMigration,
  '0021-analytics': analyticsMigration,
  '0022-wallet': walletMigration,
  '0023-station': stationMigration,
  '0024-verifiers': verifiersMigration,
  '0025-line': lineMigration,
  '0028-province-codes-complaint-counts': provinceCodesComplaintCountsMigration,
  '0029-citizen-notification-line': citizenNotificationLineMigration,
  '0030-certificates-issued-at': certificatesIssuedAtMigration,
  '0031-document-change-notifications': documentChangeNotificationsMigration,
  '0032-rate-limit-counters': rateLimitCountersMigration,
  '0033-audit-pending': auditPendingMigration,
  '0034-blobs-stored-uncompressed': blobsStoredUncompressedMigration,
  '0035-webhook-endpoint-notifications': webhookEndpointNotificationsMigration,
  '0036-audit-pending-unalterable': auditPendingUnalterableMigration,
  '0037-chatbot-staff-replies': chatbotStaffRepliesMigration,
};
