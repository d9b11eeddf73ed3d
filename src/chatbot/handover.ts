/** The human queue: conversations the chatbot hands over to staff, once each while open, with their transcript for the staff who take them. */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { NotFoundError } from '../errors';
import type { ChatLanguage } from './language';

export type HandoverStatus = 'open' | 'assigned' | 'closed';

export interface HandoverRequest {
  conversationId: string;
  language: ChatLanguage;
  /** The topic the classifier leaned to, even below the threshold: helps route to the right staff. */
  topicGuess: string | null;
  at: Date;
}

export interface QueuedHandover {
  id: string;
  conversationId: string;
  language: ChatLanguage;
  topicGuess: string | null;
  status: HandoverStatus;
  createdAt: Date;
  /** The transcript still within the retention period, oldest first. */
  messages: { role: 'citizen' | 'bot'; text: string; at: Date }[];
}

/** Queues the conversation unless it is already waiting or with someone; the unique index settles races between two messages. */
export async function requestHandover(db: Db, request: HandoverRequest): Promise<void> {
  await sql`
    insert into chatbot_handover (conversation_id, language, topic_guess, created_at)
    select ${request.conversationId}::uuid, ${request.language}, ${request.topicGuess}, ${request.at}::timestamptz
    where not exists (select 1 from chatbot_handover where conversation_id = ${request.conversationId}::uuid and status = 'assigned')
    on conflict (conversation_id) where status = 'open' do nothing
  `.execute(db);
}

/** Hand-overs not yet closed, oldest first, each with its transcript. */
export async function listPendingHandovers(db: Db, limit: number): Promise<QueuedHandover[]> {
  const handovers = await db
    .selectFrom('chatbot_handover')
    .select(['id', 'conversation_id', 'language', 'topic_guess', 'status', 'created_at'])
    .where('status', '!=', 'closed')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  if (handovers.length === 0) return [];
  const messages = await db
    .selectFrom('chatbot_messages')
    .select(['conversation_id', 'role', 'text', 'created_at'])
    .where('conversation_id', 'in', handovers.map((h) => h.conversation_id))
    .orderBy('created_at')
    .orderBy('role', 'desc')
    .execute();
  return handovers.map((h) => ({
    id: h.id,
    conversationId: h.conversation_id,
    language: h.language,
    topicGuess: h.topic_guess,
    status: h.status,
    createdAt: h.created_at,
    messages: messages.filter((m) => m.conversation_id === h.conversation_id).map((m) => ({ role: m.role, text: m.text, at: m.created_at })),
  }));
}

/** Staff take a hand-over (assigned) or finish it (closed); a closed one stays closed. */
export async function setHandoverStatus(db: Db, id: string, status: Exclude<HandoverStatus, 'open'>): Promise<void> {
  const updated = await db.updateTable('chatbot_handover').set({ status }).where('id', '=', id).where('status', '!=', 'closed').executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new NotFoundError('No open hand-over has this id.');
}
