/**
 * HTTP for the chatbot: POST /api/v1/chatbot/messages, public, with personal answers for a signed-in
 * citizen; the staff's side of the human queue under /api/v1/chatbot/handovers (list, take or close,
 * reply); and POST /api/v1/chatbot/replies, where a web citizen reads staff replies with their token.
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maxMessageLength, type Chatbot } from './chatbot';
import type { IdentifyCitizen } from './signed-in-citizen';

export interface ChatbotRouteOptions {
  chatbot: Chatbot;
  identifyCitizen?: IdentifyCitizen;
  /** Admits only the staff who answer handed-over conversations (the accounts module's requireCaller). */
  staffOnly: preHandlerAsyncHookHandler;
  /** The audit actor of an admitted staff request (`user:<id>`). */
  actorOf: (request: FastifyRequest) => string;
}

const Language = Type.Union([Type.Literal('th'), Type.Literal('en')]);

const MessageBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: maxMessageLength, description: 'The citizen\'s question, Thai or English.' }),
    language: Type.Optional(Language),
    // Only the random (version 4) ids this route hands out: a LINE conversation's id (derived from its user, version 8) cannot be continued from the web.
    conversationId: Type.Optional(
      Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$', description: 'Returned by the first reply; send it back to continue the conversation.' }),
    ),
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
  replyToken: Type.Optional(Type.String({ description: 'Given once, when this message handed the conversation over: send it to /api/v1/chatbot/replies to read staff replies.' })),
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
  messages: Type.Array(Type.Object({ role: Type.Union([Type.Literal('citizen'), Type.Literal('bot'), Type.Literal('staff')]), text: Type.String(), at: DateTime })),
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

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/v1/chatbot/replies',
    {
      schema: {
        summary: 'Staff replies to the web conversation handed over with this token (oldest first, after `after` when given); none for a token that is not known',
        tags: ['chatbot'],
        body: Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }), after: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ replies: Type.Array(Type.Object({ text: Type.String(), at: DateTime })) }) },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const replies = await options.chatbot.staffReplies(request.body.token, request.body.after ? new Date(request.body.after) : undefined);
      return reply.header('cache-control', 'no-store').send({ replies });
    },
  );

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/v1/chatbot/handovers/:id/replies',
    {
      preHandler: options.staffOnly,
      schema: {
        summary: "Reply to a handed-over conversation (taking it if still open): the web citizen reads it with their token, a LINE user gets it pushed; `delivery` says which, or that LINE did not take it",
        tags: ['chatbot'],
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: maxMessageLength }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ delivery: Type.Union([Type.Literal('web'), Type.Literal('line'), Type.Literal('line-failed')]), at: DateTime }) },
      },
    },
    async (request, reply) => {
      const { delivery, at, pushFailure } = await options.chatbot.replyAsStaff(request.params.id, request.body.text, options.actorOf(request));
      if (pushFailure) request.log.warn({ handoverId: request.params.id, lineStatus: pushFailure.status, lineReason: pushFailure.reason }, 'a staff reply was not pushed to LINE');
      return reply.code(201).send({ delivery, at });
    },
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
