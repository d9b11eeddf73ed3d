/**
 * `medcert pki init|csr|import`: creates the CA chain, writes a CSR for a licensed external CA, and
 * takes the signed certificate back (checking that it certifies a key generated here).
 */
import fs from 'node:fs';
import { InvalidInputError, UsageError } from '../errors';
import { bufferSource } from '../pki/buffer-source';
import type { KeyAlgorithm } from '../pki/key-store';
import * as x509 from '../pki/x509';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

const usage = 'Usage: medcert pki init [--algorithm ecdsa|rsa] [--json] | pki csr --for issuing|facility [--facility ID] --out FILE.csr [--json] | pki import --cert FILE.pem [--json].';
const algorithms: Record<string, KeyAlgorithm> = { ecdsa: 'ECDSA-P256', rsa: 'RSA-3072' };

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'init') return init(rest);
  if (subcommand === 'csr') return csr(rest);
  if (subcommand === 'import') return importCertificate(rest);
  throw new UsageError(usage);
}

async function init(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { algorithm: { type: 'string', default: 'ecdsa' }, json: { type: 'boolean', default: false } });
  const algorithm = algorithms[values.algorithm];
  if (!algorithm) throw new UsageError('--algorithm must be ecdsa or rsa.');
  const chain = await withContext((ctx) => ctx.pki.ensureInitialized({ algorithm }));
  if (values.json) printJson(chain);
  else console.log(chain.created ? `Created the CA chain (${chain.algorithm}): ${chain.issuing.subject}, under ${chain.root.subject}.` : `The CA chain already exists (${chain.algorithm}): ${chain.issuing.subject}.`);
  return 0;
}

async function csr(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { for: { type: 'string' }, facility: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false } });
  if (!values.out) throw new UsageError('--out FILE.csr is required.');
  if (values.for !== 'issuing' && values.for !== 'facility') throw new UsageError('--for must be issuing or facility.');
  if (values.for === 'facility' && !values.facility) throw new UsageError('--for facility needs --facility ID.');
  if (values.for === 'issuing' && values.facility) throw new UsageError('--facility only goes with --for facility.');
  const out = values.out;
  const result = await withContext(async (ctx) => {
    const target = values.for === 'facility' ? { kind: 'facility' as const, facility: await ctx.registry.getFacility(values.facility!) } : { kind: 'issuing' as const };
    return ctx.pki.createCertificateRequest(target);
  });
  fs.writeFileSync(out, `${x509.PemConverter.encode(bufferSource(result.csr), 'CERTIFICATE REQUEST')}\n`);
  if (values.json) printJson({ keyId: result.keyId, out });
  else console.log(`Wrote the certificate request to ${out}; after the CA signs it, run: medcert pki import --cert FILE.pem`);
  return 0;
}

async function importCertificate(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { cert: { type: 'string' }, json: { type: 'boolean', default: false } });
  if (!values.cert) throw new UsageError('--cert FILE.pem is required.');
  const bundle = readCertificates(values.cert);
  const imported = await withContext((ctx) => ctx.pki.importCertificate(bundle));
  if (values.json) printJson(imported);
  else console.log(`Imported the ${imported.kind === 'issuing-ca' ? 'issuing CA' : 'facility e-seal'} certificate ${imported.serial} issued by ${imported.issuer}.`);
  return 0;
}

/** The certificates of a PEM file (leaf first), or the one certificate of a DER file. */
function readCertificates(file: string): Uint8Array[] {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch {
    throw new InvalidInputError(`Cannot read the certificate file ${file}.`);
  }
  const text = content.toString('latin1');
  if (!text.includes('-----BEGIN')) return [new Uint8Array(content)];
  const blocks = x509.PemConverter.decodeWithHeaders(text).filter((block) => block.type === 'CERTIFICATE');
  if (blocks.length === 0) throw new InvalidInputError(`${file} holds no PEM certificate.`);
  return blocks.map((block) => new Uint8Array(block.rawData));
}
