import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { csrfTokenFor, csrfHeader, sessionCookie } from '../accounts/sessions';
import { newOpaqueToken, tokenDigest } from '../accounts/opaque-token';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { createAppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { createChatbot } from './chatbot';
import { registerChatbotRoutes } from './routes';
import { citizenFromAccounts } from './signed-in-citizen';

let database: DatabaseHandle;
let app: FastifyInstance;
let session: string;
const asked: string[] = [];

before(async () => {
  database = await createTestDatabase();
  const ctx = await createAppContext(loadConfig({}), database);
  const citizen = await ctx.accounts.createUser({ username: 'somchai', password: 'correct horse battery staple', platformRole: 'citizen', citizenSubjectKey: 'subject-key-1' });
  session = newOpaqueToken();
  await database.db.insertInto('sessions').values({ token_hash: tokenDigest(session), user_id: citizen.id, expires_at: new Date(Date.now() + 60_000) }).execute();
  const chatbot = createChatbot({
    db: database.db,
    listMyCertificates: async (subjectKey) => {
      asked.push(subjectKey);
      return [];
    },
  });
  app = Fastify();
  await app.register(cookie);
  await registerChatbotRoutes(app, { chatbot, identifyCitizen: citizenFromAccounts(ctx.accounts), staffOnly: async () => {}, actorOf: () => 'user:staff' });
});
after(async () => {
  await app.close();
  await database.close();
});

function ask(headers: Record<string, string>) {
  return app.inject({ method: 'POST', url: '/api/v1/chatbot/messages', headers, payload: { text: 'where is my certificate?' } });
}

describe('the signed-in citizen of a chatbot request', () => {
  it('is the session user\'s subject key, so the personal answer reads their certificates', async () => {
    asked.length = 0;
    const response = await ask({ cookie: `${sessionCookie}=${session}`, [csrfHeader]: csrfTokenFor(session) });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(asked, ['subject-key-1']);
    assert.match(response.json().answer, /no certificates in your account yet/);
  });

  it('is nobody for an anonymous caller, an unknown session, a missing CSRF header or a bad bearer token, who get the public answer', async () => {
    asked.length = 0;
    const attempts: Record<string, string>[] = [{}, { cookie: `${sessionCookie}=${newOpaqueToken()}` }, { cookie: `${sessionCookie}=${session}` }, { authorization: 'Bearer not-a-real-token-at-all-000' }];
    for (const headers of attempts) {
      const response = await ask(headers);
      assert.equal(response.statusCode, 200);
      assert.match(response.json().answer, /sign in/);
      assert.equal(response.headers['www-authenticate'], undefined);
    }
    assert.deepEqual(asked, []);
  });
});
