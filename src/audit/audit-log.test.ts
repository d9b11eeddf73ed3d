import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { createAuditLog, type AuditLog } from './audit-log';
import type { AuditEventInput } from './audit-event';
import { InvalidAuditEventError } from './errors';
import { eventHash } from './event-hash';

let database: DatabaseHandle;
let audit: AuditLog;

/** Rewrites a stored event behind the log's back, the way an intruder with SQL access would. */
async function tamper(statement: string): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(trx);
    await sql.raw(statement).execute(trx);
    await sql`ALTER TABLE audit_events ENABLE TRIGGER USER`.execute(trx);
  });
}

const event = (n: number) => ({ actor: 'user:u1', action: 'auth.login', targetKind: 'user', targetId: `u${n}`, ip: '203.0.113.7', requestId: `req-000${n}`, details: { method: 'password+totp', n } });

describe('audit log', () => {
  before(async () => {
    database = await createTestDatabase();
    audit = createAuditLog({ db: database.db });
  });
  after(() => database.close());

  test('an empty log is intact', async () => {
    assert.deepEqual(await audit.verifyChain(), { intact: true, events: 0, headHash: '0'.repeat(64) });
  });

  test('appended events are numbered 1, 2, 3 and each links to the previous hash', async () => {
    await audit.append(event(1));
    await audit.append({ ...event(2), facilityId: 'A3BB189E-8BF9-3888-9912-ACE4E6543002' });
    const [first, second] = await database.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    assert.ok(first && second);
    assert.equal(first.seq, 1);
    assert.equal(second.seq, 2);
    assert.equal(second.prev_hash, first.hash);
    assert.equal(second.facility_id, 'a3bb189e-8bf9-3888-9912-ace4e6543002');
    const verdict = await audit.verifyChain();
    assert.deepEqual(verdict, { intact: true, events: 2, headHash: second.hash });
  });

  test('the database refuses UPDATE, DELETE and TRUNCATE of events', async () => {
    await assert.rejects(sql`UPDATE audit_events SET actor = 'user:x' WHERE seq = 1`.execute(database.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_events WHERE seq = 1`.execute(database.db), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_events`.execute(database.db), /append-only/);
  });

  test('an event waiting to be chained cannot be rewritten or truncated away', async () => {
    const { id } = await database.db
      .insertInto('audit_pending')
      .values({ at: new Date(), actor: 'user:u1', action: 'test.pending', target_kind: 'user', target_id: 'u1', facility_id: null, ip: null, request_id: null, details: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await assert.rejects(sql`UPDATE audit_pending SET actor = 'user:x' WHERE id = ${id}`.execute(database.db), /cannot be altered/);
    await assert.rejects(sql`TRUNCATE audit_pending`.execute(database.db), /cannot be altered/);
    await audit.flush();
    const chained = await database.db.selectFrom('audit_events').select(['actor', 'action']).where('action', '=', 'test.pending').executeTakeFirstOrThrow();
    assert.deepEqual(chained, { actor: 'user:u1', action: 'test.pending' });
    assert.equal((await audit.verifyChain()).intact, true);
  });

  test('concurrent appends queue on the head row: no fork, no gap', async () => {
    const before = (await audit.verifyChain()).events;
    await Promise.all(Array.from({ length: 40 }, (_, i) => audit.append(event(100 + i))));
    const verdict = await audit.verifyChain();
    assert.equal(verdict.intact, true);
    assert.equal(verdict.events, before + 40);
  });

  test('two writers (as two server processes would be) append concurrently without forking the chain', async () => {
    const before = (await audit.verifyChain()).events;
    const other = createAuditLog({ db: database.db });
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? audit : other).append(event(200 + i))));
    const verdict = await audit.verifyChain();
    assert.equal(verdict.intact, true);
    assert.equal(verdict.events, before + 30);
  });

  test('an event appended inside a transaction disappears with it when the transaction rolls back', async () => {
    const before = (await audit.verifyChain()).events;
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await audit.append(event(7), trx);
        throw new Error('the recorded change failed');
      }),
    );
    assert.deepEqual([(await audit.verifyChain()).events, (await audit.verifyChain()).intact], [before, true]);
  });

  test('an event appended inside a transaction is in the log once the transaction commits, whichever process reads it', async () => {
    const before = (await audit.verifyChain()).events;
    const writer = createAuditLog({ db: database.db });
    await database.db.transaction().execute((trx) => writer.append({ ...event(8), facilityId: '0b0c5c1a-8d5e-4f57-9a4c-1c2d3e4f5a6b' }, trx));
    const listed = await audit.listForFacility('0b0c5c1a-8d5e-4f57-9a4c-1c2d3e4f5a6b');
    assert.deepEqual(listed.map((e) => [e.seq, e.targetId]), [[before + 1, 'u8']]);
    assert.deepEqual(await audit.verifyChain(), { intact: true, events: before + 1, headHash: listed[0]!.hash });
  });

  test('an event recorded with a statement is in the log exactly when the statement\'s change is', async () => {
    const before = (await audit.verifyChain()).events;
    const facilityId = '5d0f8a52-3c41-4b7e-9e0a-6f1b2c3d4e5f';
    const change = (key: string) => audit.recording({ ...event(9), facilityId }).insertInto('citizen_contacts').values({ subject_key: key, phone: '0812345678', updated_at: new Date(0) }).execute();
    await change('audit-recording');
    await assert.rejects(change('audit-recording'), /duplicate key/);
    const listed = await audit.listForFacility(facilityId);
    assert.deepEqual(listed.map((e) => [e.seq, e.targetId]), [[before + 1, 'u9']]);
    assert.equal((await audit.verifyChain()).intact, true);
  });

  test('events of successive transactions are chained in the order they committed', async () => {
    const writers = [createAuditLog({ db: database.db }), createAuditLog({ db: database.db })];
    for (const n of [11, 12, 13, 14]) await database.db.transaction().execute((trx) => writers[n % 2]!.append(event(n), trx));
    await audit.flush();
    const chained = await database.db.selectFrom('audit_events').select('target_id').where('target_id', 'in', ['u11', 'u12', 'u13', 'u14']).orderBy('seq').execute();
    assert.deepEqual(chained.map((e) => e.target_id), ['u11', 'u12', 'u13', 'u14']);
  });

  test('concurrent transactions in two processes and plain appends chain without a fork, a gap or a leftover', async () => {
    const before = (await audit.verifyChain()).events;
    const other = createAuditLog({ db: database.db });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const log = i % 2 ? audit : other;
        return i % 3 ? database.db.transaction().execute((trx) => log.append(event(400 + i), trx)) : log.append(event(400 + i));
      }),
    );
    await other.flush();
    assert.deepEqual(await database.db.selectFrom('audit_pending').selectAll().execute(), []);
    const verdict = await audit.verifyChain();
    assert.equal(verdict.intact, true);
    assert.equal(verdict.events, before + 30);
  });

  test('a transaction records its event while another holds the chain head', { skip: !process.env.MEDCERT_TEST_DATABASE_URL && 'PGlite runs one transaction at a time', timeout: 30_000 }, async () => {
    let headLocked!: () => void;
    let releaseHead!: () => void;
    const locked = new Promise<void>((resolve) => (headLocked = resolve));
    const released = new Promise<void>((resolve) => (releaseHead = resolve));
    const holder = database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('audit_head').selectAll().forUpdate().execute();
      headLocked();
      await released;
    });
    await locked;
    await database.db.transaction().execute((trx) => audit.append(event(500), trx));
    releaseHead();
    await holder;
    await audit.flush();
    assert.equal((await database.db.selectFrom('audit_events').select('seq').where('target_id', '=', 'u500').execute()).length, 1);
  });

  test('events that could carry personal data are refused before they are stored', async () => {
    const bad: AuditEventInput[] = [
      { ...event(1), actor: 'สมชาย ใจดี' },
      { ...event(1), targetId: '1101700203450' },
      { ...event(1), action: 'Login!' },
      { ...event(1), details: { name: 'x' } },
      { ...event(1), details: { note: 'ผู้ป่วยไข้หวัด' } },
      { ...event(1), details: { ref: 'id 1101700203450' } },
      { ...event(1), details: { n: Number.NaN } },
      { ...event(1), details: { nested: { a: 1 } as unknown as string } },
      { ...event(1), ip: 'not-an-ip' },
      { ...event(1), facilityId: 'clinic-1' },
    ];
    for (const input of bad) await assert.rejects(audit.append(input), InvalidAuditEventError);
    assert.equal((await audit.verifyChain()).intact, true);
  });

  describe('tampering', () => {
    test('a changed field is found at its seq', async () => {
      await tamper(`UPDATE audit_events SET target_id = 'u9' WHERE seq = 2`);
      assert.deepEqual(await audit.verifyChain(), { intact: false, events: 1, brokenSeq: 2, reason: 'hash-mismatch' });
      await tamper(`UPDATE audit_events SET target_id = 'u2' WHERE seq = 2`);
      assert.equal((await audit.verifyChain()).intact, true);
    });

    test('a tail rewritten consistently (head row too) is found by a hash anchored earlier', async () => {
      const verdict = await audit.verifyChain();
      assert.ok(verdict.intact);
      const anchor = { seq: verdict.events, hash: verdict.headHash };
      assert.ok((await audit.verifyChain([anchor])).intact);
      const [last] = await database.db.selectFrom('audit_events').selectAll().where('seq', '=', anchor.seq).execute();
      const forged = { seq: anchor.seq, at: last!.at, actor: 'user:someone-else', action: last!.action, targetKind: last!.target_kind, targetId: last!.target_id, facilityId: last!.facility_id, ip: last!.ip, requestId: last!.request_id, details: last!.details, prevHash: last!.prev_hash };
      const hash = eventHash(forged);
      await tamper(`UPDATE audit_events SET actor = 'user:someone-else', hash = '${hash}' WHERE seq = ${anchor.seq}`);
      await sql`UPDATE audit_head SET hash = ${hash}`.execute(database.db);
      assert.ok((await audit.verifyChain()).intact, 'without an anchor the rewrite is consistent');
      assert.deepEqual(await audit.verifyChain([anchor]), { intact: false, events: anchor.seq - 1, brokenSeq: anchor.seq, reason: 'anchor-mismatch' });
      assert.deepEqual(await audit.verifyChain([{ seq: anchor.seq + 5, hash: anchor.hash }]), { intact: false, events: anchor.seq, brokenSeq: anchor.seq + 1, reason: 'missing-event' });
      await tamper(`UPDATE audit_events SET actor = '${last!.actor}', hash = '${anchor.hash}' WHERE seq = ${anchor.seq}`);
      await sql`UPDATE audit_head SET hash = ${anchor.hash}`.execute(database.db);
    });

    test('an event rewritten with a recomputed hash is found at the next link', async () => {
      const [first] = await database.db.selectFrom('audit_events').selectAll().where('seq', '=', 1).execute();
      const forged = { seq: 1, at: first!.at, actor: 'user:someone-else', action: first!.action, targetKind: first!.target_kind, targetId: first!.target_id, facilityId: first!.facility_id, ip: first!.ip, requestId: first!.request_id, details: first!.details, prevHash: first!.prev_hash };
      await tamper(`UPDATE audit_events SET actor = 'user:someone-else', hash = '${eventHash(forged)}' WHERE seq = 1`);
      assert.deepEqual(await audit.verifyChain(), { intact: false, events: 1, brokenSeq: 2, reason: 'prev-hash-mismatch' });
    });
  });
});

describe('audit log tampering by deletion', () => {
  before(async () => {
    database = await createTestDatabase();
    audit = createAuditLog({ db: database.db });
    for (let i = 1; i <= 5; i++) await audit.append(event(i));
  });
  after(() => database.close());

  test('a deleted event in the middle is a missing seq', async () => {
    await tamper('DELETE FROM audit_events WHERE seq = 3');
    assert.deepEqual(await audit.verifyChain(), { intact: false, events: 2, brokenSeq: 3, reason: 'missing-event' });
  });

  test('events cut off the end leave the head pointing past the last one', async () => {
    await tamper('DELETE FROM audit_events WHERE seq >= 3');
    assert.deepEqual(await audit.verifyChain(), { intact: false, events: 2, brokenSeq: 3, reason: 'head-mismatch' });
  });
});
