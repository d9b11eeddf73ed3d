/**
 * The LINE official account's webhook: the body's X-Line-Signature (HMAC-SHA256 with the channel
 * secret, base64) is checked on the raw bytes before anything is parsed; text messages are answered
 * by the FAQ chatbot through LINE's reply API (base URL configurable, so tests use a local fake).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { messagingApi, validateSignature, type webhook } from '@line/bot-sdk';
import type { Chatbot } from '../chatbot/chatbot';
import { AuthenticationError, InvalidInputError } from '../errors';

export interface LineConfig {
  channelSecret: string;
  channelAccessToken: string;
  apiBaseUrl?: string;
}

/** The X-Line-Signature header is missing or does not match the body. */
export class LineSignatureError extends AuthenticationError {
  static override code = 'ERR_LINE_SIGNATURE';
}

export async function registerLineWebhook(app: FastifyInstance, deps: { chatbot: Chatbot; line?: LineConfig }): Promise<void> {
  const client = deps.line ? new messagingApi.MessagingApiClient({ channelAccessToken: deps.line.channelAccessToken, baseURL: deps.line.apiBaseUrl }) : undefined;
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/line', { schema: { summary: 'LINE Messaging API webhook (X-Line-Signature checked)' } }, async (request, reply) => {
      const signature = request.headers['x-line-signature'];
      const raw = request.body as Buffer;
      if (!deps.line || typeof signature !== 'string' || !Buffer.isBuffer(raw) || !validateSignature(raw, deps.line.channelSecret, signature)) {
        throw new LineSignatureError('The X-Line-Signature header does not match the body.');
      }
      let events: webhook.Event[];
      try {
        events = (JSON.parse(raw.toString('utf8')) as { events?: webhook.Event[] }).events ?? [];
      } catch {
        throw new InvalidInputError('The LINE webhook body is not JSON.');
      }
      for (const event of events) {
        if (event.type !== 'message' || event.message.type !== 'text' || !client || !event.replyToken) continue;
        const userId = event.source && 'userId' in event.source ? event.source.userId : undefined;
        const answer = await deps.chatbot.reply({ text: event.message.text.slice(0, 1000), conversationId: conversationIdOf(userId ?? event.replyToken) });
        await client.replyMessage({ replyToken: event.replyToken, messages: [{ type: 'text', text: answer.answer }] });
      }
      return reply.code(200).send({ received: events.length });
    });
  });
}

/** A stable UUID per LINE user, so a conversation continues across messages without storing the LINE id. */
function conversationIdOf(lineUserId: string): string {
  const hex = createHash('sha256').update(`line:${lineUserId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
