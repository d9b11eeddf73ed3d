/**
 * The chatbot service: classifies a message, answers in the citizen's language (from their own
 * certificates for the personal intent), hands over to the human queue below the confidence
 * threshold, keeps the transcript for the retention period and counts the conversation's topic.
 */
import { randomUUID } from 'node:crypto';
import { newOpaqueToken } from '../accounts/opaque-token';
import type { AuditAppender } from '../certificates/ports';
import type { Db } from '../db/database';
import { createClassifier, type Classifier } from './classifier';
import { InvalidChatMessageError } from './errors';
import { addStaffReply, listPendingHandovers, requestHandover, setHandoverStatus, staffRepliesFor, type HandoverStatus, type QueuedHandover, type StaffReply } from './handover';
import { loadKnowledge, type Intent, type Knowledge } from './intents';
import { detectLanguage, type ChatLanguage } from './language';
import { recordMessages } from './messages';
import { personalAnswer, type ListMyCertificates } from './personal-answer';
import { countConversationTopic } from './topic-counts';

/** Longest message accepted: a chat question, not a document. */
export const maxMessageLength = 2000;

/**
 * Below this confidence the chatbot does not guess. Chosen on the labelled questions
 * (fixtures/labelled-questions.json): accuracy peaks at 93.5% for thresholds from 0.25 to 0.3 and
 * falls on either side (89.7% with no threshold, 91.6% at 0.4); 9 of the 10 off-topic ones fall under it.
 */
export const defaultConfidenceThreshold = 0.3;

/** The dashboard topic of messages handed over because nothing matched well enough. */
export const unrecognisedTopic = 'unrecognised';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ChatbotDependencies {
  db: Db;
  knowledge?: Knowledge;
  classifier?: Classifier;
  threshold?: number;
  /** Wired by the integrator to the certificates module; without it the personal intent asks the citizen to use the wallet. */
  listMyCertificates?: ListMyCertificates;
  /** Records who replied to a hand-over. */
  audit?: AuditAppender;
  /** Sends a staff reply to a LINE user (the LINE official account, when configured); `retryKey` makes a retry harmless. */
  pushToLine?: (lineUserId: string, text: string, retryKey: string) => Promise<void>;
  now?: () => Date;
}

export interface ChatRequest {
  text: string;
  language?: ChatLanguage;
  conversationId?: string;
  /** The signed-in citizen as the certificates module knows them (the accounts caller's subject key), when there is one. */
  citizenId?: string | null;
  /** Set for a message from LINE: staff replies to a hand-over go to this user. */
  lineUserId?: string;
}

export interface ChatReply {
  answer: string;
  /** null when the message was handed over because no intent was confident enough. */
  intent: string | null;
  confidence: number;
  language: ChatLanguage;
  handedOver: boolean;
  conversationId: string;
  /** For a web conversation this message handed over: the secret to read staff replies with (given once). */
  replyToken?: string;
}

/** Why a push to LINE failed, without the message or the LINE user: LINE's HTTP status and its own error text. */
export interface LinePushFailure {
  reason: string;
  status?: number;
}

/** Where a staff reply went: shown to the web citizen who asks with the token, pushed to LINE, or not pushed (LINE failed or is not configured). */
export type StaffReplyDelivery = 'web' | 'line' | 'line-failed';

export interface Chatbot {
  reply(request: ChatRequest): Promise<ChatReply>;
  /** The staff's queue: hand-overs not yet closed, oldest first, with their transcripts. */
  pendingHandovers(limit: number): Promise<QueuedHandover[]>;
  setHandoverStatus(id: string, status: Exclude<HandoverStatus, 'open'>): Promise<void>;
  /** A staff member's reply to a hand-over not closed; it joins the transcript and goes to the citizen (`pushFailure`: why LINE did not take it, for the log). */
  replyAsStaff(id: string, text: string, actor: string): Promise<{ delivery: StaffReplyDelivery; at: Date; pushFailure?: LinePushFailure }>;
  /** The staff replies a web citizen reads with the token of their hand-over. */
  staffReplies(token: string, after?: Date): Promise<StaffReply[]>;
}

