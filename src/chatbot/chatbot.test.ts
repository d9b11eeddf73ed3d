import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { createChatbot, unrecognisedTopic, type Chatbot } from './chatbot';
import { InvalidChatMessageError } from './errors';
import { purgeExpiredMessages } from './messages';
import type { CitizenCertificate } from './personal-answer';
import { topicCounts } from './topic-counts';

let database: DatabaseHandle;
let clock: Date;
let chatbot: Chatbot;
const listedFor: string[] = [];
const certificates: CitizenCertificate[] = [
  { id: 'c1', type: 'medical-certificate', typeName: { th: 'ใบรับรองแพทย์', en: 'Medical certificate' }, status: 'issued', issuedAt: new Date('2026-11-20T03:00:00Z') },
  { id: 'c2', type: 'sick-leave', typeName: { th: 'ใบรับรองแพทย์ลาป่วย', en: 'Sick-leave certificate' }, status: 'revoked', issuedAt: new Date('2026-10-01T03:00:00Z') },
  { id: 'c3', type: 'driving-licence', status: 'pending_signature', issuedAt: null },
];

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});
beforeEach(async () => {
  await sql`truncate chatbot_messages, chatbot_conversation_topics, chatbot_topic_daily, chatbot_handover`.execute(database.db);
  clock = new Date('2026-11-24T10:00:00Z');
  listedFor.length = 0;
  chatbot = createChatbot({
    db: database.db,
    now: () => clock,
    listMyCertificates: async (citizenId) => {
      listedFor.push(citizenId);
      return citizenId === 'citizen-with-certificates' ? certificates : [];
    },
  });
});

async function handovers() {
  return database.db.selectFrom('chatbot_handover').select(['conversation_id', 'language', 'topic_guess', 'status']).execute();
}

describe('chatbot replies', () => {
  it('answers a confident question in its language, without handing over', async () => {
    const reply = await chatbot.reply({ text: 'ตรวจสอบใบรับรองแพทย์ว่าของจริงไหมคะ' });
    assert.equal(reply.intent, 'verify-certificate');
    assert.equal(reply.language, 'th');
    assert.equal(reply.handedOver, false);
    assert.match(reply.answer, /\/verify/);
    assert.ok(reply.confidence >= 0.3 && reply.confidence <= 1);
    assert.deepEqual(await handovers(), []);
  });

  it('answers in the language asked for, whatever the script', async () => {
    const reply = await chatbot.reply({ text: 'ตรวจสอบใบรับรองแพทย์', language: 'en' });
    assert.equal(reply.language, 'en');
    assert.match(reply.answer, /Check a certificate/);
  });

  it('hands a question below the threshold to the human queue once per conversation, and says so', async () => {
    const first = await chatbot.reply({ text: 'พรุ่งนี้ฝนจะตกไหมครับ' });
    assert.equal(first.handedOver, true);
    assert.equal(first.intent, null);
    assert.match(first.answer, /เจ้าหน้าที่/);
    const second = await chatbot.reply({ text: 'convert 100 dollars to baht', conversationId: first.conversationId });
    assert.equal(second.handedOver, true);
    assert.match(second.answer, /passed this conversation to our staff/);
    const queue = await handovers();
    assert.equal(queue.length, 1);
    assert.equal(queue[0]!.conversation_id, first.conversationId);
    assert.equal(queue[0]!.language, 'th');
    assert.equal(queue[0]!.status, 'open');
  });

  it('hands over when the citizen asks for a person, keeping a topic guess', async () => {
    const reply = await chatbot.reply({ text: 'I want to talk to a real person' });
    assert.equal(reply.intent, 'human-agent');
    assert.equal(reply.handedOver, true);
    assert.deepEqual((await handovers()).map((h) => h.topic_guess), ['handover']);
  });

  it('keeps a handover threshold that can be raised: everything then goes to people', async () => {
    const strict = createChatbot({ db: database.db, now: () => clock, threshold: 1.01 });
    const reply = await strict.reply({ text: 'how do I verify a medical certificate' });
    assert.equal(reply.handedOver, true);
    assert.deepEqual((await handovers()).map((h) => h.topic_guess), ['verification']);
  });

  it('rejects empty, blank, overlong messages and malformed conversation ids with a typed error that does not echo the text', async () => {
    await assert.rejects(chatbot.reply({ text: '' }), InvalidChatMessageError);
    await assert.rejects(chatbot.reply({ text: '   \n ' }), InvalidChatMessageError);
    await assert.rejects(chatbot.reply({ text: 'ก'.repeat(2001) }), (error: Error) => error instanceof InvalidChatMessageError && !error.message.includes('ก'));
    await assert.rejects(chatbot.reply({ text: 'hello', conversationId: '../../etc' }), InvalidChatMessageError);
  });
});

