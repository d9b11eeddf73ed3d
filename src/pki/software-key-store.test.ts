import assert from 'node:assert/strict';
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { KeyNotFoundError, KeyUnwrapError } from './errors';
import { SoftwareKeyStore } from './software-key-store';

let database: DatabaseHandle;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

const data = new TextEncoder().encode('to be signed');
const publicKeyOf = async (spki: Uint8Array) => createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });

describe('SoftwareKeyStore', () => {
  it('signs with ECDSA P-256 in IEEE P1363 form, verifiable by node:crypto', async () => {
    const key = await new SoftwareKeyStore(database.db, randomBytes(32)).generate('ecdsa', 'ECDSA-P256');
    const signature = await key.sign(data);
    assert.equal(signature.length, 64);
    assert.ok(verify('sha256', data, { key: await publicKeyOf(await key.publicKeySpki()), dsaEncoding: 'ieee-p1363' }, signature));
  });

  it('signs with RSA-3072 in PKCS#1 v1.5 and PSS', async () => {
    const key = await new SoftwareKeyStore(database.db, randomBytes(32)).generate('rsa', 'RSA-3072');
    const publicKey = await publicKeyOf(await key.publicKeySpki());
    assert.ok(verify('sha256', data, publicKey, await key.sign(data)));
    assert.ok(verify('sha256', data, { key: publicKey, padding: 6, saltLength: 32 }, await key.sign(data, { padding: 'pss' })));
  });

  it('stores the key wrapped, never the PKCS#8 in clear', async () => {
    const key = await new SoftwareKeyStore(database.db, randomBytes(32)).generate('wrapped', 'ECDSA-P256');
    const row = await database.db.selectFrom('pki_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.equal(row.store, 'software');
    assert.ok(row.wrapped && row.wrapped.length > 100);
    // A P-256 PKCS#8 starts with this header; the wrapped form must not contain it.
    assert.equal(Buffer.from(row.wrapped).indexOf(Buffer.from('308187020100301306072a8648ce3d0201', 'hex')), -1);
  });

  it('unwraps a stored key in a new store under the same KEK', async () => {
    const kek = randomBytes(32);
    const key = await new SoftwareKeyStore(database.db, kek).generate('reload', 'ECDSA-P256');
    const reloaded = await new SoftwareKeyStore(database.db, kek).get(key.id);
    assert.ok(verify('sha256', data, { key: await publicKeyOf(await key.publicKeySpki()), dsaEncoding: 'ieee-p1363' }, await reloaded.sign(data)));
  });

  it('refuses to unwrap under a wrong KEK with a clear error', async () => {
    const key = await new SoftwareKeyStore(database.db, randomBytes(32)).generate('wrong-kek', 'ECDSA-P256');
    await assert.rejects(new SoftwareKeyStore(database.db, randomBytes(32)).get(key.id), (error: unknown) => error instanceof KeyUnwrapError && /MEDCERT_KEK/.test(error.message));
  });

  it('refuses a wrapped key moved onto another row', async () => {
    const kek = randomBytes(32);
    const store = new SoftwareKeyStore(database.db, kek);
    const [a, b] = [await store.generate('a', 'ECDSA-P256'), await store.generate('b', 'ECDSA-P256')];
    const { wrapped } = await database.db.selectFrom('pki_keys').select('wrapped').where('id', '=', a.id).executeTakeFirstOrThrow();
    await database.db.updateTable('pki_keys').set({ wrapped }).where('id', '=', b.id).execute();
    await assert.rejects(new SoftwareKeyStore(database.db, kek).get(b.id), KeyUnwrapError);
  });

  it('reports an unknown key id as not found', async () => {
    await assert.rejects(new SoftwareKeyStore(database.db, randomBytes(32)).get('00000000-0000-4000-8000-000000000000'), KeyNotFoundError);
  });
});
