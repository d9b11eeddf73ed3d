/**
 * The human queue: conversations the chatbot hands over to staff, once each while open, with their
 * transcript for the staff who take them, and the staff's replies: read back by the web citizen with the
 * token given when the hand-over was made, pushed to the LINE user for a LINE conversation.
 */
import { sql } from 'kysely';
import { tokenDigest } from '../accounts/opaque-token';
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
  /** Where staff replies go: the web citizen's reply token, or the LINE user. */
  replyTo: { token: string } | { lineUserId: string };
}

export interface QueuedHandover {
  id: string;
  conversationId: string;
  language: ChatLanguage;
  topicGuess: string | null;
  status: HandoverStatus;
  createdAt: Date;
  /** The transcript still within the retention period, oldest first. */
  messages: { role: 'citizen' | 'bot' | 'staff'; text: string; at: Date }[];
}

export interface StaffReply {
  text: string;
  at: Date;
}

/**
 * Queues the conversation unless it is already waiting or with someone; the unique index settles races
 * between two messages. True when this request queued it (its reply token is the one that reads replies).
 */
export async function requestHandover(db: Db, request: HandoverRequest): Promise<boolean> {
  const tokenHash = 'token' in request.replyTo ? tokenDigest(request.replyTo.token) : null;
  const lineUserId = 'lineUserId' in request.replyTo ? request.replyTo.lineUserId : null;
  const { rows } = await sql<{ id: string }>`
    insert into chatbot_handover (conversation_id, language, topic_guess, created_at, reply_token_hash, line_user_id)
    select ${request.conversationId}::uuid, ${request.language}, ${request.topicGuess}, ${request.at}::timestamptz, ${tokenHash}, ${lineUserId}
    where not exists (select 1 from chatbot_handover where conversation_id = ${request.conversationId}::uuid and status = 'assigned')
    on conflict (conversation_id) where status = 'open' do nothing
    returning id
  `.execute(db);
  return rows.length > 0;
}

/**
 * Adds a staff reply to a hand-over not closed (taking it, if still open); answers where it goes. The
 * reply is in the transcript whatever happens to its delivery.
 */
export async function addStaffReply(db: Db, id: string, text: string, at: Date): Promise<{ conversationId: string; language: ChatLanguage; lineUserId: string | null; messageId: string }> {
  return db.transaction().execute(async (trx) => {
    const handover = await trx.selectFrom('chatbot_handover').select(['conversation_id', 'language', 'line_user_id']).where('id', '=', id).where('status', '!=', 'closed').forUpdate().executeTakeFirst();
    if (!handover) throw new NotFoundError('No open hand-over has this id.');
    const { id: messageId } = await trx
      .insertInto('chatbot_messages')
      .values({ conversation_id: handover.conversation_id, role: 'staff', text, language: handover.language, intent: null, confidence: null, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('chatbot_handover').set({ status: 'assigned' }).where('id', '=', id).where('status', '=', 'open').execute();
    return { conversationId: handover.conversation_id, language: handover.language, lineUserId: handover.line_user_id, messageId };
  });
}

/** The staff replies of the hand-over made with this token, oldest first, after `after` when given; none for an unknown token. */
export async function staffRepliesFor(db: Db, token: string, after?: Date): Promise<StaffReply[]> {
  let query = db
    .selectFrom('chatbot_handover as h')
    .innerJoin('chatbot_messages as m', 'm.conversation_id', 'h.conversation_id')
    .select(['m.text', 'm.created_at'])
    .where('h.reply_token_hash', '=', tokenDigest(token))
    .where('m.role', '=', 'staff')
    .where('m.created_at', '>=', sql<Date>`h.created_at`);
  if (after) query = query.where('m.created_at', '>', after);
  const rows = await query.orderBy('m.created_at').orderBy('m.id').limit(100).execute();
  return rows.map((row) => ({ text: row.text, at: row.created_at }));
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

/** Staff take a hand-over (assigned) or finish it (closed; the LINE user is no longer kept); a closed one stays closed. */
export async function setHandoverStatus(db: Db, id: string, status: Exclude<HandoverStatus, 'open'>): Promise<void> {
  const updated = await db
    .updateTable('chatbot_handover')
    .set(status === 'closed' ? { status, line_user_id: null } : { status })
    .where('id', '=', id)
    .where('status', '!=', 'closed')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new NotFoundError('No open hand-over has this id.');
}
