import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from './index';

/** A database migrated up to `last`, with `officers` (username → province as stored then) created at that point. */
async function databaseBefore0028(officers: Record<string, string>) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was, not the typed one of today
  const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite: new PGlite({ extensions: { pg_trgm } }) }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const before = await migrator.migrateTo('0025-line');
  assert.equal(before.error, undefined);
  for (const [username, province] of Object.entries(officers)) {
    await db.insertInto('users').values({ username, password_hash: 'x', platform_role: 'provincial_officer', province }).execute();
  }
  await db.insertInto('users').values({ username: 'operator', password_hash: 'x', platform_role: 'platform_operator' }).execute();
  return { db, migrator };
}

test("officers' province names become their ISO codes", async () => {
  const { db, migrator } = await databaseBefore0028({ 'officer.th': 'เชียงใหม่', 'officer.en': 'Phuket', 'officer.code': 'TH-10', 'officer.lower': 'th-40' });
  assert.equal((await migrator.migrateToLatest()).error, undefined);
  const rows = await db.selectFrom('users').select(['username', 'province']).orderBy('username').execute();
  assert.deepEqual(rows, [
    { username: 'officer.code', province: 'TH-10' },
    { username: 'officer.en', province: 'TH-83' },
    { username: 'officer.lower', province: 'TH-40' },
    { username: 'officer.th', province: 'TH-50' },
    { username: 'operator', province: null },
  ]);
  await db.destroy();
});

test('a province that names no province stops the migration and changes nothing', async () => {
  const { db, migrator } = await databaseBefore0028({ 'officer.th': 'เชียงใหม่', 'officer.typo': 'Chaing Mai' });
  const { error } = await migrator.migrateToLatest();
  assert.match(String(error), /"Chaing Mai" as its province/);
  const rows = await db.selectFrom('users').select(['username', 'province']).where('platform_role', '=', 'provincial_officer').orderBy('username').execute();
  assert.deepEqual(rows, [
    { username: 'officer.th', province: 'เชียงใหม่' },
    { username: 'officer.typo', province: 'Chaing Mai' },
  ]);
  await db.destroy();
});

test('complaints filed before are counted, and those filed after by the trigger', async () => {
  const { db, migrator } = await databaseBefore0028({});
  const { id: facilityId } = await db
    .insertInto('facilities')
    .values({ licence_number: 'C-1', kind: 'pharmacy', name_th: 'ร้านยา', name_en: 'Pharmacy', province: 'TH-50', address: 'Chiang Mai', free_until: new Date('2028-01-01Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const complaint = (id: string, status: string) => ({
    id,
    citizen_subject_key: `s-${id}`,
    facility_id: facilityId,
    facility_kind: 'pharmacy',
    province: 'TH-50',
    category: 'overcharging',
    description: 'x',
    visit_date: '2026-11-01',
    status,
    submitted_at: new Date('2026-11-02T03:00:00Z'),
    submitted_day: '2026-11-02',
    due_at: status === 'resolved' ? null : new Date('2026-11-03T03:00:00Z'),
  });
  await db.insertInto('complaints').values([complaint(randomUUID(), 'submitted'), complaint(randomUUID(), 'resolved')]).execute();
  assert.equal((await migrator.migrateToLatest()).error, undefined);
  await db.insertInto('complaints').values(complaint(randomUUID(), 'submitted')).execute();
  const cube = await db.selectFrom('analytics_complaints_daily').select(['province', 'category', 'status', 'count']).orderBy('status').execute();
  assert.deepEqual(cube, [
    { province: 'TH-50', category: 'overcharging', status: 'resolved', count: 1 },
    { province: 'TH-50', category: 'overcharging', status: 'submitted', count: 2 },
  ]);
  await db.destroy();
});
