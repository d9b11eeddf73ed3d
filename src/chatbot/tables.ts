/** Table types of the chatbot. */
import type { ColumnType, Generated } from 'kysely';
import type { ChatLanguage } from './language';

/** A calendar day (Asia/Bangkok), written as 'YYYY-MM-DD'; the drivers read `date` back as a Date. */
type Day = ColumnType<Date, string, string>;

export interface ChatbotTables {
  chatbot_messages: {
    id: Generated<string>;
    conversation_id: string;
    role: 'citizen' | 'bot' | 'staff';
    /** What the citizen typed or was told (by the bot or by staff): kept at most 30 days, never logged. */
    text: string;
    language: ChatLanguage;
    intent: string | null;
    confidence: number | null;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
  chatbot_conversation_topics: {
    conversation_id: string;
    day: Day;
    topic: string;
  };
  chatbot_topic_daily: {
    day: Day;
    topic: string;
    language: ChatLanguage;
    count: ColumnType<number, number | undefined, number>;
  };
  chatbot_handover: {
    id: Generated<string>;
    conversation_id: string;
    language: ChatLanguage;
    topic_guess: string | null;
    status: ColumnType<'open' | 'assigned' | 'closed', 'open' | 'assigned' | 'closed' | undefined, 'open' | 'assigned' | 'closed'>;
    created_at: ColumnType<Date, Date | undefined, never>;
    /** SHA-256 (hex) of the token a web citizen reads staff replies with; null for LINE conversations. */
    reply_token_hash: string | null;
    /** The LINE user a LINE conversation's staff replies are pushed to, until the hand-over is closed. */
    line_user_id: string | null;
  };
}
