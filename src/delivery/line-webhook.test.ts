import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { newOpaqueToken, tokenDigest } from '../accounts/opaque-token';
import { csrfHeader, csrfTokenFor, sessionCookie } from '../accounts/sessions';
import { subjectKey } from '../certificates/patient';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { buildApp } from '../server/app';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { startFakeLine, type FakeLine } from '../test-support/fake-line';

const channelSecret = 'line-channel-secret-for-tests';
const publicBaseUrl = 'https://medcert.example';
let database: DatabaseHandle;
let ctx: AppContext;
let app: FastifyInstance;
let fake: FakeLine;

const citizenPatient = { nationalId: '1101700203450', nameEn: 'Namfon Tangjaidee' };
const citizenKey = subjectKey(citizenPatient);
let citizenHeaders: Record<string, string>;

before(async () => {
  database = await createTestDatabase();
  fake = await startFakeLine();
  const config = loadConfig({ MEDCERT_LINE_CHANNEL_SECRET: channelSecret, MEDCERT_LINE_CHANNEL_TOKEN: fake.channelAccessToken, MEDCERT_LINE_API_URL: fake.baseUrl, MEDCERT_PUBLIC_URL: publicBaseUrl });
  ctx = await createAppContext(config, database);
  app = await buildApp(ctx, { logger: false });
  citizenHeaders = await signIn('namfon', 'citizen', citizenKey);
  await issuedCertificate(citizenKey, new Date('2026-11-24T03:00:00Z'));
});
after(async () => {
  await app.close();
  await fake.close();
  await database.close();
});

/** A live session cookie and its CSRF header for a new user. */
async function signIn(username: string, platformRole: 'citizen' | 'platform_operator', citizenSubjectKey?: string): Promise<Record<string, string>> {
  const user = await ctx.accounts.createUser({ username, password: 'correct horse battery staple', platformRole, citizenSubjectKey });
  const token = newOpaqueToken();
  await database.db.insertInto('sessions').values({ token_hash: tokenDigest(token), user_id: user.id, expires_at: new Date(Date.now() + 600_000) }).execute();
  return { cookie: `${sessionCookie}=${token}`, [csrfHeader]: csrfTokenFor(token) };
}

async function issuedCertificate(key: string, issuedAt: Date): Promise<string> {
  const db = database.db;
  const facility = await db
    .insertInto('facilities')
    .values({ licence_number: `F-${randomUUID()}`, kind: 'medical_clinic', name_th: 'คลินิก', name_en: 'Clinic', province: 'TH-10', address: 'Bangkok', free_until: new Date('2028-01-01') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const practitioner = await db.insertInto('practitioners').values({ profession: 'physician', licence_number: `ว.${randomUUID().slice(0, 8)}`, name_th: 'หมอ', name_en: 'Doctor', national_id: null }).returning('id').executeTakeFirstOrThrow();
  const id = randomUUID();
  await db
    .insertInto('certificates')
    .values({
      id, type: 'sick-leave', facility_id: facility.id, practitioner_id: practitioner.id, status: 'issued', source: 'his', level: 'B-B',
      data: JSON.stringify({ diagnosis: 'Influenza A' }), patient: JSON.stringify(citizenPatient), subject_key: key, created_by: 'test',
      issued_at: issuedAt, revoked_at: null, revocation_reason: null, supersedes: null, superseded_by: null, signing_lease_until: null, pdf_key: null, pdf_sha256: null, qr_payload: null,
    })
    .execute();
  return id;
}

const sign = (body: string) => createHmac('sha256', channelSecret).update(body).digest('base64');
const lineUser = (n: number) => `U${n.toString(16).padStart(32, '0')}`;
const base = (userId: string, source: Record<string, string> = { type: 'user', userId }) => ({ mode: 'active', timestamp: Date.now(), source, webhookEventId: randomUUID(), deliveryContext: { isRedelivery: false } });
const textEvent = (text: string, userId: string, source?: Record<string, string>) => ({ ...base(userId, source), type: 'message', replyToken: `reply-${randomUUID()}`, message: { id: 'm1', type: 'text', quoteToken: 'q', text } });
const accountLinkEvent = (userId: string, nonce: string, result: 'ok' | 'failed' = 'ok') => ({ ...base(userId), type: 'accountLink', replyToken: `reply-${randomUUID()}`, link: { result, nonce } });

/** Posts signed events as LINE does and returns the texts the bot replied with, in order. */
async function deliver(...events: object[]): Promise<string[]> {
  const before = fake.replies.length;
  const body = JSON.stringify({ destination: 'U0', events });
  const response = await app.inject({ method: 'POST', url: '/webhooks/line', payload: body, headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) } });
  assert.equal(response.statusCode, 200, response.body);
  return fake.replies.slice(before).flatMap((r) => r.messages.map((m) => m.text ?? ''));
}

