/**
 * The EU dgc-testdata vectors (../shared/testdata/dcc from the repository root, or the folder in
 * MEDCERT_DCC_VECTORS): every stage a vector's EXPECTEDRESULTS names must come out as expected.
 * The pipeline starts from the earliest representation the vector has (PREFIX, BASE45, COMPRESSED,
 * COSE); stages the upstream README defines over other fields (picture, compression, JSON, CBOR)
 * are also checked against those fields.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'node:test';
import { cborDecoder, cborEncoder } from '../cose/sign1';
import { decodeBase45 } from './base45';
import { parseDsc } from './document-signer-certificate';
import { decompress, unprefix } from './hc1';
import { cborToJson } from './hcert';
import { readQrPng } from './qr-image';
import { validateHcertSchema } from './schema-validation';
import { trustFromCertificates } from './trust';
import { verifyDcc, type DccInput, type StageName } from './verify';

const vectorsRoot = process.env.MEDCERT_DCC_VECTORS ?? fileURLToPath(new URL('../../../shared/testdata/dcc', import.meta.url));

interface Vector {
  JSON?: unknown;
  CBOR?: string;
  COSE?: string;
  COMPRESSED?: string;
  BASE45?: string;
  PREFIX?: string;
  '2DCODE'?: string;
  TESTCTX?: { CERTIFICATE?: string; VALIDATIONCLOCK?: string };
  EXPECTEDRESULTS?: Record<string, boolean>;
}

function vectorFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return vectorFiles(path);
      return /\/2DCode\/raw\/[^/]+\.json$/.test(path) ? [path] : [];
    })
    .sort();
}

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const sameBytes = (a: Uint8Array | null, b: string | undefined) => b === undefined || (a !== null && Buffer.from(a).toString('hex') === b.toLowerCase());
/** The JSON of a vector's CBOR, which some countries give as the DCC payload and others as the whole CWT claims map. */
const cborJson = (bytes: Uint8Array) => {
  try {
    const decoded: unknown = cborDecoder.decode(bytes);
    const hcert = decoded instanceof Map && decoded.get(-260) instanceof Map ? decoded.get(-260).get(1) : decoded;
    return cborToJson(hcert);
  } catch {
    return undefined;
  }
};

/**
 * JSON equality as the upstream README asks (order-free), where two date-times name the same instant
 * in any notation: a CBOR date tag decodes to an instant, and the vector's JSON may write it with an offset.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    const dateTime = /^\d{4}-\d{2}-\d{2}T/;
    return dateTime.test(a) && dateTime.test(b) && Date.parse(a) === Date.parse(b) && !Number.isNaN(Date.parse(a));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return isDeepStrictEqual(a, b);
}

/** Upstream stage name → our stage; the others are checked against the vector's own fields. */
const pipelineStage: Record<string, StageName> = {
  EXPECTEDUNPREFIX: 'unprefix',
  EXPECTEDB45DECODE: 'b45decode',
  EXPECTEDCOMPRESSION: 'decompress',
  EXPECTEDDECODE: 'decode',
  EXPECTEDVERIFY: 'verify',
  EXPECTEDVALIDJSON: 'validJson',
  EXPECTEDSCHEMAVALIDATION: 'schema',
  EXPECTEDEXPIRATIONCHECK: 'expiration',
  EXPECTEDKEYUSAGE: 'keyUsage',
};

function checkVector(vector: Vector): string[] {
  const expected = vector.EXPECTEDRESULTS ?? {};
  let trust = trustFromCertificates([]);
  try {
    if (vector.TESTCTX?.CERTIFICATE) trust = trustFromCertificates([parseDsc(vector.TESTCTX.CERTIFICATE)]);
  } catch {
    // A vector whose DSC does not parse simply has nothing to verify against.
  }
  const at = vector.TESTCTX?.VALIDATIONCLOCK ? new Date(vector.TESTCTX.VALIDATIONCLOCK) : new Date();
  const prefixed = vector.PREFIX ?? (vector['2DCODE'] ? readQrPng(Buffer.from(vector['2DCODE'], 'base64')) : null);
  const input: DccInput | null =
    prefixed !== null ? { prefixed } : vector.BASE45 !== undefined ? { base45: vector.BASE45 } : vector.COMPRESSED ? { compressed: hex(vector.COMPRESSED) } : vector.COSE ? { cose: hex(vector.COSE) } : null;
  const result = input ? verifyDcc(input, { trust, at }) : null;

  const actual = (name: string): boolean | null | 'skip' => {
    switch (name) {
      case 'EXPECTEDPICTUREDECODE':
        // Upstream: a check whose mandatory fields the vector lacks is skipped.
        if (vector['2DCODE'] === undefined) return 'skip';
        return readQrPng(Buffer.from(vector['2DCODE'], 'base64')) === vector.PREFIX;
      case 'EXPECTEDVALIDOBJECT':
        if (vector.JSON === undefined) return 'skip';
        return validateHcertSchema(vector.JSON).valid;
      case 'EXPECTEDENCODE':
        if (vector.JSON === undefined || vector.CBOR === undefined) return 'skip';
        return sameJson(cborJson(cborEncoder.encode(vector.JSON)), cborJson(hex(vector.CBOR)));
      case 'EXPECTEDUNPREFIX':
        return stage('unprefix') && (vector.PREFIX === undefined || vector.BASE45 === undefined || unprefix(vector.PREFIX) === vector.BASE45);
      case 'EXPECTEDB45DECODE':
        return stage('b45decode') && (vector.BASE45 === undefined || sameBytes(decodeBase45(vector.BASE45), vector.COMPRESSED));
      case 'EXPECTEDCOMPRESSION':
        if (vector.COMPRESSED !== undefined) return sameBytes(decompress(hex(vector.COMPRESSED)), vector.COSE ?? '') && stage('decompress') !== false;
        return stage('decompress');
      case 'EXPECTEDDECODE':
        return stage('decode') && (vector.CBOR === undefined || sameJson(result!.payload, cborJson(hex(vector.CBOR))));
      case 'EXPECTEDVALIDJSON':
        return stage('validJson') && (vector.JSON === undefined || sameJson(result!.payload, vector.JSON));
      default:
        return pipelineStage[name] ? result?.stages[pipelineStage[name]] ?? null : null;
    }
  };
  // A stage the pipeline never reached counts as not passed.
  const stage = (name: StageName) => result?.stages[name] === true;

  return Object.entries(expected)
    .filter(([name]) => name in pipelineStage || ['EXPECTEDPICTUREDECODE', 'EXPECTEDVALIDOBJECT', 'EXPECTEDENCODE'].includes(name))
    .map(([name, want]) => [name, want, actual(name)] as const)
    .filter(([, want, got]) => got !== 'skip' && (want ? got !== true : got === true))
    .map(([name, want, got]) => `${name}: expected ${want}, got ${got} (stages ${JSON.stringify(result?.stages)})`);
}

const files = existsSync(vectorsRoot) ? vectorFiles(vectorsRoot) : [];

test('the DCC test vectors are present', () => {
  assert.ok(files.length > 0, `no vectors under ${vectorsRoot}`);
});

for (const file of files) {
  test(`vector ${file.slice(vectorsRoot.length + 1)}`, () => {
    const vector = JSON.parse(readFileSync(file, 'utf8')) as Vector;
    assert.deepEqual(checkVector(vector), []);
  });
}
