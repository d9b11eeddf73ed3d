/**
 * The LINE official account's webhook: the body's X-Line-Signature (HMAC-SHA256 with the channel
 * secret, base64) is checked on the raw bytes before anything is parsed; each event then goes to the
 * LINE event handler (commands, account linking, the chatbot), answered through LINE's reply API.
 */
import type { FastifyInstance } from 'fastify';
import { validateSignature, type webhook } from '@line/bot-sdk';
import type { Chatbot } from '../chatbot/chatbot';
import type { ListMyCertificates } from '../chatbot/personal-answer';
import { AuthenticationError, InvalidInputError } from '../errors';
import { createLineClient, type LineConfig } from './line-api';
import { createLineEventHandler } from './line-events';
import type { LineLinks } from './line-links';

/** The X-Line-Signature header is missing or does not match the body. */
export class LineSignatureError extends AuthenticationError {
  static override code = 'ERR_LINE_SIGNATURE';
}

export interface LineWebhookDeps {
  chatbot: Chatbot;
  links: LineLinks;
  listMyCertificates: ListMyCertificates;
  publicBaseUrl: string;
  line?: LineConfig;
}

export async function registerLineWebhook(app: FastifyInstance, deps: LineWebhookDeps): Promise<void> {
  const handle = deps.line ? createLineEventHandler({ ...deps, client: createLineClient(deps.line) }) : undefined;
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/line', { schema: { summary: 'LINE Messaging API webhook (X-Line-Signature checked)' } }, async (request, reply) => {
      const signature = request.headers['x-line-signature'];
      const raw = request.body as Buffer;
      if (!deps.line || !handle || typeof signature !== 'string' || !Buffer.isBuffer(raw) || !validateSignature(raw, deps.line.channelSecret, signature)) {
        throw new LineSignatureError('The X-Line-Signature header does not match the body.');
      }
      let events: webhook.Event[];
      try {
        events = (JSON.parse(raw.toString('utf8')) as { events?: webhook.Event[] }).events ?? [];
      } catch {
        throw new InvalidInputError('The LINE webhook body is not JSON.');
      }
      for (const event of events) {
        // One event's failure (an expired reply token, LINE briefly down) must not drop the others.
        await handle(event).catch((error: unknown) => request.log.error({ err: error, lineEvent: event.type }, 'LINE event not handled'));
      }
      return reply.code(200).send({ received: events.length });
    });
  });
}
