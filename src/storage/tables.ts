/** Table types of the database blob store. */
import type { ColumnType } from 'kysely';

export interface StorageTables {
  blobs: {
    key: string;
    content: Buffer;
    sha256: string;
    size: number;
    content_type: string;
    created_at: ColumnType<Date, never, never>;
  };
}