/** The citizen's whole flow: ask the bot, open its link signed in, come back from LINE's dialog. */
async function link(userId: string, headers: Record<string, string> = citizenHeaders): Promise<string[]> {
  const [prompt] = await deliver(textEvent('เชื่อมบัญชี', userId));
  const url = new URL(/https:\/\/\S+/.exec(prompt!)![0]);
  const opened = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers });
  assert.equal(opened.statusCode, 302, opened.body);
  const dialog = new URL(String(opened.headers.location));
  assert.equal(`${dialog.origin}${dialog.pathname}`, 'https://access.line.me/dialog/bot/accountLink');
  assert.equal(dialog.searchParams.get('linkToken'), url.searchParams.get('linkToken'));
  return deliver(accountLinkEvent(userId, dialog.searchParams.get('nonce')!));
}

test('a bad or missing X-Line-Signature is refused with 401 problem+json, and LINE hears nothing', async () => {
  const body = JSON.stringify({ destination: 'U0', events: [textEvent('สวัสดี', lineUser(1))] });
  for (const signature of [undefined, 'bm90IGEgc2lnbmF0dXJl', sign(`${body} `)]) {
    const response = await app.inject({ method: 'POST', url: '/webhooks/line', payload: body, headers: { 'content-type': 'application/json', ...(signature ? { 'x-line-signature': signature } : {}) } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().type, 'https://medcert.dev/problems/line-signature');
  }
  assert.equal(fake.requests.length, 0);
});

test('a question is answered by the chatbot through the reply API', async () => {
  const [answer] = await deliver(textEvent('ตรวจสอบใบรับรองแพทย์ได้อย่างไร', lineUser(1)));
  assert.ok(answer!.length > 10);
});

describe('account linking', () => {
  test('works end to end: link token, wallet nonce, accountLink event, then "my certificates" lists type, date and status', async () => {
    const userId = lineUser(2);
    const [prompt] = await deliver(textEvent('เชื่อมบัญชี', userId));
    assert.match(prompt!, new RegExp(`${publicBaseUrl}/wallet/line-link\\?linkToken=`));
    assert.deepEqual([...fake.linkTokens.values()].at(-1), userId, 'the link token was issued for this LINE user');
    assert.deepEqual(await deliver(textEvent('ใบรับรองของฉัน', userId)), [(await import('./line-messages')).lineTexts.notLinked.th], 'not linked before the dialog completes');

    const [done] = await link(userId);
    assert.match(done!, /เชื่อมบัญชีเรียบร้อยแล้ว/);
    assert.equal(await ctx.lineLinks.subjectKeyOf(userId), citizenKey);

    const [list] = await deliver(textEvent('ใบรับรองของฉัน', userId));
    assert.match(list!, /ใบรับรองแพทย์ \(ลาป่วย\) · 24 พฤศจิกายน 2569 · ใช้ได้/);
    assert.ok(!list!.includes('Influenza') && !list!.includes('Namfon'), 'no health details or names');
    const [english] = await deliver(textEvent('my certificates', userId));
    assert.match(english!, /Medical Certificate \(Sick Leave\) · 24 November 2026 · valid/);
    assert.match((await deliver(textEvent('เชื่อมบัญชี', userId)))[0]!, /เชื่อมกับ Wallet แล้ว/, 'asking again says it is already linked');
  });

  test('when LINE cannot issue a link token the citizen is told to try later', async () => {
    fake.failures.push(503);
    const [answer] = await deliver(textEvent('เชื่อมบัญชี', lineUser(8)));
    assert.match(answer!, /ลองใหม่ภายหลัง/);
  });

  test('unlinked users asking for their certificates get a hint to link', async () => {
    const [th] = await deliver(textEvent('ใบรับรองของฉัน', lineUser(3)));
    assert.match(th!, /พิมพ์ “เชื่อมบัญชี”/);
    const [en] = await deliver(textEvent('My certificates', lineUser(3)));
    assert.match(en!, /Send “link”/);
  });

  test('the LINE user or the wallet can unlink, after which nothing is listed', async () => {
    const userId = lineUser(4);
    const citizen = await signIn('unlinker', 'citizen', subjectKey({ nationalId: '3100503145673', nameEn: 'Somchai' }));
    await link(userId, citizen);
    assert.match((await deliver(textEvent('ยกเลิกการเชื่อมบัญชี', userId)))[0]!, /ยกเลิกการเชื่อมบัญชีแล้ว/);
    assert.match((await deliver(textEvent('ใบรับรองของฉัน', userId)))[0]!, /ยังไม่ได้เชื่อม/);

    await link(userId, citizen);
    const status = await app.inject({ method: 'GET', url: '/api/v1/wallet/line', headers: citizen });
    assert.equal(status.json().linked, true);
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/v1/wallet/line', headers: { cookie: citizen.cookie! } })).statusCode, 403, 'the CSRF header is required');
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/v1/wallet/line', headers: citizen })).statusCode, 204);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/wallet/line', headers: citizen })).json(), { linked: false, linkedAt: null });
    assert.equal(await ctx.lineLinks.subjectKeyOf(userId), null);
  });

  test('an accountLink event with a failed result, an unknown nonce or a used nonce links nobody', async () => {
    const userId = lineUser(5);
    assert.match((await deliver(accountLinkEvent(userId, 'forged-nonce-value-000000000000')))[0]!, /ไม่สำเร็จ/);
    const [prompt] = await deliver(textEvent('link', userId));
    const url = new URL(/https:\/\/\S+/.exec(prompt!)![0]);
    const opened = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: citizenHeaders });
    const nonce = new URL(String(opened.headers.location)).searchParams.get('nonce')!;
    assert.match((await deliver(accountLinkEvent(userId, nonce, 'failed')))[0]!, /ไม่สำเร็จ/);
    assert.equal(await ctx.lineLinks.subjectKeyOf(userId), null);
    await deliver(accountLinkEvent(userId, nonce));
    assert.equal(await ctx.lineLinks.subjectKeyOf(userId), citizenKey);
    assert.match((await deliver(accountLinkEvent(lineUser(6), nonce)))[0]!, /ไม่สำเร็จ/, 'a nonce links once');
    assert.equal(await ctx.lineLinks.subjectKeyOf(lineUser(6)), null);
  });

  test('in a group chat the bot never lists anyone\'s certificates', async () => {
    const userId = lineUser(7);
    await link(userId);
    const [answer] = await deliver(textEvent('ใบรับรองของฉัน', userId, { type: 'group', groupId: `C${'0'.repeat(32)}`, userId }));
    assert.ok(!answer!.includes('ลาป่วย'), answer);
  });
});

