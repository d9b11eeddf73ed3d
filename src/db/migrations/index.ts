/** Every migration, by name; names sort in the order they run. One file per domain step. */
import type { Migration } from 'kysely/migration';
import { registryMigration } from './0001-registry';
import { storageMigration } from './0010-storage';
import { certificatesMigration } from './0011-certificates';
import { webhooksMigration } from './0012-webhooks';

export const migrations: Record<string, Migration> = {
  '0001-registry': registryMigration,
  '0010-storage': storageMigration,
  '0011-certificates': certificatesMigration,
  '0012-webhooks': webhooksMigration,
};
