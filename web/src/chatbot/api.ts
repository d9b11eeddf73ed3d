/**
 * The chatbot's calls: a question in, an answer out (the session cookie, with its CSRF header, makes
 * personal answers possible); and, after a hand-over, the staff's replies read with its token.
 */
import type { Lang } from '../i18n/lang';
import { call } from '../wallet/api';

export interface ChatReply {
  answer: string;
  intent: string | null;
  confidence: number;
  language: Lang;
  handedOver: boolean;
  conversationId: string;
  /** Given once, by the message that handed the conversation over. */
  replyToken?: string;
}

export interface StaffReply {
  text: string;
  at: string;
}

const letters = /[\p{Script=Thai}\p{Script=Latin}]/u;

/**
 * The server answers in the language the question is written in; a question with no Thai or Latin
 * letters (a phone number, "?") gets the page's language instead of the server's Thai default.
 */
export const askChatbot = (text: string, pageLang: Lang, conversationId: string | null) =>
  call<ChatReply>('/api/v1/chatbot/messages', {
    method: 'POST',
    body: JSON.stringify({ text, ...(letters.test(text) ? {} : { language: pageLang }), ...(conversationId ? { conversationId } : {}) }),
  });

export const readStaffReplies = (token: string, after: string | null) =>
  call<{ replies: StaffReply[] }>('/api/v1/chatbot/replies', { method: 'POST', body: JSON.stringify({ token, ...(after ? { after } : {}) }) });
