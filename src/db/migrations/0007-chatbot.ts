/** The chatbot's tables: messages kept 30 days, per-conversation topics, daily topic counts and the human handover queue. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const chatbotMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('chatbot_messages')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('conversation_id', 'uuid', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('citizen', 'bot')`))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('th', 'en')`))
      .addColumn('intent', 'text')
      .addColumn('confidence', 'real')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('chatbot_messages_created_at').on('chatbot_messages').column('created_at').execute();
    await db.schema.createIndex('chatbot_messages_conversation').on('chatbot_messages').columns(['conversation_id', 'created_at']).execute();

    await db.schema
      .createTable('chatbot_conversation_topics')
      .addColumn('conversation_id', 'uuid', (c) => c.notNull())
      .addColumn('day', 'date', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('chatbot_conversation_topics_pkey', ['conversation_id', 'day', 'topic'])
      .execute();
    await db.schema.createIndex('chatbot_conversation_topics_day').on('chatbot_conversation_topics').column('day').execute();

    await db.schema
      .createTable('chatbot_topic_daily')
      .addColumn('day', 'date', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('chatbot_topic_daily_pkey', ['day', 'topic', 'language'])
      .execute();

    await db.schema
      .createTable('chatbot_handover')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('conversation_id', 'uuid', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('topic_guess', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'assigned', 'closed')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    // One open hand-over per conversation: a citizen who keeps typing stays in the queue once.
    await db.schema.createIndex('chatbot_handover_open').on('chatbot_handover').column('conversation_id').unique().where(sql.ref('status'), '=', 'open').execute();
  },
};
