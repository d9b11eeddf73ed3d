import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { newOpaqueToken, tokenDigest } from '../accounts/opaque-token';
import { csrfHeader, csrfTokenFor, sessionCookie } from '../accounts/sessions';
import { createTestDatabase } from '../test-support/database';
import { createChatbot } from './chatbot';
import { registerChatbotRoutes } from './routes';

let database: DatabaseHandle;
let app: FastifyInstance;
let ctx: AppContext;

before(async () => {
  database = await createTestDatabase();
  ctx = await createAppContext(loadConfig({}), database);
  app = await buildApp(ctx, { logger: false });
});

/** A live session cookie and its CSRF header for a new user of the given role. */
async function signIn(username: string, platformRole: 'platform_operator' | 'citizen'): Promise<Record<string, string>> {
  const user = await ctx.accounts.createUser({ username, password: 'correct horse battery staple', platformRole });
  const token = newOpaqueToken();
  await database.db.insertInto('sessions').values({ token_hash: tokenDigest(token), user_id: user.id, expires_at: new Date(Date.now() + 60_000) }).execute();
  return { cookie: `${sessionCookie}=${token}`, [csrfHeader]: csrfTokenFor(token) };
}
after(async () => {
  await app.close();
  await database.close();
});

function post(body: unknown, contentType = 'application/json') {
  return app.inject({ method: 'POST', url: '/api/v1/chatbot/messages', headers: { 'content-type': contentType }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('POST /api/v1/chatbot/messages', () => {
  it('answers a public question with the reply contract', async () => {
    const response = await post({ text: 'How do I check whether a clinic is licensed?' });
    assert.equal(response.statusCode, 200);
    const reply = response.json();
    assert.deepEqual(Object.keys(reply).sort(), ['answer', 'confidence', 'conversationId', 'handedOver', 'intent', 'language']);
    assert.equal(reply.intent, 'registry-lookup');
    assert.equal(reply.language, 'en');
    assert.equal(reply.handedOver, false);
  });

  it('continues a conversation by its id and honours the language asked for', async () => {
    const first = (await post({ text: 'สวัสดีค่ะ' })).json();
    const second = await post({ text: 'thanks', language: 'th', conversationId: first.conversationId });
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().conversationId, first.conversationId);
    assert.equal(second.json().language, 'th');
  });

  it('is described in the OpenAPI document', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.ok(spec.paths['/api/v1/chatbot/messages'].post);
  });

  const malformed: [string, unknown][] = [
    ['empty text', { text: '' }],
    ['blank text', { text: '   ' }],
    ['10 kB text', { text: 'ใบรับรอง'.repeat(1250) }],
    ['text of the wrong type', { text: 42 }],
    ['missing text', { language: 'th' }],
    ['an unknown language', { text: 'hello', language: 'fr' }],
    ['a conversation id that is not a UUID', { text: 'hello', conversationId: 'abc' }],
    ["a LINE conversation's id (not one this route gives)", { text: 'hello', conversationId: '3f2a9c1e-77b0-8d4e-a1f2-0c9e8d7b6a54' }],
    ['an unknown field', { text: 'hello', nationalId: '1234567890123' }],
    ['an array body', [{ text: 'hello' }]],
    ['malformed JSON', '{"text": "hello'],
  ];
  for (const [name, body] of malformed) {
    it(`answers ${name} with problem+json 400 that does not echo the message`, async () => {
      const response = await post(body);
      assert.equal(response.statusCode, 400, response.body);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = response.json();
      for (const field of ['type', 'title', 'status', 'detail']) assert.ok(field in problem, field);
      assert.ok(!response.body.includes('ใบรับรอง') && !response.body.includes('1234567890123'));
    });
  }

  it('gives a signed-in citizen, found by the injected resolver, an answer from their own certificates', async () => {
    const personal = Fastify();
    const chatbot = createChatbot({
      db: database.db,
      listMyCertificates: async (citizenId) => (citizenId === 'subject-key-1' ? [{ id: 'c1', type: 'medical-certificate', typeName: { th: 'ใบรับรองแพทย์', en: 'Medical certificate' }, status: 'issued', issuedAt: new Date('2026-11-20T03:00:00Z') }] : []),
    });
    await registerChatbotRoutes(personal, { chatbot, staffOnly: async () => {}, actorOf: () => 'user:staff', identifyCitizen: async (request) => (request.headers.cookie === 'session=citizen-1' ? 'subject-key-1' : null) });
    const ask = (cookie?: string) => personal.inject({ method: 'POST', url: '/api/v1/chatbot/messages', headers: cookie ? { cookie } : {}, payload: { text: 'where is my certificate?' } });
    assert.match((await ask('session=citizen-1')).json().answer, /You have 1 certificate\(s\).*Medical certificate 20 Nov 2026/);
    assert.match((await ask()).json().answer, /sign in/);
    await personal.close();
  });
});

describe('the staff\'s hand-over queue', () => {
  it('is only for platform operators', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/chatbot/handovers' })).statusCode, 401);
    const citizen = await signIn('citizen-in-queue-test', 'citizen');
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/chatbot/handovers', headers: citizen })).statusCode, 403);
  });

  it('lists handed-over conversations with their transcript, and lets staff take and close them', async () => {
    const staff = await signIn('operator-in-queue-test', 'platform_operator');
    const asked = (await post({ text: 'ขอคุยกับเจ้าหน้าที่หน่อยค่ะ' })).json();
    assert.equal(asked.handedOver, true);

    const listed = await app.inject({ method: 'GET', url: '/api/v1/chatbot/handovers', headers: staff });
    assert.equal(listed.statusCode, 200);
    const entry = listed.json().handovers.find((h: { conversationId: string }) => h.conversationId === asked.conversationId);
    assert.equal(entry.status, 'open');
    assert.equal(entry.topicGuess, 'handover');
    assert.deepEqual(entry.messages.map((m: { role: string }) => m.role), ['citizen', 'bot']);
    assert.equal(entry.messages[0].text, 'ขอคุยกับเจ้าหน้าที่หน่อยค่ะ');
    assert.ok(!Number.isNaN(Date.parse(entry.createdAt)));

    const setStatus = (status: unknown, id = entry.id) => app.inject({ method: 'POST', url: `/api/v1/chatbot/handovers/${id}/status`, headers: staff, payload: { status } });
    assert.equal((await setStatus('assigned')).statusCode, 204);
    await post({ text: 'ขอคุยกับเจ้าหน้าที่อีกครั้ง', conversationId: asked.conversationId });
    const pending = (await app.inject({ method: 'GET', url: '/api/v1/chatbot/handovers', headers: staff })).json().handovers;
    assert.deepEqual(pending.filter((h: { conversationId: string }) => h.conversationId === asked.conversationId).map((h: { status: string }) => h.status), ['assigned']);

    assert.equal((await setStatus('closed')).statusCode, 204);
    assert.equal((await setStatus('assigned')).statusCode, 404);
    assert.equal((await setStatus('open')).statusCode, 400);
    assert.equal((await setStatus('closed', 'not-a-uuid')).statusCode, 400);
    const after = (await app.inject({ method: 'GET', url: '/api/v1/chatbot/handovers', headers: staff })).json().handovers;
    assert.ok(!after.some((h: { conversationId: string }) => h.conversationId === asked.conversationId));
  });

  it('staff reply to a web conversation; its citizen reads the replies with the token given at the hand-over, nobody else does', async () => {
    const staff = await signIn('operator-replying', 'platform_operator');
    const asked = (await post({ text: 'ขอคุยกับเจ้าหน้าที่หน่อยครับ' })).json();
    assert.equal(asked.handedOver, true);
    assert.match(asked.replyToken, /^[\w-]{43}$/);
    // A later message in the same hand-over gets no second token.
    const again = (await post({ text: 'ขอคุยกับเจ้าหน้าที่ด่วน', conversationId: asked.conversationId })).json();
    assert.equal(again.replyToken, undefined);
    const replies = (token: string, after?: string) => app.inject({ method: 'POST', url: '/api/v1/chatbot/replies', payload: { token, ...(after ? { after } : {}) } });
    assert.deepEqual((await replies(asked.replyToken)).json(), { replies: [] });

    const entry = (await app.inject({ method: 'GET', url: '/api/v1/chatbot/handovers', headers: staff })).json().handovers.find((h: { conversationId: string }) => h.conversationId === asked.conversationId);
    const answer = (text: unknown, headers: Record<string, string> = staff) => app.inject({ method: 'POST', url: `/api/v1/chatbot/handovers/${entry.id}/replies`, headers, payload: { text } });
    const citizen = await signIn('citizen-not-staff', 'citizen');
    assert.equal((await answer('hello', citizen)).statusCode, 403);
    assert.equal((await answer('')).statusCode, 400);
    const first = await answer('สวัสดีค่ะ เจ้าหน้าที่รับเรื่องแล้ว กรุณาแจ้งเลขที่เอกสารค่ะ');
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().delivery, 'web');
    const firstRead = (await replies(asked.replyToken)).json().replies;
    assert.deepEqual(firstRead.map((r: { text: string }) => r.text), ['สวัสดีค่ะ เจ้าหน้าที่รับเรื่องแล้ว กรุณาแจ้งเลขที่เอกสารค่ะ']);
    await answer('ขอบคุณค่ะ');
    assert.deepEqual((await replies(asked.replyToken, firstRead[0].at)).json().replies.map((r: { text: string }) => r.text), ['ขอบคุณค่ะ']);
    assert.deepEqual((await replies('x'.repeat(43))).json(), { replies: [] });
    for (const payload of [{}, { token: 'short' }, { token: asked.replyToken, after: 'yesterday' }, { token: asked.replyToken, extra: 1 }]) {
      const bad = await app.inject({ method: 'POST', url: '/api/v1/chatbot/replies', payload });
      assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
      assert.ok(!bad.body.includes(asked.replyToken), 'the token is not echoed');
    }

    const listed = (await app.inject({ method: 'GET', url: '/api/v1/chatbot/handovers', headers: staff })).json().handovers.find((h: { id: string }) => h.id === entry.id);
    assert.equal(listed.status, 'assigned');
    assert.deepEqual(listed.messages.map((m: { role: string }) => m.role), ['citizen', 'bot', 'citizen', 'bot', 'staff', 'staff']);
    const audited = await database.db.selectFrom('audit_events').select('actor').where('action', '=', 'chatbot.staff_replied').where('target_id', '=', entry.id).execute();
    assert.equal(audited.length, 2);
    assert.match(audited[0]!.actor, /^user:/);

    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/chatbot/handovers/${entry.id}/status`, headers: staff, payload: { status: 'closed' } })).statusCode, 204);
    assert.equal((await answer('one more')).statusCode, 404);
    // The citizen still reads what was said before the close.
    assert.equal((await replies(asked.replyToken)).json().replies.length, 2);
  });
});
