import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from '../test-support/database';
import type { DatabaseHandle } from '../db/database';
import { loadConfig } from '../config';
import { buildApp } from '../server/app';
import { createAppContext } from '../server/context';

let database: DatabaseHandle;
let app: FastifyInstance;
before(async () => {
  database = await createTestDatabase();
  const ctx = await createAppContext(loadConfig({}), database);
  await ctx.registry.importCsv('facilities', fs.createReadStream(new URL('./fixtures/facilities.csv', import.meta.url)));
  await ctx.registry.importCsv('practitioners', fs.createReadStream(new URL('./fixtures/practitioners.csv', import.meta.url)));
  app = await buildApp(ctx, { logger: false });
});
after(async () => {
  await app.close();
  await database.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

test('facilities are found by a Thai name fragment, an English one, a licence number and a province', async () => {
  const byThai = await get(`/api/v1/registry/facilities?q=${encodeURIComponent('ยิ้ม')}`);
  assert.equal(byThai.statusCode, 200);
  assert.deepEqual(byThai.json().items.map((f: { nameEn: string }) => f.nameEn), ['Phuket Smile Dental Clinic']);
  const byEnglish = (await get('/api/v1/registry/facilities?q=CLINIC')).json();
  assert.deepEqual(byEnglish.items.map((f: { licenceNumber: string }) => f.licenceNumber), ['50110000002', '83110000003']);
  const byLicence = (await get('/api/v1/registry/facilities?q=40110000004')).json();
  assert.equal(byLicence.items[0].nameEn, 'Khon Kaen Pharmacy');
  const byProvince = (await get('/api/v1/registry/facilities?province=th-50')).json();
  assert.deepEqual(byProvince.items.map((f: { province: string }) => f.province), ['TH-50']);
});

test('search results carry the licence status now, and pages say whether more follow', async () => {
  const first = (await get('/api/v1/registry/facilities?limit=2')).json();
  assert.equal(first.items.length, 2);
  assert.equal(first.hasMore, true);
  const rest = (await get('/api/v1/registry/facilities?limit=2&offset=2')).json();
  assert.equal(rest.hasMore, false);
  const statuses = Object.fromEntries([...first.items, ...rest.items].map((f: { licenceNumber: string; licenceStatus: string }) => [f.licenceNumber, f.licenceStatus]));
  assert.equal(statuses['83110000003'], 'suspended');
  assert.equal(statuses['10110000001'], 'active');
});

test('a wildcard in the fragment is matched literally', async () => {
  assert.deepEqual((await get('/api/v1/registry/facilities?q=%25')).json().items, []);
});

test("a facility's page lists its status, history and practitioners with specialties, never national IDs", async () => {
  const { items } = (await get('/api/v1/registry/facilities?licence=10110000001')).json();
  const response = await get(`/api/v1/registry/facilities/${items[0].id}`);
  assert.equal(response.statusCode, 200);
  const page = response.json();
  assert.equal(page.licenceStatus, 'active');
  assert.equal(page.licenceHistory[0].effectiveFrom, '2010-02-28T17:00:00.000Z');
  assert.equal(page.facility.freeUntil, '2027-01-14T17:00:00.000Z');
  assert.deepEqual(
    page.practitioners.map((p: { licenceNumber: string; role: string; specialties: string[] }) => [p.licenceNumber, p.role, p.specialties]),
    [
      ['ว.12345', 'signer', ['Cardiology', 'Internal Medicine']],
      ['พ.13579', 'staff', []],
    ],
  );
  assert.ok(!response.body.includes('3100500123458'));
});

test('a practitioner is found by licence number', async () => {
  const response = await get(`/api/v1/registry/practitioners?licence=${encodeURIComponent('ท.6789')}`);
  assert.equal(response.statusCode, 200);
  const [dentist] = response.json().items;
  assert.deepEqual([dentist.profession, dentist.nameEn, dentist.specialties, dentist.licenceStatus], ['dentist', 'Dr Malee Yimsuay', ['Orthodontics'], 'active']);
  assert.deepEqual((await get('/api/v1/registry/practitioners?licence=nobody')).json().items, []);
});

test('bad queries answer problem+json 400 and unknown ids 404', async () => {
  for (const url of [
    '/api/v1/registry/facilities?limit=many',
    '/api/v1/registry/facilities?province=Bangkok',
    '/api/v1/registry/facilities?colour=red',
    '/api/v1/registry/facilities/not-a-uuid',
    '/api/v1/registry/practitioners',
  ]) {
    const response = await get(url);
    assert.equal(response.statusCode, 400, url);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(response.json().status, 400);
  }
  const missing = await get('/api/v1/registry/facilities/00000000-0000-4000-8000-000000000000');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().type, 'https://medcert.dev/problems/registry-entry-not-found');
});

test('a page size above 50 is capped at 50', async () => {
  assert.equal((await get('/api/v1/registry/facilities?limit=500')).json().limit, 50);
});

test('OpenAPI lists the registry routes', async () => {
  const paths = Object.keys((await get('/openapi.json')).json().paths);
  for (const path of ['/api/v1/registry/facilities', '/api/v1/registry/facilities/{id}', '/api/v1/registry/practitioners']) assert.ok(paths.includes(path), path);
});
