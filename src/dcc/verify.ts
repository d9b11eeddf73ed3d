/**
 * The staged DCC verification pipeline (stage names follow the dgc-testdata expected results). It
 * never throws on malformed input: the failing stage is false and the stages it blocks stay null.
 */
import { decodeCoseSign1, verifyCoseSign1, type CoseSign1 } from '../cose/sign1';
import { decodeBase45 } from './base45';
import type { DocumentSignerCertificate } from './document-signer-certificate';
import { decompress, unprefix } from './hc1';
import { cborToJson, cwtClaim, decodeHcertClaims } from './hcert';
import { dccTypeOf, keyUsageAllows } from './key-usage';
import { validateHcertSchema } from './schema-validation';
import type { DscTrust } from './trust';

export const stageNames = ['unprefix', 'b45decode', 'decompress', 'decode', 'verify', 'validJson', 'schema', 'expiration', 'keyUsage'] as const;
export type StageName = (typeof stageNames)[number];
export type Stages = Record<StageName, boolean | null>;

export interface DccVerification {
  valid: boolean;
  stages: Stages;
  payload: Record<string, unknown> | null;
  /** The DSC whose key verified the signature, when one did. */
  signer: DocumentSignerCertificate | null;
}

export interface VerifyOptions {
  trust: DscTrust;
  /** The validation clock. */
  at: Date;
}

/** Where the input enters the pipeline: the full `HC1:` string, or (for test vectors) a later representation. */
export type DccInput = { prefixed: unknown } | { base45: string } | { compressed: Uint8Array } | { cose: Uint8Array };

export function verifyHc1(hc1: unknown, options: VerifyOptions): DccVerification {
  return verifyDcc({ prefixed: hc1 }, options);
}

export function verifyDcc(input: DccInput, options: VerifyOptions): DccVerification {
  const stages: Stages = { unprefix: null, b45decode: null, decompress: null, decode: null, verify: null, validJson: null, schema: null, expiration: null, keyUsage: null };
  const entry = entryStage(input);
  const result = (payload: Record<string, unknown> | null = null, signer: DocumentSignerCertificate | null = null): DccVerification => ({
    valid: stageNames.slice(stageNames.indexOf(entry)).every((name) => stages[name] === true),
    stages,
    payload,
    signer,
  });

  let base45 = 'base45' in input ? input.base45 : null;
  if ('prefixed' in input) {
    base45 = unprefix(input.prefixed);
    stages.unprefix = base45 !== null;
    if (base45 === null) return result();
  }
  let compressed = 'compressed' in input ? input.compressed : null;
  if (base45 !== null) {
    compressed = decodeBase45(base45);
    stages.b45decode = compressed !== null;
    if (compressed === null) return result();
  }
  let cose = 'cose' in input ? input.cose : null;
  if (compressed !== null) {
    cose = decompress(compressed);
    stages.decompress = cose !== null;
    if (cose === null) return result();
  }

  let message: CoseSign1;
  try {
    message = decodeCoseSign1(cose!);
  } catch {
    // Without a COSE structure there is no signature that could verify.
    stages.decode = false;
    stages.verify = false;
    return result();
  }
  const decoded = decodeHcertClaims(message.payload);
  stages.decode = decoded !== null;
  const signer = options.trust.candidates(message.kid).find((dsc) => verifyCoseSign1(message, dsc.publicKey)) ?? null;
  stages.verify = signer !== null;
  if (decoded === null) return result(null, signer);

  const json = cborToJson(decoded.hcert);
  const payload = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  stages.validJson = payload !== null;
  stages.expiration = withinValidity(decoded.claims, options.at);
  if (payload === null) return result(null, signer);

  stages.schema = validateHcertSchema(payload).valid;
  if (signer) {
    const type = dccTypeOf(payload);
    stages.keyUsage = type !== null && keyUsageAllows(signer.extendedKeyUsage, type);
  }
  return result(payload, signer);
}

function entryStage(input: DccInput): StageName {
  if ('prefixed' in input) return 'unprefix';
  if ('base45' in input) return 'b45decode';
  if ('compressed' in input) return 'decompress';
  return 'decode';
}

/** Issued at or before the clock, and not yet expired; a CWT without an expiry is not accepted. */
function withinValidity(claims: Map<unknown, unknown>, at: Date): boolean {
  const seconds = at.getTime() / 1000;
  if (Number.isNaN(seconds)) return false;
  const issuedAt = claims.get(cwtClaim.iat);
  const expiresAt = claims.get(cwtClaim.exp);
  if (typeof expiresAt !== 'number' || seconds > expiresAt) return false;
  return issuedAt === undefined || (typeof issuedAt === 'number' && issuedAt <= seconds);
}
