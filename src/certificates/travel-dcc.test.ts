import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { seedDemo, type DemoSeed } from '../demo/seed';
import { createAppContext, type AppContext } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { readEmbeddedJson } from '../verify/embedded-data';
import { dccName, euDccMappingProblems, travelDccPayload } from './travel-dcc';
import { TravelUseUnavailableError } from './types/catalog';

describe('the DCC name block', () => {
  test('drops the honorific, takes the last word as the family name and writes ICAO forms', () => {
    assert.deepEqual(dccName('Ms Namfon Tangjaidee'), { fn: 'Tangjaidee', fnt: 'TANGJAIDEE', gn: 'Namfon', gnt: 'NAMFON' });
    assert.deepEqual(dccName('Dr. Anna-Lena Müller'), { fn: 'Müller', fnt: 'MULLER', gn: 'Anna-Lena', gnt: 'ANNA<LENA' });
    assert.deepEqual(dccName('Somchai'), { fn: 'Somchai', fnt: 'SOMCHAI' });
  });
});

describe('a type’s euDcc mapping', () => {
  test('maps data fields through value-set codes and day offsets', () => {
    const payload = travelDccPayload({
      mapping: { kind: 'r', entry: { tg: '840539006', fr: { field: 'testedOn' }, du: { field: 'testedOn', plusDays: 180 }, tc: { facility: 'nameEn' } } },
      data: { testedOn: '2026-11-01' },
      patient: { nameEn: 'Mr Somchai Jaidee', birthDate: '1980-02-03' },
      facility: { nameEn: 'Mor Prom Medical Clinic', nameTh: 'คลินิก' },
    });
    assert.deepEqual(payload, {
      ver: '1.3.0',
      nam: { fn: 'Jaidee', fnt: 'JAIDEE', gn: 'Somchai', gnt: 'SOMCHAI' },
      dob: '1980-02-03',
      r: [{ tg: '840539006', fr: '2026-11-01', du: '2027-04-30', tc: 'Mor Prom Medical Clinic' }],
    });
  });

  test('a mapping naming an unknown field or kind is refused when the catalog loads', () => {
    assert.deepEqual(euDccMappingProblems({ kind: 't', entry: { sc: { field: 'collectedAt' } } }, ['collectedAt']), []);
    assert.equal(euDccMappingProblems({ kind: 'v', entry: {} }, []).length, 1);
    assert.match(euDccMappingProblems({ kind: 't', entry: { sc: { field: 'nope' } } }, ['collectedAt'])[0]!, /euDcc\.entry\.sc/);
  });
});

describe('certificates for travel carry a verifiable EU DCC', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-travel-'));
  let database: DatabaseHandle;
  let ctx: AppContext;
  let demo: DemoSeed;

  before(async () => {
    database = await createTestDatabase();
    ctx = await createAppContext(loadConfig({ MEDCERT_DATA_DIR: dataDir }), database);
    demo = await seedDemo(ctx);
  });
  after(async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function issue(type: string, travel: boolean) {
    const { patient, data } = ctx.types.get(type).example;
    const accepted = await ctx.certificates.issuance.accept({ type, data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, level: 'B-B', travel }, { source: 'cli', actor: 'cli', signNow: true });
    assert.equal(accepted.status, 'issued');
    return readEmbeddedJson(await ctx.certificates.queries.pdf(accepted.id, 'all'))!;
  }

  for (const [type, kind] of [
    ['atk-test', 't'],
    ['rt-pcr-test', 't'],
    ['covid-infection', 'r'],
    ['covid-home-isolation', 'r'],
  ] as const) {
    test(`${type}: the HC1 in the PDF's data verifies as a ${kind === 't' ? 'test' : 'recovery'} certificate signed by our DSC`, async () => {
      const embedded = await issue(type, true);
      assert.match(String(embedded.euDcc), /^HC1:/);
      const verdict = await ctx.dcc.verify({ hc1: embedded.euDcc });
      assert.equal(verdict.valid, true, JSON.stringify(verdict.stages));
      const entry = (verdict.payload?.[kind] as Record<string, unknown>[])[0]!;
      assert.match(String(entry.ci), /^URN:UVCI:01:TH:/);
      assert.deepEqual(verdict.payload?.nam, { fn: 'Tangjaidee', fnt: 'TANGJAIDEE', gn: 'Namfon', gnt: 'NAMFON' });
    });
  }

  test('without travel use the PDF carries no DCC', async () => {
    assert.equal((await issue('atk-test', false)).euDcc, undefined);
  });

  test('travel use on a type without a DCC mapping is refused before anything is written', async () => {
    const { patient, data } = ctx.types.get('sick-leave').example;
    await assert.rejects(
      ctx.certificates.issuance.accept({ type: 'sick-leave', data, patient, facilityId: demo.facilityId, practitionerId: demo.practitionerId, travel: true }, { source: 'cli', actor: 'cli', signNow: true }),
      TravelUseUnavailableError,
    );
  });
});
