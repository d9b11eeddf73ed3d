/** Issues an EU DCC: checks the payload (schema, value sets, one entry), fills the UVCI, signs the HCERT CWT and encodes it as `HC1:`. */
import { signCoseSign1 } from '../cose/sign1';
import type { DocumentSigner } from './document-signer';
import { DccPayloadInvalidError, DccSignerUnavailableError } from './errors';
import { encodeHc1 } from './hc1';
import { encodeHcertClaims } from './hcert';
import { dccTypeOf, keyUsageAllows, type DccType } from './key-usage';
import { validateHcertSchema } from './schema-validation';
import { createUvci } from './uvci';
import { valueSetViolations, type ValueSet, type ValueSetName } from './value-set-catalog';

export const currentSchemaVersion = '1.3.0';
const day = 86_400;

/** How long each type stays valid by default; a recovery never outlives its own `du` (valid until) date. */
const defaultValiditySeconds: Record<DccType, number> = { v: 365 * day, t: 3 * day, r: 180 * day };

export interface IssueDccOptions {
  signer: DocumentSigner;
  valueSets: Record<ValueSetName, ValueSet>;
  /** CWT `iss`: the issuing country. */
  issuerCountry?: string;
  now?: Date;
  validForSeconds?: number;
}

export interface IssuedDcc {
  hc1: string;
  /** base64 of the DSC kid. */
  kid: string;
  uvci: string;
  type: DccType;
  issuedAt: Date;
  expiresAt: Date;
  payload: Record<string, unknown>;
}

export async function issueDcc(input: unknown, options: IssueDccOptions): Promise<IssuedDcc> {
  const payload = preparePayload(input, options.issuerCountry ?? 'TH');
  const type = dccTypeOf(payload)!;
  const entry = (payload[type] as Record<string, unknown>[])[0]!;
  const schema = validateHcertSchema(payload);
  // Value sets are checked only on a schema-valid entry, which is then sure to be an object.
  const problems = schema.valid ? valueSetViolations(entry, type, options.valueSets) : schema.errors;
  if (problems.length > 0) throw new DccPayloadInvalidError(`The DCC payload is not valid: ${problems.join('; ')}.`, { problems });
  if (!keyUsageAllows(options.signer.dsc.extendedKeyUsage, type)) {
    throw new DccSignerUnavailableError(`The document signer certificate may not sign ${typeNames[type]} certificates.`);
  }

  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const validFor = Math.min(options.validForSeconds ?? defaultValiditySeconds[type], recoveryLimit(entry, type, issuedAt));
  if (validFor <= 0) throw new DccPayloadInvalidError('The recovery certificate\'s "du" (valid until) date has already passed.');
  const expiresAt = issuedAt + validFor;
  const claims = encodeHcertClaims({ issuer: options.issuerCountry ?? 'TH', issuedAt, expiresAt, payload });
  const cose = await signCoseSign1(claims, options.signer.key, { kid: options.signer.dsc.kid });
  return {
    hc1: encodeHc1(cose),
    kid: Buffer.from(options.signer.dsc.kid).toString('base64'),
    uvci: entry.ci as string,
    type,
    issuedAt: new Date(issuedAt * 1000),
    expiresAt: new Date(expiresAt * 1000),
    payload,
  };
}

const typeNames: Record<DccType, string> = { v: 'vaccination', t: 'test', r: 'recovery' };

/** A copy of the input with `ver` and the entry's `ci` filled in when absent; refuses anything but an object with exactly one of v, t, r. */
function preparePayload(input: unknown, country: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new DccPayloadInvalidError('The DCC payload must be a JSON object.');
  const payload = structuredClone(input) as Record<string, unknown>;
  const type = dccTypeOf(payload);
  if (!type) throw new DccPayloadInvalidError('The DCC payload must carry exactly one of "v" (vaccination), "t" (test) or "r" (recovery).');
  payload.ver ??= currentSchemaVersion;
  const entries = payload[type];
  if (Array.isArray(entries) && entries.length === 1 && entries[0] !== null && typeof entries[0] === 'object') {
    const entry = entries[0] as Record<string, unknown>;
    entry.ci ??= createUvci({ country: /^[A-Z]{2}$/.test(country) ? country : 'TH' });
  }
  return payload;
}

/** Seconds from `issuedAt` to the end of a recovery's `du` day; unlimited for other types. */
function recoveryLimit(entry: Record<string, unknown>, type: DccType, issuedAt: number): number {
  if (type !== 'r' || typeof entry.du !== 'string') return Number.POSITIVE_INFINITY;
  const until = Date.parse(`${entry.du}T23:59:59Z`) / 1000;
  return Number.isFinite(until) ? Math.max(0, until - issuedAt) : Number.POSITIVE_INFINITY;
}
