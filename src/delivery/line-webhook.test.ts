import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { createChatbot } from '../chatbot/chatbot';
import type { DatabaseHandle } from '../db/database';
import { sendProblem, toProblem } from '../server/problem';
import { createTestDatabase } from '../test-support/database';
import { registerLineWebhook } from './line-webhook';

const channelSecret = 'line-channel-secret-for-tests';
let database: DatabaseHandle;
let app: FastifyInstance;
let fakeLine: http.Server;
const replies: { authorization?: string; body: { replyToken: string; messages: { type: string; text: string }[] } }[] = [];

before(async () => {
  database = await createTestDatabase();
  // A fake LINE Messaging API that checks what the real one checks: the bearer token and the JSON shape.
  fakeLine = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url !== '/v2/bot/message/reply' || req.headers.authorization !== 'Bearer test-token') return void res.writeHead(401).end('{}');
      replies.push({ authorization: req.headers.authorization, body: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => fakeLine.listen(0, '127.0.0.1', resolve));
  app = Fastify();
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request)));
  await registerLineWebhook(app, {
    chatbot: createChatbot({ db: database.db }),
    line: { channelSecret, channelAccessToken: 'test-token', apiBaseUrl: `http://127.0.0.1:${(fakeLine.address() as AddressInfo).port}` },
  });
});
after(async () => {
  await app.close();
  fakeLine.close();
  await database.close();
});

const sign = (body: string) => createHmac('sha256', channelSecret).update(body).digest('base64');
const event = (text: string) => JSON.stringify({ destination: 'U0', events: [{ type: 'message', mode: 'active', timestamp: Date.now(), replyToken: 'reply-token-1', source: { type: 'user', userId: 'U1234' }, webhookEventId: 'e1', deliveryContext: { isRedelivery: false }, message: { id: 'm1', type: 'text', quoteToken: 'q', text } }] });

test('a bad or missing X-Line-Signature is refused with 401 problem+json', async () => {
  const body = event('สวัสดี');
  for (const signature of [undefined, 'bm90IGEgc2lnbmF0dXJl', sign(`${body} `)]) {
    const response = await app.inject({ method: 'POST', url: '/webhooks/line', payload: body, headers: { 'content-type': 'application/json', ...(signature ? { 'x-line-signature': signature } : {}) } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().type, 'https://medcert.dev/problems/line-signature');
  }
  assert.equal(replies.length, 0);
});

test('a signed text message is answered by the chatbot through the reply API', async () => {
  const body = event('ตรวจสอบใบรับรองแพทย์ได้อย่างไร');
  const response = await app.inject({ method: 'POST', url: '/webhooks/line', payload: body, headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) } });
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(replies.length, 1);
  assert.equal(replies[0]!.body.replyToken, 'reply-token-1');
  assert.ok(replies[0]!.body.messages[0]!.text.length > 10);
});