describe('GET /wallet/line-link', () => {
  test('sends a visitor who is not signed in to the wallet, to come back after signing in', async () => {
    const response = await app.inject({ method: 'GET', url: '/wallet/line-link?linkToken=abcdefghijklmnop' });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, `/wallet?next=${encodeURIComponent('/wallet/line-link?linkToken=abcdefghijklmnop')}`);
  });

  test('answers a malformed link token or a non-citizen with problem+json and stores no nonce', async () => {
    const before = await database.db.selectFrom('line_link_nonces').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const malformed = await app.inject({ method: 'GET', url: '/wallet/line-link?linkToken=%3Cscript%3E', headers: citizenHeaders });
    assert.equal(malformed.statusCode, 400);
    assert.match(String(malformed.headers['content-type']), /^application\/problem\+json/);
    assert.equal((await app.inject({ method: 'GET', url: '/wallet/line-link', headers: citizenHeaders })).statusCode, 400);
    const operator = await signIn('operator', 'platform_operator');
    const forbidden = await app.inject({ method: 'GET', url: '/wallet/line-link?linkToken=abcdefghijklmnop', headers: operator });
    assert.equal(forbidden.statusCode, 403);
    assert.match(String(forbidden.headers['content-type']), /^application\/problem\+json/);
    const afterCount = await database.db.selectFrom('line_link_nonces').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  test('is described in the OpenAPI document with the wallet API', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.ok(spec.paths['/wallet/line-link'].get);
    assert.ok(spec.paths['/api/v1/wallet/line'].get && spec.paths['/api/v1/wallet/line'].delete);
  });
});

