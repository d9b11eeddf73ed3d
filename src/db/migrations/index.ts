/** Every migration, by name; names sort in the order they run. One file per domain step. */
import type { Migration } from 'kysely/migration';
import { storageMigration } from './0010-storage';

export const migrations: Record<string, Migration> = {
  '0010-storage': storageMigration,
};
