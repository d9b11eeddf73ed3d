import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { recountComplaints } from './complaint-counts';
import { addFacility, fileComplaints } from './test-support';

let database: DatabaseHandle;
let clinic: string;
let pharmacy: string;

before(async () => {
  database = await createTestDatabase();
  clinic = await addFacility(database.db, 'TH-50', 'medical_clinic');
  pharmacy = await addFacility(database.db, 'TH-10', 'pharmacy');
});
after(() => database.close());

const cube = () => database.db.selectFrom('analytics_complaints_daily').select(['province', sql<string>`day::text`.as('day'), 'category', 'status', 'count']).where('count', '<>', 0).orderBy(['province', 'day', 'category', 'status']).execute();
/** The scope's marginals summed over every day. */
const marginals = async (scope: string) =>
  (
    await database.db
      .selectFrom('analytics_complaint_marginals')
      .select(['dimension', 'value', sql<string>`sum(count)`.as('count')])
      .where('scope', '=', scope)
      .groupBy(['dimension', 'value'])
      .having(sql`sum(count)`, '<>', 0)
      .orderBy(['dimension', 'value'])
      .execute()
  ).map((m) => ({ ...m, count: Number(m.count) }));

test('a filed complaint is counted in its province and the whole country, by category, by status and in total', async () => {
  await fileComplaints(database.db, { facilityId: clinic, category: 'overcharging', day: '2026-11-24', count: 3 });
  await fileComplaints(database.db, { facilityId: pharmacy, category: 'privacy', day: '2026-11-24', count: 2 });
  assert.deepEqual(await cube(), [
    { province: 'TH-10', day: '2026-11-24', category: 'privacy', status: 'submitted', count: 2 },
    { province: 'TH-50', day: '2026-11-24', category: 'overcharging', status: 'submitted', count: 3 },
  ]);
  assert.deepEqual(await marginals('TH'), [
    { dimension: 'category', value: 'overcharging', count: 3 },
    { dimension: 'category', value: 'privacy', count: 2 },
    { dimension: 'status', value: 'submitted', count: 5 },
    { dimension: 'total', value: '', count: 5 },
  ]);
});

test("a status change moves the complaint's count from the old status to the new one, on the day it was filed", async () => {
  const [first] = await fileComplaints(database.db, { facilityId: clinic, category: 'hygiene', day: '2026-11-20', count: 2 });
  await database.db.updateTable('complaints').set({ status: 'triaged', triaged_at: new Date() }).where('id', '=', first!).execute();
  await database.db.updateTable('complaints').set({ assigned_officer_id: null }).where('id', '=', first!).execute();
  const hygiene = (await cube()).filter((row) => row.category === 'hygiene');
  assert.deepEqual(hygiene, [
    { province: 'TH-50', day: '2026-11-20', category: 'hygiene', status: 'submitted', count: 1 },
    { province: 'TH-50', day: '2026-11-20', category: 'hygiene', status: 'triaged', count: 1 },
  ]);
  const chiangMai = await marginals('TH-50');
  assert.deepEqual(chiangMai.filter((m) => m.dimension === 'status'), [
    { dimension: 'status', value: 'submitted', count: 4 },
    { dimension: 'status', value: 'triaged', count: 1 },
  ]);
  assert.deepEqual(chiangMai.find((m) => m.dimension === 'total'), { dimension: 'total', value: '', count: 5 }, 'the total does not change with the status');
});

test('counting from scratch gives the same counts the trigger kept', async () => {
  const kept = { cube: await cube(), national: await marginals('TH'), chiangMai: await marginals('TH-50') };
  await recountComplaints(database.db);
  assert.deepEqual({ cube: await cube(), national: await marginals('TH'), chiangMai: await marginals('TH-50') }, kept);
});
