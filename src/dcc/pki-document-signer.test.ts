import { strict as assert } from 'node:assert';
import { randomBytes, X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PkiService } from '../pki/service';
import { SoftwareKeyStore } from '../pki/software-key-store';
import { createTestDatabase } from '../test-support/database';
import { requireTool } from '../test-support/tools';
import { issueDcc } from './issue';
import { pkiDocumentSigner } from './pki-document-signer';
import { samplePayloads } from './sample-payloads';
import { trustFromCertificates } from './trust';
import { loadValueSets } from './value-set-catalog';
import { verifyHc1 } from './verify';

const database = await createTestDatabase();
const keyStore = new SoftwareKeyStore(database.db, randomBytes(32));
const pki = new PkiService({ db: database.db, keyStore, publicBaseUrl: 'http://127.0.0.1:8080' });
await pki.ensureInitialized();
after(() => database.close());

test('the PKI issues a DSC with the DCC key usages once, finds it again, and DCCs signed with it verify', async () => {
  const signer = await pkiDocumentSigner({ pki, db: database.db, keyStore }, { types: ['t'], ownerId: 'dcc-tests' });
  const again = await pkiDocumentSigner({ pki, db: database.db, keyStore }, { types: ['t'], ownerId: 'dcc-tests' });
  assert.deepEqual(again.dsc.der, signer.dsc.der);
  assert.deepEqual(signer.dsc.extendedKeyUsage, ['1.3.6.1.4.1.1847.2021.1.1']);

  const issued = await issueDcc(samplePayloads.t, { signer: again, valueSets: loadValueSets(), now: new Date('2026-01-10T08:00:00Z') });
  const result = verifyHc1(issued.hc1, { trust: trustFromCertificates([signer.dsc]), at: new Date('2026-01-10T09:00:00Z') });
  assert.equal(result.valid, true);
});

test('openssl chains the DSC to our issuing and root CAs and reads the DCC test OID', async (t) => {
  if (!requireTool(t, 'openssl')) return;
  const signer = await pkiDocumentSigner({ pki, db: database.db, keyStore }, { types: ['t'], ownerId: 'dcc-tests' });
  const dir = mkdtempSync(join(tmpdir(), 'dcc-pki-'));
  const pem = (der: Uint8Array) => new X509Certificate(der).toString();
  writeFileSync(join(dir, 'dsc.pem'), pem(signer.dsc.der));
  writeFileSync(join(dir, 'root.pem'), pem(await pki.caCertificate('root')));
  writeFileSync(join(dir, 'issuing.pem'), pem(await pki.caCertificate('issuing')));
  const verified = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'issuing.pem'), '-purpose', 'any', join(dir, 'dsc.pem')], { encoding: 'utf8' });
  assert.match(verified.stdout, /OK/, verified.stderr);
  const text = spawnSync('openssl', ['x509', '-in', join(dir, 'dsc.pem'), '-noout', '-text'], { encoding: 'utf8' }).stdout;
  assert.match(text, /1\.3\.6\.1\.4\.1\.1847\.2021\.1\.1/);
});
