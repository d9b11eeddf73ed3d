import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fc from 'fast-check';
import { CsvImportRejectedError } from './errors';
import { useTestRegistry } from './test-support';

const t = useTestRegistry();

const fixture = (name: string) => fs.createReadStream(new URL(`./fixtures/${name}`, import.meta.url));
const facilitiesHeader = 'licence_number,kind,name_th,name_en,province,address,licence_status,licence_status_from';

async function* chunks(...parts: Array<string | Buffer>) {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

async function rejection(kind: 'facilities' | 'practitioners', ...parts: Array<string | Buffer>): Promise<CsvImportRejectedError> {
  try {
    await t.registry.importCsv(kind, chunks(...parts));
  } catch (error) {
    assert.ok(error instanceof CsvImportRejectedError, `expected a rejected import, got ${String(error)}`);
    return error;
  }
  assert.fail('the import was accepted');
}

async function snapshot() {
  const tables = ['facilities', 'facility_licence_status', 'practitioners', 'practitioner_specialties', 'practitioner_licence_status', 'memberships'] as const;
  const result: Record<string, unknown[]> = {};
  for (const table of tables) result[table] = (await t.database.executeSql(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
  return result;
}

// TIS-620 puts the Thai block U+0E01–U+0E5B at 0xA1–0xFB, one byte a letter.
function tis620(text: string): Buffer {
  return Buffer.from([...text].map((c) => (c.codePointAt(0)! >= 0x0e01 && c.codePointAt(0)! <= 0x0e5b ? c.codePointAt(0)! - 0x0e00 + 0xa0 : c.codePointAt(0)!)));
}

test('the sample files import, and importing them again changes nothing', async () => {
  const facilities = await t.registry.importCsv('facilities', fixture('facilities.csv'));
  const practitioners = await t.registry.importCsv('practitioners', fixture('practitioners.csv'));
  assert.deepEqual([facilities.created, facilities.statusesAppended], [4, 4]);
  assert.deepEqual([practitioners.created, practitioners.statusesAppended, practitioners.membershipsAdded], [4, 4, 5]);
  const before = await snapshot();

  const again = [await t.registry.importCsv('facilities', fixture('facilities.csv')), await t.registry.importCsv('practitioners', fixture('practitioners.csv'))];
  for (const report of again) assert.deepEqual([report.created, report.updated, report.statusesAppended, report.specialtiesChanged, report.membershipsAdded], [0, 0, 0, 0, 0]);
  assert.deepEqual(await snapshot(), before);
});

test('a changed row is updated and a new status appended, leaving the old one in the history', async () => {
  await t.registry.importCsv('facilities', chunks(`${facilitiesHeader}\n90000000001,pharmacy,ร้านยาหาดใหญ่,Hat Yai Pharmacy,TH-90,1 ถนนเพชรเกษม,active,2021-01-01\n`));
  const report = await t.registry.importCsv('facilities', chunks(`${facilitiesHeader}\n90000000001,pharmacy,ร้านยาหาดใหญ่,Hat Yai Drugstore,TH-90,1 ถนนเพชรเกษม,suspended,2026-01-01\n`));
  assert.deepEqual([report.created, report.updated, report.statusesAppended], [0, 1, 1]);
  const facility = (await t.registry.findFacilityByLicence('90000000001'))!;
  assert.equal(facility.nameEn, 'Hat Yai Drugstore');
  assert.deepEqual((await t.registry.licenceHistory('facility', facility.id)).map((h) => h.status), ['active', 'suspended']);
  assert.equal(await t.registry.facilityLicenceStatusAt(facility.id, new Date('2025-12-31T00:00:00Z')), 'active');
});

test('a file with bad rows is rejected as a whole, every bad row listed by line and reason', async () => {
  const before = await snapshot();
  const error = await rejection(
    'facilities',
    [
      facilitiesHeader,
      '91000000001,pharmacy,ร้านยาหนึ่ง,Pharmacy One,TH-91,Satun,active,2020-01-01',
      '91000000002,spa,ร้านสอง,Spa Two,TH-91,Satun,active,2020-01-01',
      '91000000003,pharmacy,ร้านยาสาม,Pharmacy Three,TH-99,Satun,active,2020-01-01',
      '91000000001,pharmacy,ร้านยาหนึ่ง,Pharmacy One again,TH-91,Satun,active,2020-01-01',
      '91000000004,pharmacy,ร้านยาสี่,Pharmacy Four,TH-91,Satun,paused,2020-01-01',
      '91000000005,pharmacy,ร้านยาห้า,Pharmacy Five,TH-91,Satun,active,2024-02-30',
      '',
      '91000000006,pharmacy,ร้านยาหก,,TH-91,Satun,,',
    ].join('\n'),
  );
  assert.match(error.message, /rejected and nothing was imported: 6 rows have problems/);
  assert.deepEqual(
    error.rows.map((r) => r.line),
    [3, 4, 5, 6, 7, 9],
  );
  assert.match(error.rows[0]!.reason, /kind must be one of/);
  assert.match(error.rows[1]!.reason, /province must be an ISO 3166-2:TH code/);
  assert.match(error.rows[2]!.reason, /duplicate licence number 91000000001 \(first on line 2\)/);
  assert.match(error.rows[3]!.reason, /licence_status must be one of active, suspended, revoked, expired/);
  assert.match(error.rows[4]!.reason, /licence_status_from must be a date/);
  assert.match(error.rows[5]!.reason, /name in Thai and in English/);
  assert.deepEqual(await snapshot(), before, 'nothing was written, not even the good first row');
});

test('a broken quote is reported with the line it opens on', async () => {
  const unclosed = await rejection('facilities', `${facilitiesHeader}\n92000000001,pharmacy,ร้านยา,"Broken Pharmacy,TH-10,Bangkok,active,2020-01-01\n92000000002,pharmacy,ร้านยา,Fine,TH-10,Bangkok,active,2020-01-01\n`);
  assert.match(unclosed.message, /broken quote: the quoted field opened on line 2 is never closed/);
  const stray = await rejection('facilities', `${facilitiesHeader}\n92000000003,pharmacy,ร้านยา,Fine,TH-10,Bangkok,active,2020-01-01\n92000000004,pharmacy,ร้านยา,"Bad" Pharmacy,TH-10,Bangkok,active,2020-01-01\n`);
  assert.match(stray.message, /broken quote on line 3/);
  assert.deepEqual(stray.rows, [{ line: 3, reason: 'stray quote inside a field' }]);
  const opening = await rejection('facilities', `${facilitiesHeader}\n92000000005,pharmacy,ร้านยา,Bad "Pharmacy",TH-10,Bangkok,active,2020-01-01\n`);
  assert.match(opening.message, /broken quote on line 2/);
});

test('a Thai file saved as TIS-620 is recognised and the sentence says so', async () => {
  const error = await rejection('facilities', tis620(`${facilitiesHeader}\n93000000001,medical_clinic,คลินิกทดสอบ,Test Clinic,TH-10,Bangkok,active,2020-01-01\n`));
  assert.match(error.message, /not UTF-8: it looks like Thai text in TIS-620\/Windows-874 \(first on line 2\)/);
  assert.equal(error.rows[0]!.line, 2);
});

test('TIS-620 bytes split across stream chunks are still caught, with the right line', async () => {
  const bytes = tis620(`${facilitiesHeader}\n93000000002,medical_clinic,Clinic,Clinic,TH-10,Bangkok,active,2020-01-01\n93000000003,medical_clinic,คลินิก,Clinic,TH-10,Bangkok,active,2020-01-01\n`);
  const error = await rejection('facilities', bytes.subarray(0, 100), bytes.subarray(100));
  assert.match(error.message, /TIS-620.*line 3/);
});

test('an invalid Thai national ID checksum is a bad row and is not echoed', async () => {
  const header = 'profession,licence_number,name_th,name_en,national_id';
  const error = await rejection('practitioners', `${header}\nphysician,ว.90001,นพ.หนึ่ง,Dr One,3100500123457\nphysician,ว.90002,นพ.สอง,Dr Two,12345\n`);
  assert.deepEqual(error.rows.map((r) => r.line), [2, 3]);
  assert.match(error.rows[0]!.reason, /wrong check digit/);
  assert.match(error.rows[1]!.reason, /13 digits/);
  assert.ok(!JSON.stringify(error.rows).includes('3100500123457'));
});

test('one national ID on two practitioners is refused, in the file and against the registry', async () => {
  const header = 'profession,licence_number,name_th,name_en,national_id';
  const inFile = await rejection('practitioners', `${header}\nphysician,ว.91001,นพ.หนึ่ง,Dr One,3509900112237\nnurse,พ.91002,พย.สอง,Nurse Two,3509900112237\n`);
  assert.deepEqual(inFile.rows, [{ line: 3, reason: 'the same national ID is on line 2' }]);
  await t.registry.importCsv('practitioners', chunks(`${header}\nphysician,ว.91001,นพ.หนึ่ง,Dr One,3509900112237\n`));
  const inRegistry = await rejection('practitioners', `${header}\nnurse,พ.91002,พย.สอง,Nurse Two,3509900112237\n`);
  assert.deepEqual(inRegistry.rows, [{ line: 2, reason: 'the national ID belongs to another practitioner in the registry' }]);
});

test('practitioner rows check professions, duplicates per profession and memberships of unknown facilities', async () => {
  const header = 'profession,licence_number,name_th,name_en,memberships';
  const error = await rejection(
    'practitioners',
    `${header}\nwizard,X1,พ่อมด,Wizard,\nnurse,N1,พย.หนึ่ง,Nurse One,\nnurse,N1,พย.หนึ่ง,Nurse One,\nphysician,N1,นพ.หนึ่ง,Dr One,00000000000:signer\nphysician,N2,นพ.สอง,Dr Two,10110000001:owner\n`,
  );
  assert.deepEqual(error.rows.map((r) => r.line), [2, 4, 5, 6]);
  assert.match(error.rows[0]!.reason, /profession must be one of/);
  assert.match(error.rows[1]!.reason, /duplicate licence number N1 for nurse/);
  assert.match(error.rows[2]!.reason, /no facility with licence number 00000000000 is registered/);
  assert.match(error.rows[3]!.reason, /FACILITY_LICENCE:ROLE/);
});

test('a header without the required columns, or with unknown ones, is refused before any row', async () => {
  const error = await rejection('facilities', 'licence_number,kind,name,province\n1,pharmacy,x,TH-10\n');
  assert.match(error.message, /missing name_th, name_en, address; unknown name/);
  assert.match((await rejection('facilities', '')).message, /empty/);
  assert.match((await rejection('facilities', 'licence_number,kind\n')).message, /missing name_th/);
  const headerOnly = await t.registry.importCsv('facilities', chunks(`${facilitiesHeader}\n`));
  assert.equal(headerOnly.rows, 0);
});

test('property: any text or bytes either import or are rejected with line-numbered reasons, never a crash', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.array(fc.constantFrom('"', ',', '\n', '\r\n', 'a', 'ก', 'pharmacy', 'TH-10', '2020-01-01', 'active', ' '), { maxLength: 40 }).map((parts) => facilitiesHeader + '\n' + parts.join('')),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from(facilitiesHeader + '\n'), Buffer.from(bytes)])),
      ),
      async (content) => {
        try {
          await t.registry.importCsv('facilities', chunks(content));
        } catch (error) {
          assert.ok(error instanceof CsvImportRejectedError, String(error));
          for (const row of error.rows) assert.ok(Number.isInteger(row.line) && row.line >= 1 && row.reason.length > 0);
        }
      },
    ),
    { numRuns: 60 },
  );
});
