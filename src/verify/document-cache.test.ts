import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import type { ChannelFollower } from '../db/notifications';
import { seedDemo, type DemoSeed } from '../demo/seed';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { createDocumentCache, documentChangesChannel, type DocumentLookup } from './document-cache';
import { createDocumentRegister, type DocumentRow } from './document-status';

interface Row {
  id: string;
  status: string;
}

/** A cache whose change channel the test drives, and a lookup that counts its calls. */
function harness(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
  let follower: ChannelFollower | undefined;
  const cache = createDocumentCache<Row>({ ...options, follow: async (f) => (follower = f) });
  const register = new Map<string, Row>();
  let lookups = 0;
  const lookup = (id: string, holdsUntil: Date | null = new Date(8.64e15)) => async (): Promise<DocumentLookup<Row>> => {
    lookups++;
    const row = register.get(id);
    return { found: row && { row: { ...row }, pdfSha256: `sha-of-${id}` }, holdsUntil };
  };
  return {
    cache,
    register,
    lookup,
    get lookups() {
      return lookups;
    },
    get channel() {
      assert.ok(follower, 'the cache started following on its first lookup');
      return follower;
    },
  };
}

const now = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('document cache', () => {
  test('answers a repeated lookup from memory, by id or by the issued file, only once the channel is followed', async () => {
    const h = harness();
    h.register.set('a', { id: 'a', status: 'issued' });
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    assert.equal(h.lookups, 2, 'nothing is kept before LISTEN holds');

    h.channel.listening();
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    assert.deepEqual(await h.cache.through({ id: 'a' }, later(1000), h.lookup('a')), { id: 'a', status: 'issued' });
    assert.deepEqual(await h.cache.through({ pdfSha256: 'sha-of-a' }, later(1000), h.lookup('a')), { id: 'a', status: 'issued' });
    assert.equal(h.lookups, 3);
  });

  test('a change to the certificate, a registry change or a lost connection drops what was kept', async () => {
    const h = harness();
    h.register.set('a', { id: 'a', status: 'issued' });
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    h.channel.listening();
    const fill = () => h.cache.through({ id: 'a' }, now, h.lookup('a'));

    await fill();
    h.register.set('a', { id: 'a', status: 'revoked' });
    h.channel.notified('a');
    assert.equal((await fill())?.status, 'revoked');

    h.register.set('a', { id: 'a', status: 'superseded' });
    h.channel.notified('*');
    assert.equal((await fill())?.status, 'superseded');

    h.channel.interrupted();
    const before = h.lookups;
    await fill();
    await fill();
    assert.equal(h.lookups, before + 2, 'while the channel is down every lookup goes to the register');
    h.channel.listening();
    await fill();
    await fill();
    assert.equal(h.lookups, before + 3);
  });

  test('a lookup in flight when its certificate changes is answered but not kept', async () => {
    const h = harness();
    h.register.set('a', { id: 'a', status: 'issued' });
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    h.channel.listening();
    let release!: () => void;
    const slow = h.cache.through({ id: 'a' }, now, async () => {
      const answer = await h.lookup('a')();
      await new Promise<void>((resolve) => (release = resolve));
      return answer;
    });
    await new Promise((resolve) => setImmediate(resolve));
    h.register.set('a', { id: 'a', status: 'revoked' });
    h.channel.notified('a');
    release();
    assert.equal((await slow)?.status, 'issued', 'the read that started before the change');
    assert.equal((await h.cache.through({ id: 'a' }, now, h.lookup('a')))?.status, 'revoked');
  });

  test('callers asking for the same certificate at once share one lookup, unless a change came in between', async () => {
    const h = harness();
    h.register.set('a', { id: 'a', status: 'issued' });
    h.register.set('b', { id: 'b', status: 'issued' });
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    h.channel.listening();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowLookup = async () => {
      const answer = await h.lookup('b')();
      await gate;
      return answer;
    };
    const counted = h.lookups;
    const first = [h.cache.through({ id: 'b' }, now, slowLookup), h.cache.through({ id: 'b' }, later(10), slowLookup), h.cache.through({ pdfSha256: 'sha-of-b' }, later(20), slowLookup)];
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(h.lookups, counted + 2, 'one lookup by id, one by file');
    h.register.set('b', { id: 'b', status: 'revoked' });
    h.cache.certificateChanged('b');
    const afterChange = h.cache.through({ id: 'b' }, later(30), h.lookup('b'));
    release();
    assert.deepEqual((await Promise.all(first)).map((row) => row?.status), ['issued', 'issued', 'issued']);
    assert.equal((await afterChange)?.status, 'revoked');
    assert.equal(h.lookups, counted + 3);
  });

  test('an answer ends at the next scheduled licence change, after the maximum age, and is not kept when it may not be', async () => {
    const h = harness({ maxAgeMs: 60_000 });
    h.register.set('a', { id: 'a', status: 'issued' });
    await h.cache.through({ id: 'a' }, now, h.lookup('a', later(5000)));
    h.channel.listening();
    await h.cache.through({ id: 'a' }, now, h.lookup('a', later(5000)));
    const counted = h.lookups;
    await h.cache.through({ id: 'a' }, later(4999), h.lookup('a'));
    assert.equal(h.lookups, counted);
    await h.cache.through({ id: 'a' }, later(5000), h.lookup('a', null));
    assert.equal(h.lookups, counted + 1, 'the scheduled change has taken effect');
    await h.cache.through({ id: 'a' }, later(5000), h.lookup('a'));
    assert.equal(h.lookups, counted + 2, 'an answer that may not be kept (holdsUntil null) was not');
    await h.cache.through({ id: 'a' }, later(60_000), h.lookup('a'));
    assert.equal(h.lookups, counted + 2);
    await h.cache.through({ id: 'a' }, later(65_000), h.lookup('a'));
    assert.equal(h.lookups, counted + 3, 'older than the maximum age');
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    assert.equal(h.lookups, counted + 4, 'a time before the answer was taken is asked again');
  });

  test('keeps at most maxEntries, dropping the least recently used', async () => {
    const h = harness({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) h.register.set(id, { id, status: 'issued' });
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    h.channel.listening();
    for (const id of ['a', 'b', 'a', 'c']) await h.cache.through({ id }, now, h.lookup(id));
    assert.equal(h.cache.size, 2);
    const counted = h.lookups;
    await h.cache.through({ id: 'a' }, now, h.lookup('a'));
    await h.cache.through({ pdfSha256: 'sha-of-b' }, now, h.lookup('b'));
    assert.equal(h.lookups, counted + 1, 'b, the least recently used, was dropped with its file index');
  });
});

describe("verifiers see every change to the register", () => {
  let dir: string;
  let database: DatabaseHandle;
  let ctx: AppContext;
  let demo: DemoSeed;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-document-cache-'));
    database = await createTestDatabase();
    ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dir }), database);
    demo = await seedDemo(ctx);
  });
  after(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Another worker's change reaches this one through the database's channel, so allow for its delivery. */
  async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let attempt = 0; attempt < 100 && !holds(value); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      value = await read();
    }
    return value;
  }

  test('a revocation through the service is seen by the very next verification', async () => {
    const { patient, data } = ctx.types.get('sick-leave').example;
    const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-B' }, { source: 'cli', actor: 'cli', signNow: true });
    const { qr_payload: qr } = await database.db.selectFrom('certificates').select('qr_payload').where('id', '=', id).executeTakeFirstOrThrow();
    for (let i = 0; i < 5; i++) assert.equal((await ctx.verification.qr(qr!)).document?.status, 'issued');
    await ctx.certificates.revocation.revoke(id, 'any', 'patient request', 'test');
    assert.equal((await ctx.verification.qr(qr!)).document?.status, 'revoked');
  });

  test('a revocation and a backdated suspension written straight to the database change the next answers', async () => {
    let listening!: () => void;
    const following = new Promise<void>((resolve) => (listening = resolve));
    const cache = createDocumentCache<DocumentRow>({
      follow: (follower) => database.follow(documentChangesChannel, { ...follower, listening: () => (follower.listening(), listening()) }),
    });
    const documents = createDocumentRegister(database.db, cache);
    const { patient, data } = ctx.types.get('sick-leave').example;
    const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-B' }, { source: 'cli', actor: 'cli', signNow: true });
    assert.deepEqual((await documents.describe(id)).reasons, []);
    await following;
    assert.deepEqual((await documents.describe(id)).reasons, []);
    assert.equal(cache.size, 1, 'the settled answer is kept');

    await database.executeSql(`UPDATE certificates SET status = 'revoked', revoked_at = now(), revocation_reason = 'issued in error' WHERE id = $1`, [id]);
    const revoked = await eventually(() => documents.describe(id), (finding) => finding.document?.status === 'revoked');
    assert.deepEqual(revoked.reasons, ['document.revoked']);
    assert.equal(cache.size, 1);

    await database.executeSql(`INSERT INTO practitioner_licence_status (practitioner_id, status, effective_from, note) VALUES ($1, 'suspended', '2020-01-01', 'backdated')`, [demo.practitionerId]);
    const suspended = await eventually(() => documents.describe(id), (finding) => finding.reasons.includes('practitioner.licence-not-active-at-issuance'));
    assert.deepEqual(suspended.reasons, ['document.revoked', 'practitioner.licence-not-active-at-issuance']);
  });

  test('issuing a certificate announces nothing (it was never kept); revoking it announces its id', async () => {
    const heard: string[] = [];
    let revokedHeard!: () => void;
    const revocationArrived = new Promise<void>((resolve) => (revokedHeard = resolve));
    let listening!: () => void;
    const following = new Promise<void>((resolve) => (listening = resolve));
    const unfollow = await database.follow(documentChangesChannel, { notified: (payload) => (heard.push(payload), revokedHeard()), listening: () => listening(), interrupted: () => {} });
    await following;
    const { patient, data } = ctx.types.get('sick-leave').example;
    await database.executeSql(`INSERT INTO practitioner_licence_status (practitioner_id, status, effective_from, note) VALUES ($1, 'active', now(), 'reinstated')`, [demo.practitionerId]);
    await revocationArrived;
    heard.length = 0;
    const { id } = await ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-B' }, { source: 'cli', actor: 'cli', signNow: true });
    const revoked = new Promise<void>((resolve) => (revokedHeard = resolve));
    await ctx.certificates.revocation.revoke(id, 'any', 'issued in error', 'test');
    await revoked;
    assert.deepEqual(heard, [id], 'notifications arrive in commit order: none came from issuing');
    await unfollow();
  });
});
