/** The Station's count of bulk CSV rows for its progress bar matches what the server will read (src/certificates/bulk-csv.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countCsvRows } from '../../web/src/station/csv-rows';

test('rows are counted as csv-parse reads them: quoted line breaks stay in their field, empty lines and the BOM are skipped', async () => {
  const csv = [
    '\uFEFFpatient.national_id,patient.name_en,data.diagnosis',
    '1101700203450,Namfon Tangjaidee,"Influenza A',
    'with fever"',
    '',
    '3100600112237,"Somchai ""Chai"" Jaidee",Common cold',
    '',
  ].join('\r\n');
  assert.equal(await countCsvRows(csv), 2);
  assert.equal(await countCsvRows('patient.national_id\n'), 0);
  assert.equal(await countCsvRows('a,b\n"unclosed,1\n'), 0, 'a file that does not parse counts 0: the server reports it');
});
