import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { certificatePem, createTestPki, type TestPki } from '../test-support/pki';
import { requireTool } from '../test-support/tools';
import { CertificateNotFoundError, MalformedOcspRequestError, MalformedTimestampRequestError, UnknownCaError } from './errors';
import * as pkijs from 'pkijs';
import { generateInMemorySigningKey } from '../cose/in-memory-signing-key';
import { bufferSource } from './buffer-source';
import { issueCertificate, keyUsage } from './certificate-authority';
import { createOcspRequest } from './ocsp-responder';
import { PkiService } from './service';
import { SoftwareKeyStore } from './software-key-store';
import { licenceNumberOf } from './subjects';
import * as x509 from './x509';

let pki: TestPki;
let dir: string;

const write = (name: string, data: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};
const openssl = (args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });

before(async () => {
  pki = await createTestPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-pki-'));
  write('root.pem', certificatePem(pki.rootCertificate));
  write('issuing.pem', certificatePem(pki.issuingCertificate));
});
after(async () => {
  await pki.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('certificates', () => {
  it('chain the practitioner and the facility seal to the root (openssl verify)', (t) => {
    if (!requireTool(t, 'openssl')) return;
    const leaf = write('leaf.pem', certificatePem(pki.practitioner.certificate));
    const seal = write('seal.pem', certificatePem(pki.facility.certificate));
    const result = openssl(['verify', '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'issuing.pem'), leaf, seal]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /leaf\.pem: OK/);
    assert.match(result.stdout, /seal\.pem: OK/);
  });

  it('give the identity its issuer chain, issuing CA first', () => {
    assert.deepEqual(pki.practitioner.chain.map((der) => Buffer.from(der).toString('hex')), [pki.issuingCertificate, pki.rootCertificate].map((der) => Buffer.from(der).toString('hex')));
  });

  it('name the practitioner in English and Thai with the licence number, for signing only', () => {
    const certificate = new x509.X509Certificate(new Uint8Array(pki.practitioner.certificate));
    assert.equal(certificate.subjectName.getField('CN')[0], 'Dr Somchai Jaidee');
    assert.equal(certificate.subjectName.getField('2.5.4.41')[0], 'นพ.สมชาย ใจดี');
    assert.equal(certificate.subjectName.getField('2.5.4.5')[0], 'ว.12345');
    assert.equal(certificate.subjectName.getField('C')[0], 'TH');
    assert.equal(licenceNumberOf(pki.practitioner.certificate), 'ว.12345');
    const usage = certificate.getExtension(x509.KeyUsagesExtension);
    assert.equal(usage?.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    assert.equal(certificate.getExtension(x509.BasicConstraintsExtension)?.ca, false);
    const aia = certificate.getExtension(x509.AuthorityInfoAccessExtension);
    assert.deepEqual(aia?.ocsp.map((name) => name.value), ['http://127.0.0.1:8080/pki/ocsp']);
    assert.deepEqual(aia?.caIssuers.map((name) => name.value), ['http://127.0.0.1:8080/pki/ca/issuing.cer']);
  });

  it('sign with the certified key', async () => {
    const data = new TextEncoder().encode('medical certificate');
    const signature = await pki.practitioner.key.sign(data);
    const certificate = new x509.X509Certificate(new Uint8Array(pki.practitioner.certificate));
    const publicKey = await certificate.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']);
    assert.ok(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, bufferSource(signature), data));
  });

  it('reuse the practitioner identity instead of issuing a second certificate', async () => {
    const again = await pki.service.identityForPractitioner({ id: 'test-practitioner', nameEn: 'Dr Somchai Jaidee', nameTh: 'นพ.สมชาย ใจดี', licenceNumber: 'MD-12345' });
    assert.deepEqual(again.certificate, pki.practitioner.certificate);
  });

  it('are refused by openssl when expired', (t) => {
    if (!requireTool(t, 'openssl')) return;
    const result = openssl(['verify', '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'issuing.pem'), write('expired.pem', certificatePem(pki.expired.certificate))]);
    assert.notEqual(result.status, 0);
    assert.match(result.stdout + result.stderr, /expired/);
  });

  it('from the untrusted root do not verify against ours', (t) => {
    if (!requireTool(t, 'openssl')) return;
    const impostor = write('impostor.pem', pki.untrusted.signer.chain.map(certificatePem).join('') + certificatePem(pki.untrusted.signer.certificate));
    const result = openssl(['verify', '-CAfile', path.join(dir, 'root.pem'), '-untrusted', impostor, write('impostor-leaf.pem', certificatePem(pki.untrusted.signer.certificate))]);
    assert.notEqual(result.status, 0);
  });

  it('issue one certificate when the first signatures of a practitioner arrive together', async () => {
    const doctor = { id: 'together', nameEn: 'Dr Together', nameTh: 'หมอ', licenceNumber: 'ว.777' };
    const identities = await Promise.all(Array.from({ length: 5 }, () => pki.service.identityForPractitioner(doctor)));
    assert.equal(new Set(identities.map((identity) => Buffer.from(identity.certificate).toString('hex'))).size, 1);
    const rows = await pki.database.db.selectFrom('pki_certificates').select('id').where('owner_id', '=', 'together').execute();
    assert.equal(rows.length, 1);
  });

  it('give a practitioner a new key and certificate after the old one is revoked', async () => {
    const doctor = { id: 'reissued', nameEn: 'Dr Again', nameTh: 'หมอ', licenceNumber: 'ว.778' };
    const first = await pki.service.identityForPractitioner(doctor);
    await pki.revoke(first, 'keyCompromise');
    const second = await pki.service.identityForPractitioner(doctor);
    assert.notDeepEqual(second.certificate, first.certificate);
    assert.notEqual(second.key.id, first.key.id);
  });

  it('give a platform service (the trust-list signer) one signing identity', async () => {
    const identity = await pki.service.identityForPlatformService('trust-list', 'medcert Trust List Signer');
    const certificate = new x509.X509Certificate(new Uint8Array(identity.certificate));
    assert.equal(certificate.subjectName.getField('CN')[0], 'medcert Trust List Signer');
    assert.equal(certificate.getExtension(x509.KeyUsagesExtension)?.usages, x509.KeyUsageFlags.digitalSignature);
    assert.deepEqual((await pki.service.identityForPlatformService('trust-list', 'medcert Trust List Signer')).certificate, identity.certificate);
  });

  it('issue with extra extended key usages through the generic path', async () => {
    const dsc = await pki.service.issueCertificate({ subject: new x509.Name('CN=DSC, C=TH'), ownerKind: 'document-signer', ownerId: 'dsc-1', extendedKeyUsages: ['1.3.6.1.4.1.1847.2021.1.2'] });
    const usage = new x509.X509Certificate(new Uint8Array(dsc.certificate)).getExtension(x509.ExtendedKeyUsageExtension);
    assert.deepEqual([...(usage?.usages ?? [])], ['1.3.6.1.4.1.1847.2021.1.2']);
  });
});

describe('OCSP', () => {
  it('answers good, then revoked with the reason after revocation (openssl ocsp -verify)', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const identity = await pki.issuePractitioner({ id: 'ocsp-subject' });
    const check = async () => {
      const response = await pki.revocation.ocsp(identity.certificate, pki.issuingCertificate);
      assert.ok(response);
      const result = openssl(['ocsp', '-respin', write('response.der', response), '-CAfile', path.join(dir, 'root.pem'), '-issuer', path.join(dir, 'issuing.pem'), '-sha256', '-cert', write('subject.pem', certificatePem(identity.certificate)), '-resp_text']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /Response verify OK/);
      return result.stdout;
    };
    assert.match(await check(), /subject\.pem: good/);
    await pki.revoke(identity, 'keyCompromise');
    const revoked = await check();
    assert.match(revoked, /subject\.pem: revoked/);
    assert.match(revoked, /Reason: keyCompromise/);
  });

  it('echoes the nonce of an openssl-made request', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const request = path.join(dir, 'request.der');
    const made = openssl(['ocsp', '-issuer', path.join(dir, 'issuing.pem'), '-cert', write('facility.pem', certificatePem(pki.facility.certificate)), '-reqout', request]);
    assert.equal(made.status, 0, made.stderr);
    const response = await pki.service.respondToOcsp(new Uint8Array(fs.readFileSync(request)));
    // With -reqin (and no -cert) openssl checks the response's nonce against that request's.
    const result = openssl(['ocsp', '-respin', write('facility-response.der', response), '-reqin', request, '-CAfile', path.join(dir, 'root.pem'), '-resp_text']);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /Response verify OK/);
    assert.match(result.stdout, /Cert Status: good/);
  });

  it('answers unauthorized for a certificate whose issuer it does not run', async () => {
    const outsider = generateInMemorySigningKey();
    const outsiderRoot = await issueCertificate({ subject: new x509.Name('CN=Outsider, C=TH'), publicKey: await outsider.publicKeySpki(), selfKey: outsider, notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000), keyUsages: keyUsage.keyCertSign, ca: {} });
    const response = await pki.service.respondToOcsp(await createOcspRequest(outsiderRoot, outsiderRoot));
    assert.equal(pkijs.OCSPResponse.fromBER(bufferSource(response)).responseStatus.valueBlock.valueDec, 6);
    assert.equal(await pki.revocation.ocsp(outsiderRoot, outsiderRoot), undefined);
  });

  it('rejects a body that is not an OCSP request with a typed error', async () => {
    await assert.rejects(pki.service.respondToOcsp(new Uint8Array([1, 2, 3])), MalformedOcspRequestError);
    await assert.rejects(pki.service.respondToOcsp(new Uint8Array(0)), MalformedOcspRequestError);
  });
});

describe('CRL', () => {
  it('lists revoked certificates with reasons and a nextUpdate (openssl crl)', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const identity = await pki.issuePractitioner({ id: 'crl-subject' });
    await pki.revoke(identity, 'superseded');
    const crl = await pki.service.crl('issuing');
    const file = write('issuing.crl', crl);
    const text = openssl(['crl', '-inform', 'DER', '-in', file, '-noout', '-text', '-CAfile', path.join(dir, 'issuing.pem')]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stderr, /verify OK/);
    assert.match(text.stdout, /Next Update: /);
    const serial = new x509.X509Certificate(new Uint8Array(identity.certificate)).serialNumber.toUpperCase();
    assert.match(text.stdout, new RegExp(`Serial Number: ${serial}[\\s\\S]*?Superseded`));
  });

  it('makes openssl reject a revoked certificate with -crl_check', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const identity = await pki.issuePractitioner({ id: 'crl-check' });
    await pki.revoke(identity);
    const crl = write('check.crl', await pki.service.crl('issuing'));
    const pemCrl = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', crl]);
    const result = openssl(['verify', '-crl_check', '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'issuing.pem'), '-CRLfile', write('check.crl.pem', pemCrl), write('revoked.pem', certificatePem(identity.certificate))]);
    assert.notEqual(result.status, 0);
    assert.match(result.stdout + result.stderr, /revoked/);
  });

  it('refuses an unknown CA name', async () => {
    await assert.rejects(pki.service.crl('nope'), UnknownCaError);
    await assert.rejects(pki.service.crl('../etc'), UnknownCaError);
  });

  it('refuses to revoke a serial it never issued', async () => {
    await assert.rejects(pki.service.revoke('0abc', 'keyCompromise'), CertificateNotFoundError);
  });
});

describe('TSA', () => {
  it('issues tokens openssl ts -verify accepts, with timeStamping critical on the TSA certificate', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const data = write('data.bin', 'document bytes');
    const query = path.join(dir, 'query.tsq');
    assert.equal(openssl(['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query]).status, 0);
    const reply = write('reply.tsr', await pki.service.respondToTimestampRequest(new Uint8Array(fs.readFileSync(query))));
    const text = openssl(['ts', '-reply', '-in', reply, '-text']);
    assert.match(text.stdout, /Status: Granted/);
    assert.match(text.stdout, /Nonce: 0x/);
    const verified = openssl(['ts', '-verify', '-in', reply, '-queryfile', query, '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'issuing.pem')]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /Verification: OK/);
  });

  it('time-stamps a SHA-256 digest in process (openssl ts -verify -digest)', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const digest = new Uint8Array(32).fill(0xab);
    const token = write('token.der', await pki.tsa.timestamp(digest));
    const verified = openssl(['ts', '-verify', '-token_in', '-in', token, '-digest', Buffer.from(digest).toString('hex'), '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'issuing.pem')]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  });

  it('rejects malformed requests and wrong-length digests with typed errors', async () => {
    await assert.rejects(pki.service.respondToTimestampRequest(new TextEncoder().encode('not a request')), MalformedTimestampRequestError);
    await assert.rejects(pki.tsa.timestamp(new Uint8Array(20)), MalformedTimestampRequestError);
  });
});

describe('request parsing (properties)', () => {
  const mutated = (valid: Uint8Array) =>
    fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.nat({ max: valid.length })).map(([at, value, cut]) => {
      const copy = valid.slice(0, Math.max(cut, at + 1));
      copy[at] = value;
      return copy;
    });
  const onlyTyped = async (action: Promise<unknown>, errorClass: new (...args: never[]) => Error) => {
    try {
      await action;
    } catch (error) {
      if (!(error instanceof errorClass)) throw error;
    }
  };

  it('an OCSP body is answered or refused as malformed, never anything else', async () => {
    const valid = await createOcspRequest(pki.facility.certificate, pki.issuingCertificate);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated(valid)), (body) => onlyTyped(pki.service.respondToOcsp(body), MalformedOcspRequestError)),
      { numRuns: 150 },
    );
  });

  it('a time-stamp query is answered or refused as malformed, never anything else', async () => {
    const digest = Buffer.alloc(32, 1).toString('hex');
    const query = path.join(dir, 'property.tsq');
    spawnSync('openssl', ['ts', '-query', '-digest', digest, '-sha256', '-out', query]);
    const valid = fs.existsSync(query) ? new Uint8Array(fs.readFileSync(query)) : new Uint8Array([0x30, 0x00]);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated(valid)), (body) => onlyTyped(pki.service.respondToTimestampRequest(body), MalformedTimestampRequestError)),
      { numRuns: 150 },
    );
  });
});

describe('ensureInitialized', () => {
  it('creates one chain when two nodes start at once', async () => {
    const kek = randomBytes(32);
    const node = () => new PkiService({ db: pki.database.db, keyStore: new SoftwareKeyStore(pki.database.db, kek), publicBaseUrl: 'https://medcert.example', caNames: { root: 'race-root', issuing: 'race-issuing' } });
    const [a, b] = await Promise.all([node().ensureInitialized(), node().ensureInitialized()]);
    assert.equal(a.root.serial, b.root.serial);
    assert.equal(a.issuing.serial, b.issuing.serial);
    assert.deepEqual([a.created, b.created].sort(), [false, true]);
  });
});

describe('RSA hierarchy', () => {
  it('issues an RSA-3072 chain openssl verifies', async (t) => {
    if (!requireTool(t, 'openssl')) return;
    const rsa = new PkiService({ db: pki.database.db, keyStore: new SoftwareKeyStore(pki.database.db, randomBytes(32)), publicBaseUrl: 'https://medcert.example', caNames: { root: 'rsa-root', issuing: 'rsa-issuing' } });
    assert.equal((await rsa.ensureInitialized({ algorithm: 'RSA-3072' })).algorithm, 'RSA-3072');
    const identity = await rsa.identityForFacility({ id: 'rsa-facility', nameEn: 'RSA Hospital', nameTh: 'โรงพยาบาล', licenceNumber: '999' });
    assert.equal(identity.key.algorithm, 'RSA-3072');
    const [leaf, issuing, root] = ['rsa-leaf', 'rsa-issuing', 'rsa-root'].map((name, index) => write(`${name}.pem`, certificatePem([identity.certificate, ...identity.chain][index]!)));
    const result = openssl(['verify', '-CAfile', root!, '-untrusted', issuing!, leaf!]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(openssl(['x509', '-in', leaf!, '-noout', '-text']).stdout, /sha256WithRSAEncryption[\s\S]*Public-Key: \(3072 bit\)/);
  });
});
