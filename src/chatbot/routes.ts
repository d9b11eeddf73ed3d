/**
 * HTTP for the chatbot: POST /api/v1/chatbot/messages, public, with personal answers for a signed-in
 * citizen; and the staff's side of the human queue under /api/v1/chatbot/handovers.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maxMessageLength, type Chatbot } from './chatbot';
import type { IdentifyCitizen } from './signed-in-citizen';

export interface ChatbotRouteOptions {
  chatbot: Chatbot;
  identifyCitizen?: IdentifyCitizen;
  /** Admits only the staff who answer handed-over conversations (the accounts module's requireCaller). */
  staffOnly: preHandlerAsyncHookHandler;
}

const Language = Type.Union([Type.Literal('th'), Type.Literal('en')]);

const MessageBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: maxMessageLength, description: 'The citizen\'s question, Thai or English.' }),
    language: Type.Optional(Language),
    conversationId: Type.Optional(Type.String({ format: 'uuid', description: 'Returned by the first reply; send it back to continue the conversation.' })),
  },
  { additionalProperties: false },
);

const MessageReply = Type.Object({
  answer: Type.String(),
  intent: Type.Union([Type.String(), Type.Null()]),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  language: Language,
  handedOver: Type.Boolean({ description: 'True when the conversation was passed to the human queue.' }),
  conversationId: Type.String({ format: 'uuid' }),
});

/** One screen of the queue: staff work from the oldest, and closing one brings the next in. */
const handoverPageSize = 100;

const HandoverStatus = Type.Union([Type.Literal('open'), Type.Literal('assigned'), Type.Literal('closed')]);

/** Dates leave as ISO 8601 strings: the serializer formats a Date for a date-time string. */
const DateTime = Type.Unsafe<Date>(Type.String({ format: 'date-time' }));

const QueuedHandover = Type.Object({
  id: Type.String({ format: 'uuid' }),
  conversationId: Type.String({ format: 'uuid' }),
  language: Language,
  topicGuess: Type.Union([Type.String(), Type.Null()]),
  status: HandoverStatus,
  createdAt: DateTime,
  messages: Type.Array(Type.Object({ role: Type.Union([Type.Literal('citizen'), Type.Literal('bot')]), text: Type.String(), at: DateTime })),
});

export async function registerChatbotRoutes(app: FastifyInstance, options: ChatbotRouteOptions): Promise<void> {
  const identifyCitizen = options.identifyCitizen ?? (async () => null);
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/v1/chatbot/messages',
    {
      schema: { summary: 'Ask the FAQ chatbot', tags: ['chatbot'], body: MessageBody, response: { 200: MessageReply } },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request, reply) => options.chatbot.reply({ ...request.body, citizenId: await identifyCitizen(request, reply) }),
  );

  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/v1/chatbot/handovers',
    {
      preHandler: options.staffOnly,
      schema: {
        summary: `The ${handoverPageSize} oldest conversations handed over to staff and not yet closed, with their transcripts`,
        tags: ['chatbot'],
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ handovers: Type.Array(QueuedHandover) }) },
      },
    },
    async () => ({ handovers: await options.chatbot.pendingHandovers(handoverPageSize) }),
  );

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/v1/chatbot/handovers/:id/status',
    {
      preHandler: options.staffOnly,
      schema: {
        summary: 'Take (assigned) or finish (closed) a handed-over conversation',
        tags: ['chatbot'],
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ status: Type.Union([Type.Literal('assigned'), Type.Literal('closed')]) }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await options.chatbot.setHandoverStatus(request.params.id, request.body.status);
      return reply.code(204).send(null);
    },
  );
}
