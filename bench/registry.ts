/**
 * `npm run bench -- registry [--facilities N] [--practitioners N] [--duration S] [--concurrency C]`:
 * seeds the registry (15,000 facilities, 200,000 practitioners by default) in a scratch database —
 * in-memory PGlite, or a fresh database on the DATABASE_URL server, dropped after — serves it over
 * HTTP on a random port and drives the public lookup with autocannon, one JSON line per case.
 */
import autocannon from 'autocannon';
import { parseOptions } from '../src/cli/options';
import { loadConfig } from '../src/config';
import { openDatabase, type DatabaseHandle } from '../src/db/database';
import { buildApp } from '../src/server/app';
import { createAppContext } from '../src/server/context';
import { createTestDatabase } from '../src/test-support/database';

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, {
    facilities: { type: 'string', default: '15000' },
    practitioners: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '10' },
    n: { type: 'string' },
  });
  const facilities = Number(values.facilities);
  const practitioners = Number(values.practitioners);
  const concurrency = Number(values.concurrency);
  const database = await openScratchDatabase();
  const seedStarted = performance.now();
  await seed(database, facilities, practitioners);
  const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));

  const app = await buildApp(await createAppContext(loadConfig(), database), { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const sampleIds = (await database.executeSql(`SELECT id FROM facilities ORDER BY licence_number LIMIT 200`)).rows.map((r) => (r as { id: string }).id);
  const pick = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => ({ method: 'GET' as const, path: make(i) }));
  const cases: Record<string, autocannon.Request[]> = {
    // A citizen types part of a clinic's distinctive name (a few matches) or a common word (thousands of matches).
    'facility-search-en': pick(100, (i) => `/api/v1/registry/facilities?q=${encodeURIComponent(nameFragment(englishSyllables, (i * 131) % facilities))}`),
    'facility-search-th': pick(100, (i) => `/api/v1/registry/facilities?q=${encodeURIComponent(nameFragment(thaiSyllables, (i * 131) % facilities))}`),
    'facility-search-common-word': pick(12, (i) => `/api/v1/registry/facilities?q=${encodeURIComponent([...kindNames.th, ...kindNames.en][i]!)}`),
    'facility-search-province': pick(77, (i) => `/api/v1/registry/facilities?province=${provinceCode(i)}`),
    'facility-licence': pick(200, (i) => `/api/v1/registry/facilities?licence=${facilityLicence((i * 71) % facilities)}`),
    'facility-page': sampleIds.map((id) => ({ method: 'GET' as const, path: `/api/v1/registry/facilities/${id}` })),
    'practitioner-licence': pick(200, (i) => `/api/v1/registry/practitioners?licence=${encodeURIComponent(practitionerLicence((i * 997) % practitioners))}`),
  };
  // Concurrency 1 measures a lookup's own latency; the higher one, throughput with queueing.
  for (const [name, requests] of Object.entries(cases)) for (const connections of [...new Set([1, concurrency])]) {
    const result = await autocannon({ url, connections, duration: Number(values.duration), requests });
    console.log(
      JSON.stringify({
        bench: 'registry',
        case: name,
        n: result.requests.total,
        concurrency: connections,
        opsPerSec: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        engine: database.engine,
        facilities,
        practitioners,
        errors: result.errors,
        non2xx: result.non2xx,
        seedSeconds,
      }),
    );
  }
  await app.close();
  await database.close();
}

// DATABASE_URL names a server; the bench works in a database of its own there so it never touches real data.
async function openScratchDatabase(): Promise<DatabaseHandle> {
  if (!process.env.DATABASE_URL) return openDatabase({ memory: true });
  process.env.MEDCERT_TEST_DATABASE_URL = process.env.DATABASE_URL;
  return createTestDatabase();
}

// Names are built from syllables (40³ combinations) so that, as in the real registry, a distinctive fragment matches few facilities.
const thaiSyllables = ['สุข', 'ใจ', 'ดี', 'รักษ์', 'ศรี', 'เจริญ', 'พร', 'ชัย', 'มงคล', 'ทอง', 'แก้ว', 'สมบูรณ์', 'วัฒนา', 'ประชา', 'ราษฎร์', 'บุญ', 'นิมิต', 'สิริ', 'กมล', 'ธารา', 'ภูมิ', 'เวช', 'การุณ', 'เมตตา', 'อารีย์', 'ปัญญา', 'วิทย์', 'ศิลป์', 'นคร', 'กรุง', 'สยาม', 'ล้านนา', 'อีสาน', 'ทักษิณ', 'บูรพา', 'ธนา', 'พัฒน์', 'อุดม', 'ไพศาล', 'รุ่งเรือง'];
const englishSyllables = ['suk', 'jai', 'dee', 'rak', 'sri', 'charoen', 'porn', 'chai', 'mongkol', 'thong', 'kaew', 'somboon', 'wattana', 'pracha', 'rat', 'boon', 'nimit', 'siri', 'kamol', 'thara', 'phum', 'vej', 'karun', 'metta', 'aree', 'panya', 'wit', 'silp', 'nakorn', 'krung', 'siam', 'lanna', 'isan', 'taksin', 'burapha', 'thana', 'phat', 'udom', 'paisal', 'rungrueang'];
const kindNames = {
  th: ['โรงพยาบาลรัฐ', 'โรงพยาบาล', 'คลินิกเวชกรรม', 'คลินิกทันตกรรม', 'คลินิกเทคนิคการแพทย์', 'ร้านยา'],
  en: ['Public Hospital', 'Hospital', 'Medical Clinic', 'Dental Clinic', 'Medtech Clinic', 'Pharmacy'],
};

