/** Every migration, by name; names sort in the order they run. One file per domain step. */
import type { Migration } from 'kysely/migration';

export const migrations: Record<string, Migration> = {};