export function createChatbot(dependencies: ChatbotDependencies): Chatbot {
  const { db, listMyCertificates } = dependencies;
  const knowledge = dependencies.knowledge ?? loadKnowledge();
  const stopwords = new Set([...knowledge.stopwords.th, ...knowledge.stopwords.en]);
  const classifier = dependencies.classifier ?? createClassifier(knowledge.intents, stopwords);
  const threshold = dependencies.threshold ?? defaultConfidenceThreshold;
  const now = dependencies.now ?? (() => new Date());
  const intentsById = new Map(knowledge.intents.map((intent) => [intent.id, intent]));

  async function answerFor(intent: Intent, language: ChatLanguage, citizenId: string | null | undefined): Promise<string> {
    if (intent.personal && citizenId && listMyCertificates) {
      return personalAnswer(await listMyCertificates(citizenId), language, knowledge.personal);
    }
    return intent.answers[language];
  }

  return {
    async reply(request) {
      const text = request.text.trim();
      if (text.length === 0) throw new InvalidChatMessageError('The message is empty.');
      if (text.length > maxMessageLength) throw new InvalidChatMessageError(`The message is longer than ${maxMessageLength} characters.`);
      if (request.conversationId !== undefined && !uuidPattern.test(request.conversationId)) {
        throw new InvalidChatMessageError('The conversation id is not a UUID.');
      }
      const conversationId = request.conversationId ?? randomUUID();
      const language = request.language ?? detectLanguage(text);
      const at = now();
      let replyToken: string | undefined;

      const { intentId, confidence } = classifier.classify(text);
      const best = intentsById.get(intentId)!;
      const confident = confidence >= threshold;
      const handedOver = !confident || best.handover === true;
      const answer = confident ? await answerFor(best, language, request.citizenId) : knowledge.fallback[language];
      const intent = confident ? best.id : null;

      await db.transaction().execute(async (trx) => {
        await recordMessages(trx, [
          { conversationId, role: 'citizen', text, language, intent, confidence, at },
          { conversationId, role: 'bot', text: answer, language, intent, confidence: null, at },
        ]);
        await countConversationTopic(trx, conversationId, confident ? best.topic : unrecognisedTopic, language, at);
        if (handedOver) {
          const replyTo = request.lineUserId ? { lineUserId: request.lineUserId } : { token: newOpaqueToken() };
          const queued = await requestHandover(trx, { conversationId, language, topicGuess: confidence > 0 ? best.topic : null, at, replyTo });
          if (queued && 'token' in replyTo) replyToken = replyTo.token;
        }
      });
      return { answer, intent, confidence: Math.round(confidence * 1000) / 1000, language, handedOver, conversationId, ...(replyToken ? { replyToken } : {}) };
    },
    pendingHandovers: (limit) => listPendingHandovers(db, limit),
    setHandoverStatus: (id, status) => setHandoverStatus(db, id, status),
    async replyAsStaff(id, text, actor) {
      const trimmed = text.trim();
      if (trimmed.length === 0) throw new InvalidChatMessageError('The reply is empty.');
      if (trimmed.length > maxMessageLength) throw new InvalidChatMessageError(`The reply is longer than ${maxMessageLength} characters.`);
      const at = now();
      const reply = await addStaffReply(db, id, trimmed, at);
      await dependencies.audit?.append({ actor, action: 'chatbot.staff_replied', targetKind: 'chatbot_handover', targetId: id });
      if (!reply.lineUserId) return { delivery: 'web', at };
      if (!dependencies.pushToLine) return { delivery: 'line-failed', at, pushFailure: { reason: 'LINE is not configured (MEDCERT_LINE_CHANNEL_SECRET)' } };
      try {
        await dependencies.pushToLine(reply.lineUserId, trimmed, reply.messageId);
        return { delivery: 'line', at };
      } catch (error) {
        return { delivery: 'line-failed', at, pushFailure: linePushFailure(error) };
      }
    },
    staffReplies: (token, after) => staffRepliesFor(db, token, after),
  };
}

/** LINE's error answer (status and body, e.g. `{"message":"The request body has 1 error(s)"}`) or the network error's message, cut short. */
function linePushFailure(error: unknown): LinePushFailure {
  const { status, body, message } = error as { status?: unknown; body?: unknown; message?: unknown };
  const reason = typeof body === 'string' && body.length > 0 ? body : typeof message === 'string' ? message : 'unknown error';
  return { reason: reason.slice(0, 300), ...(typeof status === 'number' ? { status } : {}) };
}