test('a LINE user handed over to staff gets the staff replies pushed, until the hand-over is closed', async () => {
  const userId = lineUser(77);
  const [answer] = await deliver(textEvent('ขอคุยกับเจ้าหน้าที่หน่อยค่ะ', userId));
  assert.match(answer!, /เจ้าหน้าที่/);
  const staff = await signIn('operator-for-line', 'platform_operator');
  const handover = (await app.inject({ method: 'GET', url: '/api/v1/chatbot/handovers', headers: staff })).json().handovers.at(-1);
  const stored = await database.db.selectFrom('chatbot_handover').select(['line_user_id', 'reply_token_hash']).where('id', '=', handover.id).executeTakeFirstOrThrow();
  assert.deepEqual(stored, { line_user_id: userId, reply_token_hash: null });

  const pushesBefore = fake.pushes.length;
  const replied = await app.inject({ method: 'POST', url: `/api/v1/chatbot/handovers/${handover.id}/replies`, headers: staff, payload: { text: 'สวัสดีค่ะ เจ้าหน้าที่รับเรื่องแล้ว' } });
  assert.equal(replied.statusCode, 201, replied.body);
  assert.equal(replied.json().delivery, 'line');
  const [push] = fake.pushes.slice(pushesBefore);
  assert.equal(push!.to, userId);
  assert.deepEqual(push!.messages.map((m) => m.text), ['สวัสดีค่ะ เจ้าหน้าที่รับเรื่องแล้ว']);
  assert.match(push!.retryKey, /^[0-9a-f-]{36}$/);

  // LINE refusing a push: staff hear `line-failed`; the service reports LINE's status and answer (for the log), not the message.
  fake.failures.push(503);
  const refused = await app.inject({ method: 'POST', url: `/api/v1/chatbot/handovers/${handover.id}/replies`, headers: staff, payload: { text: 'ขออภัยค่ะ' } });
  assert.equal(refused.statusCode, 201, refused.body);
  assert.deepEqual(Object.keys(refused.json()).sort(), ['at', 'delivery']);
  assert.equal(refused.json().delivery, 'line-failed');
  fake.failures.push(503);
  const { pushFailure } = await ctx.chatbot.replyAsStaff(handover.id, 'ขออภัยค่ะ', 'user:staff');
  assert.equal(pushFailure?.status, 503);
  assert.match(pushFailure!.reason, /temporarily unavailable/);
  assert.doesNotMatch(pushFailure!.reason, /ขออภัย|U[0-9a-f]{32}/);

  await app.inject({ method: 'POST', url: `/api/v1/chatbot/handovers/${handover.id}/status`, headers: staff, payload: { status: 'closed' } });
  const closed = await database.db.selectFrom('chatbot_handover').select('line_user_id').where('id', '=', handover.id).executeTakeFirstOrThrow();
  assert.equal(closed.line_user_id, null);
});
