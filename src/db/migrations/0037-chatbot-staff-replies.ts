/**
 * Staff answer handed-over conversations: their replies join the transcript (role 'staff'); a web
 * conversation's hand-over keeps the hash of the token its citizen reads replies with, a LINE one the
 * LINE user to push them to (cleared when the hand-over is closed).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const chatbotStaffRepliesMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE chatbot_messages DROP CONSTRAINT chatbot_messages_role_check`.execute(db);
    await sql`ALTER TABLE chatbot_messages ADD CONSTRAINT chatbot_messages_role_check CHECK (role in ('citizen', 'bot', 'staff'))`.execute(db);
    await db.schema.alterTable('chatbot_handover').addColumn('reply_token_hash', 'text').addColumn('line_user_id', 'text').execute();
    await db.schema.createIndex('chatbot_handover_reply_token').on('chatbot_handover').column('reply_token_hash').unique().execute();
  },
};
