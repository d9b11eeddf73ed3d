import assert from 'node:assert/strict';
import { constants, createPublicKey, verify } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import * as graphene from 'graphene-pk11';
import type { DatabaseHandle } from '../db/database';
import { createTestDatabase } from '../test-support/database';
import { certificatePem } from '../test-support/pki';
import { hasTool, requireTool } from '../test-support/tools';
import { loadConfig } from '../config';
import { ConfigurationError } from '../errors';
import { createConfiguredPkiService, RoutedKeyStore } from './configured';
import { Pkcs11Error } from './errors';
import { deriveKeyEncryptionKey } from './key-encryption-key';
import { SoftwareKeyStore } from './software-key-store';
import * as x509 from './x509';
import { Pkcs11KeyStore } from './pkcs11-key-store';
import { PkiService } from './service';

const library = '/usr/lib/softhsm/libsofthsm2.so';
const pin = '1234';
let dir: string;
let database: DatabaseHandle;
let store: Pkcs11KeyStore | undefined;

before(async () => {
  database = await createTestDatabase();
  if (!hasTool('softhsm2-util')) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-softhsm-'));
  fs.mkdirSync(path.join(dir, 'tokens'));
  const conf = path.join(dir, 'softhsm2.conf');
  fs.writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  // SoftHSM2 reads its configuration from the environment when the module initializes.
  process.env.SOFTHSM2_CONF = conf;
  const init = spawnSync('softhsm2-util', ['--init-token', '--free', '--label', 'medcert-test', '--pin', pin, '--so-pin', '5678'], { encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  store = Pkcs11KeyStore.open(database.db, { library, tokenLabel: 'medcert-test', pin });
});
after(async () => {
  store?.close();
  await database.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const data = new TextEncoder().encode('signed on the token');
const spkiKey = (spki: Uint8Array) => createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
const ready = (t: TestContext): boolean => requireTool(t, 'softhsm2-util') && store !== undefined;

describe('Pkcs11KeyStore on SoftHSM2', () => {
  it('generates a P-256 key on the token and signs (CKM_ECDSA over SHA-256), verified by node:crypto', async (t) => {
    if (!ready(t)) return;
    const key = await store!.generate('ec-key', 'ECDSA-P256');
    const signature = await key.sign(data);
    assert.equal(signature.length, 64);
    assert.ok(verify('sha256', data, { key: spkiKey(await key.publicKeySpki()), dsaEncoding: 'ieee-p1363' }, signature));
  });

  it('generates an RSA-3072 key and signs PKCS#1 v1.5 and PSS', async (t) => {
    if (!ready(t)) return;
    const key = await store!.generate('rsa-key', 'RSA-3072');
    const publicKey = spkiKey(await key.publicKeySpki());
    assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, 3072);
    assert.ok(verify('sha256', data, publicKey, await key.sign(data)));
    assert.ok(verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, await key.sign(data, { padding: 'pss' })));
  });

  it('keeps private keys sensitive and non-extractable on the token', async (t) => {
    if (!ready(t)) return;
    const key = await store!.generate('locked', 'ECDSA-P256');
    // Same process, same library: the store's login already covers a new session (and finalizing would end the store's).
    const module = graphene.Module.load(library, 'inspect');
    module.initialize();
    const session = module.getSlots(0).open(graphene.SessionFlag.SERIAL_SESSION);
    const found = session.find({ class: graphene.ObjectClass.PRIVATE_KEY, id: Buffer.from(key.id.replaceAll('-', ''), 'hex') });
    assert.equal(found.length, 1);
    const attributes = found.items(0).getAttribute({ sensitive: null, extractable: null, token: null });
    assert.deepEqual(attributes, { sensitive: true, extractable: false, token: true });
    session.close();
  });

  it('finds a key again by id from a fresh store', async (t) => {
    if (!ready(t)) return;
    const key = await store!.generate('again', 'ECDSA-P256');
    const reopened = await Pkcs11KeyStore.open(database.db, { library, tokenLabel: 'medcert-test', pin }).get(key.id);
    assert.ok(verify('sha256', data, { key: spkiKey(await key.publicKeySpki()), dsaEncoding: 'ieee-p1363' }, await reopened.sign(data)));
  });

  it('runs the CA on the token: openssl verifies a practitioner chain signed by token keys', async (t) => {
    if (!ready(t) || !requireTool(t, 'openssl')) return;
    const pki = new PkiService({ db: database.db, keyStore: store!, publicBaseUrl: 'https://medcert.example' });
    await pki.ensureInitialized();
    const identity = await pki.identityForPractitioner({ id: 'hsm-doctor', nameEn: 'Dr HSM', nameTh: 'หมอ', licenceNumber: 'MD-1' });
    const files = ['leaf', 'issuing', 'root'].map((name) => path.join(dir, `${name}.pem`));
    [identity.certificate, ...identity.chain].forEach((der, index) => fs.writeFileSync(files[index]!, certificatePem(der)));
    const result = spawnSync('openssl', ['verify', '-CAfile', files[2]!, '-untrusted', files[1]!, files[0]!], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('is chosen by MEDCERT_PKCS11_MODULE, and keys made in software before stay usable', async (t) => {
    if (!ready(t)) return;
    const config = loadConfig({ MEDCERT_KEK: 'configured test KEK' });
    const earlier = await new SoftwareKeyStore(database.db, deriveKeyEncryptionKey('configured test KEK')).generate('before the token', 'ECDSA-P256');
    const env = { MEDCERT_PKCS11_MODULE: library, MEDCERT_PKCS11_TOKEN: 'medcert-test', MEDCERT_PKCS11_PIN: pin };
    const service = createConfiguredPkiService(config, database.db, { env });
    const identity = await service.issueCertificate({ subject: new x509.Name('CN=Configured, C=TH'), ownerKind: 'other', ownerId: 'configured' });
    const { store } = await database.db.selectFrom('pki_keys').select('store').where('id', '=', identity.key.id).executeTakeFirstOrThrow();
    assert.equal(store, 'pkcs11');
    const routed = new RoutedKeyStore(database.db, Pkcs11KeyStore.open(database.db, { library, tokenLabel: 'medcert-test', pin }), new SoftwareKeyStore(database.db, deriveKeyEncryptionKey('configured test KEK')));
    assert.ok(verify('sha256', data, { key: spkiKey(await earlier.publicKeySpki()), dsaEncoding: 'ieee-p1363' }, await (await routed.get(earlier.id)).sign(data)));
    assert.throws(() => createConfiguredPkiService(config, database.db, { env: { MEDCERT_PKCS11_MODULE: library } }), ConfigurationError);
  });

  it('reports an unknown token as a typed error', (t) => {
    if (!ready(t)) return;
    assert.throws(() => Pkcs11KeyStore.open(database.db, { library, tokenLabel: 'no-such-token', pin }), Pkcs11Error);
  });
});
