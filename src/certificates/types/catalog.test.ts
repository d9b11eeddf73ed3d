import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { defaultTypesDir, InvalidTypeDefinitionError, loadCertificateTypes } from './catalog';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-types-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A types directory holding copies of the shipped types `ids`, each changed by `edit` (file name → parsed JSON). */
function typesDirWith(name: string, ids: string[], edit: (id: string, file: string, json: Record<string, unknown>) => void = () => {}): string {
  const directory = path.join(scratch, name);
  for (const id of ids) {
    const source = path.join(defaultTypesDir, id.replace(/-copy$/, ''));
    fs.mkdirSync(path.join(directory, id), { recursive: true });
    for (const file of fs.readdirSync(source)) {
      const text = fs.readFileSync(path.join(source, file), 'utf8');
      if (!file.endsWith('.json')) fs.writeFileSync(path.join(directory, id, file), text);
      else {
        const json = JSON.parse(text) as Record<string, unknown>;
        edit(id, file, json);
        fs.writeFileSync(path.join(directory, id, file), JSON.stringify(json));
      }
    }
  }
  return directory;
}

test('every shipped type loads, each with Thai and English labels for every field and every row column', () => {
  const types = loadCertificateTypes();
  for (const id of ['lab-result', 'medical-checkup', 'covid-home-isolation', 'covid-infection', 'driving-licence-medical', 'doctor-opinion', 'foreign-worker-checkup', 'atk-test', 'rt-pcr-test', 'sick-leave']) {
    assert.ok(types.ids().includes(id), id);
  }
  const lab = types.get('lab-result');
  assert.deepEqual(lab.labels.fields['tests.referenceRange'], { th: 'ค่าอ้างอิง', en: 'Reference range' });
});

test('a new type is a new folder, with no code change', () => {
  const types = loadCertificateTypes(typesDirWith('added', ['sick-leave', 'sick-leave-copy']));
  assert.deepEqual(types.ids(), ['sick-leave', 'sick-leave-copy']);
  types.validate('sick-leave-copy', types.get('sick-leave-copy').example.data);
});

test('a type folder missing a label, or with a schema that does not compile, stops start-up naming the folder and what is wrong', () => {
  const withoutColumnLabel = typesDirWith('no-column-label', ['lab-result'], (_id, file, json) => {
    if (file === 'labels.json') delete (json.fields as Record<string, unknown>)['tests.unit'];
  });
  assert.throws(() => loadCertificateTypes(withoutColumnLabel), (error: Error) => error instanceof InvalidTypeDefinitionError && /types\/lab-result .*no Thai and English label for tests\.unit/.test(error.message));
  const withoutFieldLabel = typesDirWith('no-field-label', ['sick-leave'], (_id, file, json) => {
    if (file === 'labels.json') (json.fields as Record<string, { th?: string }>).days!.th = '';
  });
  assert.throws(() => loadCertificateTypes(withoutFieldLabel), /no Thai and English label for days/);
  const brokenSchema = typesDirWith('broken-schema', ['sick-leave'], (_id, file, json) => {
    if (file === 'schema.json') json.type = 'no-such-type';
  });
  assert.throws(() => loadCertificateTypes(brokenSchema), /types\/sick-leave is invalid: schema\.json does not compile/);
});