/** Two of facility i's three name syllables: what someone remembering the name would type. */
function nameFragment(syllables: string[], i: number): string {
  return syllables[Math.floor(i / 40) % 40]! + syllables[Math.floor(i / 1600) % 40]!;
}
const kinds = ['public_hospital', 'private_hospital', 'medical_clinic', 'dental_clinic', 'medtech_clinic', 'pharmacy'];
const professionPrefixes = { physician: 'ว.', dentist: 'ท.', medical_technologist: 'ทน.', pharmacist: 'ภ.', nurse: 'พ.' };
const numberedProvinces = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, ...range(30, 49), ...range(50, 58), ...range(60, 67), ...range(70, 77), ...range(80, 86), ...range(90, 96)];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
function provinceCode(i: number): string {
  return `TH-${numberedProvinces[i % numberedProvinces.length]}`;
}
function facilityLicence(i: number): string {
  return `F${String(i).padStart(8, '0')}`;
}
function practitionerLicence(i: number): string {
  return `${Object.values(professionPrefixes)[i % 5]}${i}`;
}

const sqlArray = (values: readonly (string | number)[]) => `ARRAY[${values.map((v) => (typeof v === 'number' ? v : `'${v}'`)).join(',')}]`;

/** Set-based inserts (generate_series): the same SQL seeds PGlite and PostgreSQL in seconds. */
export async function seed(database: DatabaseHandle, facilities: number, practitioners: number): Promise<void> {
  const statements = [
    `INSERT INTO facilities (licence_number, kind, name_th, name_en, province, address, joined_at, free_until)
     SELECT 'F' || lpad(i::text, 8, '0'),
            (${sqlArray(kinds)})[1 + i % 6],
            (${sqlArray(kindNames.th)})[1 + i % 6] || ' ' || th[1 + i % 40] || th[1 + (i / 40) % 40] || th[1 + (i / 1600) % 40],
            initcap(en[1 + i % 40] || en[1 + (i / 40) % 40] || en[1 + (i / 1600) % 40]) || ' ' || (${sqlArray(kindNames.en)})[1 + i % 6],
            'TH-' || (${sqlArray(numberedProvinces)})[1 + i % ${numberedProvinces.length}],
            i || ' Bench Road', now() - (i % 700) * interval '1 day', now() - (i % 700) * interval '1 day' + interval '2 years'
     FROM generate_series(0, ${facilities - 1}) AS i, (SELECT ${sqlArray(thaiSyllables)} AS th, ${sqlArray(englishSyllables)} AS en) AS words`,
    `INSERT INTO facility_licence_status (facility_id, status, effective_from) SELECT id, 'active', '2015-01-01' FROM facilities`,
    `INSERT INTO facility_licence_status (facility_id, status, effective_from) SELECT id, 'suspended', '2025-06-01' FROM facilities WHERE licence_number LIKE '%7'`,
    `INSERT INTO practitioners (profession, licence_number, name_th, name_en)
     SELECT (ARRAY['physician','dentist','medical_technologist','pharmacist','nurse'])[1 + i % 5],
            (${sqlArray(Object.values(professionPrefixes))})[1 + i % 5] || i,
            'ผู้ประกอบวิชาชีพ ' || i, 'Practitioner ' || i
     FROM generate_series(0, ${practitioners - 1}) AS i`,
    `INSERT INTO practitioner_licence_status (practitioner_id, status, effective_from) SELECT id, 'active', '2012-01-01' FROM practitioners`,
    `INSERT INTO practitioner_specialties (practitioner_id, specialty) SELECT id, (ARRAY['Internal Medicine','Pediatrics','Surgery','Orthodontics','Cardiology'])[1 + abs(hashtext(id::text)) % 5] FROM practitioners`,
    `INSERT INTO memberships (facility_id, practitioner_id, role)
     SELECT f.id, p.id, CASE WHEN p.n % 3 = 0 THEN 'staff' ELSE 'signer' END
     FROM (SELECT id, row_number() OVER (ORDER BY licence_number) AS n FROM practitioners) p
     JOIN (SELECT id, row_number() OVER (ORDER BY licence_number) - 1 AS n FROM facilities) f ON f.n = p.n % ${facilities}`,
    `ANALYZE`,
  ];
  for (const statement of statements) await database.executeSql(statement);
}
