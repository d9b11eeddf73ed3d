/** The database's table types, composed from each domain's own table definitions. */

import type { StorageTables } from '../storage/tables';

export interface Database extends StorageTables {}
