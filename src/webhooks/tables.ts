/** Table types of HIS webhook endpoints and the record of each delivery attempt. */
import type { ColumnType, Generated } from 'kysely';

export interface WebhookTables {
  webhook_endpoints: {
    id: Generated<string>;
    facility_id: string;
    url: string;
    /** HMAC key shared with the HIS; needed in clear to sign deliveries. */
    secret: string;
    events: ColumnType<string[], string, string>;
    created_at: ColumnType<Date, never, never>;
    disabled_at: Date | null;
  };
  webhook_deliveries: {
    id: string;
    endpoint_id: string;
    event: string;
    attempts: number;
    last_status: number | null;
    delivered_at: Date | null;
    created_at: ColumnType<Date, never, never>;
  };
}
