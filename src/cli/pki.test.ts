import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { UsageError } from '../errors';
import { InvalidCertificateError } from '../pki/errors';
import { createAppContext } from '../server/context';
import { captureOutput, useCliDataDir } from '../test-support/cli-data-dir';
import { certificatePem } from '../test-support/pki';
import { requireTool } from '../test-support/tools';
import { run } from './pki';

const dataDir = useCliDataDir('pki-cli');
const file = (name: string) => path.join(dataDir, name);
const openssl = (args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });

describe('medcert pki', () => {
  it('init creates the CA chain once and says so in JSON', async () => {
    const first = await captureOutput(() => run(['init', '--json']));
    assert.equal(first.code, 0);
    const chain = JSON.parse(first.out);
    assert.equal(chain.created, true);
    assert.equal(chain.algorithm, 'ECDSA-P256');
    assert.match(chain.issuing.subject, /Issuing CA/);
    const second = await captureOutput(() => run(['init', '--json']));
    assert.equal(JSON.parse(second.out).created, false);
  });

  it('csr for the issuing CA, signed by an external CA, imports back and then issues under the external root', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const csr = await captureOutput(() => run(['csr', '--for', 'issuing', '--out', file('issuing.csr'), '--json']));
    assert.equal(csr.code, 0);
    const checked = openssl(['req', '-in', file('issuing.csr'), '-noout', '-verify', '-subject']);
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stdout + checked.stderr, /Issuing CA/);

    // A stand-in for the licensed CA: its own root, signing our request as a CA certificate.
    assert.equal(openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('ext.key'), '-out', file('ext.pem'), '-subj', '/C=TH/O=Licensed CA/CN=Licensed Root', '-days', '3650']).status, 0);
    fs.writeFileSync(file('ca.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    const signed = openssl(['x509', '-req', '-in', file('issuing.csr'), '-CA', file('ext.pem'), '-CAkey', file('ext.key'), '-CAcreateserial', '-days', '1825', '-extfile', file('ca.ext'), '-out', file('issuing.pem')]);
    assert.equal(signed.status, 0, signed.stderr);
    fs.writeFileSync(file('bundle.pem'), fs.readFileSync(file('issuing.pem'), 'utf8') + fs.readFileSync(file('ext.pem'), 'utf8'));

    const imported = await captureOutput(() => run(['import', '--cert', file('bundle.pem'), '--json']));
    assert.equal(imported.code, 0);
    assert.equal(JSON.parse(imported.out).kind, 'issuing-ca');

    const database = await openDatabase({ dataDir });
    try {
      const ctx = await createAppContext(loadConfig(), database);
      const identity = await ctx.pki.identityForPractitioner({ id: 'after-import', nameEn: 'Dr After', nameTh: 'หมอ', licenceNumber: 'MD-9' });
      assert.equal(identity.chain.length, 2);
      fs.writeFileSync(file('leaf.pem'), certificatePem(identity.certificate));
      const verified = openssl(['verify', '-CAfile', file('ext.pem'), '-untrusted', file('issuing.pem'), file('leaf.pem')]);
      assert.equal(verified.status, 0, verified.stderr);
      assert.equal((await ctx.pki.trustAnchors()).length, 2);
    } finally {
      await database.close();
    }
  });

  it('import refuses a certificate for a key it never generated (exit 2)', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    await assert.rejects(run(['import', '--cert', file('ext.pem')]), (error: unknown) => error instanceof InvalidCertificateError && error.exitCode === 2);
    fs.writeFileSync(file('garbage.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    await assert.rejects(run(['import', '--cert', file('garbage.pem')]), InvalidCertificateError);
  });

  it('reports usage mistakes as usage errors', async () => {
    await assert.rejects(run([]), UsageError);
    await assert.rejects(run(['init', '--algorithm', 'dsa']), UsageError);
    await assert.rejects(run(['csr', '--for', 'root', '--out', file('x.csr')]), UsageError);
    await assert.rejects(run(['csr', '--for', 'facility', '--out', file('x.csr')]), UsageError);
    await assert.rejects(run(['import']), UsageError);
    await assert.rejects(run(['import', '--cert', file('missing.pem')]), (error: unknown) => (error as { exitCode?: number }).exitCode === 2);
  });
});
