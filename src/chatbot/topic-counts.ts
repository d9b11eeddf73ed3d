/** Counts conversations by topic, language and day for the dashboard, incrementally and without any message text. */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { ChatLanguage } from './language';

// Built once: constructing an Intl formatter costs far more than formatting with it (every verification counts a day).
const thaiDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The dashboard's calendar day: Thailand's, so a conversation at 01:00 in Bangkok counts on that Thai date. */
export function dayInThailand(at: Date): string {
  return thaiDayFormat.format(at);
}

/**
 * Counts the conversation under the topic once per day: the first message on a topic marks the
 * conversation and bumps the day's count in the same statement; later messages find the mark.
 */
export async function countConversationTopic(db: Db, conversationId: string, topic: string, language: ChatLanguage, at: Date): Promise<void> {
  const day = dayInThailand(at);
  await sql`
    with marked as (
      insert into chatbot_conversation_topics (conversation_id, day, topic)
      values (${conversationId}, ${day}, ${topic})
      on conflict do nothing
      returning day, topic
    )
    insert into chatbot_topic_daily (day, topic, language, count)
    select day, topic, ${language}, 1 from marked
    on conflict (day, topic, language) do update set count = chatbot_topic_daily.count + 1
  `.execute(db);
}

export interface TopicCount {
  day: string;
  topic: string;
  language: ChatLanguage;
  count: number;
}

/** The daily counts between two days inclusive ('YYYY-MM-DD'), for the dashboard and its export. */
export async function topicCounts(db: Db, from: string, to: string): Promise<TopicCount[]> {
  const rows = await db
    .selectFrom('chatbot_topic_daily')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'topic', 'language', 'count'])
    .where('day', '>=', sql<Date>`${from}::date`)
    .where('day', '<=', sql<Date>`${to}::date`)
    .orderBy('day')
    .orderBy('topic')
    .orderBy('language')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}
