/** Validates HCERT payloads against the DCC JSON schema version the payload names (ajv, draft 2020-12). */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Schema versions shipped under ./schema (eHealth Network, Apache-2.0). */
const shippedVersions = ['1.3.0'] as const;

const validators = new Map<string, ValidateFunction>();

function validatorFor(version: string): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    // The official schema is not written for ajv's strict mode (required keys under oneOf without properties).
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    addFormats(ajv, ['date', 'date-time']);
    validate = ajv.compile(JSON.parse(readFileSync(new URL(`./schema/${version}.json`, import.meta.url), 'utf8')));
    validators.set(version, validate);
  }
  return validate;
}

/**
 * The shipped schema to check a payload of version `ver` against: the same version when shipped,
 * else the newest shipped one of the same major version. 1.3.0 only relaxed or added optional
 * fields over 1.0.x-1.2.x, so older payloads that were valid stay valid under it.
 */
export function schemaVersionFor(ver: unknown): string {
  const wanted = typeof ver === 'string' ? ver : '';
  if ((shippedVersions as readonly string[]).includes(wanted)) return wanted;
  const major = wanted.split('.')[0];
  const sameMajor = shippedVersions.filter((version) => version.split('.')[0] === major);
  return sameMajor.at(-1) ?? shippedVersions.at(-1)!;
}

export interface SchemaResult {
  valid: boolean;
  /** JSON pointers and messages, for the issuer; never payload values. */
  errors: string[];
}

export function validateHcertSchema(payload: unknown): SchemaResult {
  const validate = validatorFor(schemaVersionFor((payload as { ver?: unknown } | null)?.ver));
  const valid = validate(payload);
  return { valid, errors: valid ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`) };
}
