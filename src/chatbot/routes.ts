/** HTTP for the chatbot: POST /api/v1/chatbot/messages, public, with personal answers for a signed-in citizen. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maxMessageLength, type Chatbot } from './chatbot';
import type { IdentifyCitizen } from './signed-in-citizen';

export interface ChatbotRouteOptions {
  chatbot: Chatbot;
  identifyCitizen?: IdentifyCitizen;
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
}
