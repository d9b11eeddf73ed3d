/** The chat transcript: messages kept for the human queue and for at most 30 days, then purged. */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { ChatLanguage } from './language';

export const messageRetentionDays = 30;

export interface ChatMessage {
  conversationId: string;
  role: 'citizen' | 'bot';
  text: string;
  language: ChatLanguage;
  intent: string | null;
  confidence: number | null;
  at: Date;
}

export async function recordMessages(db: Db, messages: readonly ChatMessage[]): Promise<void> {
  await db
    .insertInto('chatbot_messages')
    .values(messages.map((m) => ({ conversation_id: m.conversationId, role: m.role, text: m.text, language: m.language, intent: m.intent, confidence: m.confidence, created_at: m.at })))
    .execute();
}

/**
 * Deletes message text older than the retention period (and the per-conversation topic marks of
 * those days, which are only needed to count a conversation once a day). Returns the number of
 * messages deleted. The daily topic counts stay: they hold no text.
 */
export async function purgeExpiredMessages(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - messageRetentionDays * 24 * 60 * 60 * 1000);
  const deleted = await db.deleteFrom('chatbot_messages').where('created_at', '<', cutoff).executeTakeFirst();
  await db
    .deleteFrom('chatbot_conversation_topics')
    .where('day', '<', sql<Date>`${cutoff.toISOString()}::timestamptz::date`)
    .execute();
  return Number(deleted.numDeletedRows);
}
