import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { PkiService } from '../pki/service';
import { SoftwareKeyStore } from '../pki/software-key-store';
import { createScratchDatabase } from '../test-support/database';
import { openDatabase, type DatabaseHandle } from './database';
import { acrossPostgresProcesses, withinOneProcess, type ExclusiveSection } from './exclusive-section';

// Separate connection pools stand for separate processes: the lock must hold across them, which only PostgreSQL has.
const serverUrl = process.env.MEDCERT_TEST_DATABASE_URL;

describe('exclusive sections across processes', { skip: serverUrl ? false : 'needs PostgreSQL (MEDCERT_TEST_DATABASE_URL)' }, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let handles: DatabaseHandle[];
  before(async () => {
    scratch = await createScratchDatabase(serverUrl!);
    handles = [await openDatabase({ databaseUrl: scratch.url }), await openDatabase({ databaseUrl: scratch.url })];
  });
  after(async () => {
    await Promise.all(handles.map((handle) => handle.close()));
    await scratch.drop();
  });

  test('sections of one name run one after the other; sections of other names run alongside', async () => {
    const [first, second] = [acrossPostgresProcesses(scratch.url), acrossPostgresProcesses(scratch.url)];
    const timeline: string[] = [];
    const section = (exclusive: ExclusiveSection, name: string, label: string) =>
      exclusive(name, async () => {
        timeline.push(`${label} in`);
        await setTimeout(150);
        timeline.push(`${label} out`);
        return label;
      });
    assert.deepEqual(await Promise.all([section(first, 'same', 'a'), section(second, 'same', 'b')]), ['a', 'b']);
    assert.ok(['a in,a out,b in,b out', 'b in,b out,a in,a out'].includes(timeline.join(',')), timeline.join(','));
    timeline.length = 0;
    await Promise.all([section(first, 'one', 'c'), section(second, 'other', 'd')]);
    assert.deepEqual(timeline.slice(0, 2).sort(), ['c in', 'd in']);
  });

  test('a section whose work fails releases the name', async () => {
    const exclusive = acrossPostgresProcesses(scratch.url);
    await assert.rejects(exclusive('failing', async () => Promise.reject(new Error('work failed'))), /work failed/);
    assert.equal(await exclusive('failing', async () => 'next'), 'next');
  });

  test('two processes signing for a new practitioner at once give them one identity, where unguarded they would get two', async () => {
    const kek = randomBytes(32);
    const pkiOf = (handle: DatabaseHandle, exclusive: ExclusiveSection) => new PkiService({ db: handle.db, keyStore: new SoftwareKeyStore(handle.db, kek), publicBaseUrl: 'https://medcert.example', exclusive });
    await pkiOf(handles[0]!, withinOneProcess).ensureInitialized();
    const practitioner = (id: string) => ({ id, nameEn: 'Dr Kanya Srisuk', nameTh: 'พญ. กัญญา ศรีสุข', licenceNumber: `ว.${id.slice(0, 5)}`, organization: 'Example Hospital' });
    const certificatesWhenBothSign = async (exclusive: () => ExclusiveSection) => {
      const owner = randomUUID();
      const identities = await Promise.all(handles.map((handle) => pkiOf(handle, exclusive()).identityForPractitioner(practitioner(owner))));
      const stored = await handles[0]!.db.selectFrom('pki_certificates').select('serial').where('owner_kind', '=', 'practitioner').where('owner_id', '=', owner).execute();
      return { certificates: new Set(identities.map((identity) => Buffer.from(identity.certificate).toString('hex'))).size, stored: stored.length };
    };
    assert.deepEqual(await certificatesWhenBothSign(() => acrossPostgresProcesses(scratch.url)), { certificates: 1, stored: 1 });
    // The race the section closes, made certain: both processes looked before either created, and each creates one.
    let arrived = 0;
    let bothArrived: () => void;
    const together = new Promise<void>((resolve) => (bothArrived = resolve));
    const unguarded: ExclusiveSection = async (_name, work) => {
      if (++arrived === 2) bothArrived();
      await together;
      return work();
    };
    assert.deepEqual(await certificatesWhenBothSign(() => unguarded), { certificates: 2, stored: 2 });
  });
});