describe('personal answers', () => {
  it('lists the signed-in citizen\'s own certificates, newest first, with Buddhist-era dates in Thai', async () => {
    const reply = await chatbot.reply({ text: 'ใบรับรองแพทย์ของผมอยู่ไหนครับ', citizenId: 'citizen-with-certificates' });
    assert.equal(reply.intent, 'my-certificates');
    assert.deepEqual(listedFor, ['citizen-with-certificates']);
    assert.match(reply.answer, /3 ฉบับ/);
    assert.match(reply.answer, /driving-licence \(รอแพทย์ลงลายมือชื่อ\), ใบรับรองแพทย์ 20 พ\.ย\. 2569, ใบรับรองแพทย์ลาป่วย 1 ต\.ค\. 2569 \(ถูกเพิกถอน\)/);
  });

  it('answers in English with Gregorian dates', async () => {
    const reply = await chatbot.reply({ text: 'where is my certificate?', citizenId: 'citizen-with-certificates' });
    assert.match(reply.answer, /You have 3 certificate\(s\).*Medical certificate 20 Nov 2026; Sick-leave certificate 1 Oct 2026 \(revoked\)/);
  });

  it('tells a signed-in citizen with no certificates that none has arrived yet', async () => {
    const reply = await chatbot.reply({ text: 'where is my certificate?', citizenId: 'someone-else' });
    assert.match(reply.answer, /no certificates in your account yet/);
  });

  it('asks an anonymous caller to sign in, without listing anyone\'s certificates', async () => {
    const reply = await chatbot.reply({ text: 'where is my certificate?' });
    assert.match(reply.answer, /sign in/);
    assert.deepEqual(listedFor, []);
  });
});

describe('topic counts', () => {
  it('counts each conversation once per topic, language and Thai day', async () => {
    const a = await chatbot.reply({ text: 'how do I get an RT-PCR test' });
    await chatbot.reply({ text: 'ATK shows two lines', conversationId: a.conversationId });
    await chatbot.reply({ text: 'is my ATK result positive with a faint line' });
    await chatbot.reply({ text: 'ตรวจ ATK เองได้ไหมคะ' });
    await chatbot.reply({ text: 'asdf qwer' });
    // 18:00 UTC is already the next day in Bangkok.
    clock = new Date('2026-11-24T18:00:00Z');
    await chatbot.reply({ text: 'where can I do an RT-PCR test', conversationId: a.conversationId });

    assert.deepEqual(await topicCounts(database.db, '2026-11-24', '2026-11-25'), [
      { day: '2026-11-24', topic: 'testing', language: 'en', count: 2 },
      { day: '2026-11-24', topic: 'testing', language: 'th', count: 1 },
      { day: '2026-11-24', topic: unrecognisedTopic, language: 'en', count: 1 },
      { day: '2026-11-25', topic: 'testing', language: 'en', count: 1 },
    ]);
  });
});

describe('message retention', () => {
  it('keeps the transcript of both sides, then purges text older than 30 days but keeps the counts', async () => {
    clock = new Date('2026-10-01T10:00:00Z');
    await chatbot.reply({ text: 'how do I link my LINE account' });
    clock = new Date('2026-10-26T10:00:00Z');
    await chatbot.reply({ text: 'thanks a lot' });
    assert.equal((await database.db.selectFrom('chatbot_messages').select('role').execute()).length, 4);

    const deleted = await purgeExpiredMessages(database.db, new Date('2026-11-24T10:00:00Z'));
    assert.equal(deleted, 2);
    const left = await database.db.selectFrom('chatbot_messages').select(['role', 'text', 'intent']).orderBy('role').execute();
    assert.deepEqual(left.map((m) => [m.role, m.intent]), [['bot', 'thanks'], ['citizen', 'thanks']]);
    assert.equal(left.find((m) => m.role === 'citizen')!.text, 'thanks a lot');
    assert.deepEqual((await topicCounts(database.db, '2026-10-01', '2026-10-31')).map((c) => c.topic), ['line', 'smalltalk']);
    assert.equal(await purgeExpiredMessages(database.db, new Date('2026-11-24T10:00:00Z')), 0);
  });
});

describe('staff replies', () => {
  it('a LINE push that fails leaves the reply in the transcript and says so; an empty reply is refused', async () => {
    const pushed: string[] = [];
    const bot = createChatbot({
      db: database.db,
      now: () => clock,
      pushToLine: async (to, text) => {
        pushed.push(`${to}:${text}`);
        throw Object.assign(new Error('Request failed with status code 500'), { status: 500, body: '{"message":"An error occurred in the backend"}' });
      },
    });
    const asked = await bot.reply({ text: 'ขอคุยกับเจ้าหน้าที่', lineUserId: 'U123' });
    assert.equal(asked.handedOver, true);
    assert.equal(asked.replyToken, undefined);
    const [handover] = await bot.pendingHandovers(10);
    clock = new Date(clock.getTime() + 60_000);
    assert.deepEqual(await bot.replyAsStaff(handover!.id, ' ได้เลยค่ะ ', 'user:staff-1'), { delivery: 'line-failed', at: clock, pushFailure: { status: 500, reason: '{"message":"An error occurred in the backend"}' } });
    assert.deepEqual(pushed, ['U123:ได้เลยค่ะ']);
    assert.deepEqual((await bot.pendingHandovers(10))[0]!.messages.map((m) => `${m.role}:${m.text}`).slice(-1), ['staff:ได้เลยค่ะ']);
    await assert.rejects(bot.replyAsStaff(handover!.id, '   ', 'user:staff-1'), InvalidChatMessageError);
  });

  it('without LINE configured a LINE conversation reply is kept but not pushed', async () => {
    await chatbot.reply({ text: 'ขอคุยกับเจ้าหน้าที่', lineUserId: 'U456' });
    const [handover] = await chatbot.pendingHandovers(10);
    const { delivery, pushFailure } = await chatbot.replyAsStaff(handover!.id, 'hello', 'user:staff-1');
    assert.equal(delivery, 'line-failed');
    assert.match(pushFailure!.reason, /not configured/);
  });
});
