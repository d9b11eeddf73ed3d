import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { createLineLinks, linkNonceTtlMs, type LineLinks } from './line-links';

let database: DatabaseHandle;
let links: LineLinks;
let audit: AuditLog;
let clock = new Date('2026-11-24T03:00:00Z');
const citizen = (n: number) => createHash('sha256').update(`th-nid:citizen-${n}`).digest('hex');
const lineUser = (n: number) => `U${String(n).padStart(32, '0')}`;

before(async () => {
  database = await createTestDatabase();
  audit = createAuditLog({ db: database.db });
  links = createLineLinks({ db: database.db, audit, now: () => clock });
});
after(() => database.close());

test('a nonce given to a citizen links the LINE user who brings it back, once', async () => {
  const nonce = await links.issueNonce(citizen(1));
  assert.ok(nonce.length >= 43, 'at least 256 bits, base64url');
  assert.equal(await links.completeLink(nonce, lineUser(1)), true);
  assert.equal(await links.subjectKeyOf(lineUser(1)), citizen(1));
  assert.equal((await links.linkOf(citizen(1)))?.lineUserId, lineUser(1));
  assert.equal(await links.completeLink(nonce, lineUser(2)), false, 'a used nonce does not link again');
  assert.equal(await links.subjectKeyOf(lineUser(2)), null);
});

test('only the nonce hash is stored, and an expired nonce links nobody', async () => {
  const nonce = await links.issueNonce(citizen(3));
  const stored = await database.db.selectFrom('line_link_nonces').select('nonce_hash').execute();
  assert.ok(stored.every((row) => row.nonce_hash !== nonce));
  clock = new Date(clock.getTime() + linkNonceTtlMs + 1);
  assert.equal(await links.completeLink(nonce, lineUser(3)), false);
  assert.equal(await links.completeLink('never-issued', lineUser(3)), false);
  assert.equal(await links.subjectKeyOf(lineUser(3)), null);
});

test('linking again replaces the earlier link on either side', async () => {
  assert.equal(await links.completeLink(await links.issueNonce(citizen(4)), lineUser(4)), true);
  assert.equal(await links.completeLink(await links.issueNonce(citizen(4)), lineUser(5)), true, 'the citizen moved to a new LINE account');
  assert.equal(await links.subjectKeyOf(lineUser(4)), null);
  assert.equal(await links.completeLink(await links.issueNonce(citizen(6)), lineUser(5)), true, 'the LINE user now links another citizen');
  assert.equal(await links.linkOf(citizen(4)), null);
  assert.equal(await links.subjectKeyOf(lineUser(5)), citizen(6));
});

test('either side unlinks, and the audit log records it without personal data', async () => {
  assert.equal(await links.completeLink(await links.issueNonce(citizen(7)), lineUser(7)), true);
  assert.equal(await links.unlink({ lineUserId: lineUser(7) }, 'system', 'line_user'), true);
  assert.equal(await links.unlink({ lineUserId: lineUser(7) }, 'system', 'line_user'), false);
  assert.equal(await links.completeLink(await links.issueNonce(citizen(8)), lineUser(8)), true);
  assert.equal(await links.unlink({ subjectKey: citizen(8) }, 'user:00000000-0000-4000-8000-000000000008', 'citizen'), true);
  assert.equal(await links.subjectKeyOf(lineUser(8)), null);
  await audit.flush();
  const events = await database.db.selectFrom('audit_events').selectAll().where('target_kind', '=', 'line_link').execute();
  assert.ok(events.some((e) => e.action === 'line.linked') && events.some((e) => e.action === 'line.unlinked'));
  const logged = JSON.stringify(events);
  assert.ok(!logged.includes(citizen(8)) && !logged.includes(lineUser(8)), 'neither subject keys nor LINE ids in the audit log');
});
