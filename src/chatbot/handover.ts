/** The human queue: conversations the chatbot hands over to staff, once each while open. */
import type { Db } from '../db/database';
import type { ChatLanguage } from './language';

export interface HandoverRequest {
  conversationId: string;
  language: ChatLanguage;
  /** The topic the classifier leaned to, even below the threshold: helps route to the right staff. */
  topicGuess: string | null;
  at: Date;
}

export async function requestHandover(db: Db, request: HandoverRequest): Promise<void> {
  await db
    .insertInto('chatbot_handover')
    .values({ conversation_id: request.conversationId, language: request.language, topic_guess: request.topicGuess, created_at: request.at })
    .onConflict((oc) => oc.column('conversation_id').where('status', '=', 'open').doNothing())
    .execute();
}
