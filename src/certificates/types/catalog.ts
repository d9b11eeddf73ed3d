/**
 * Certificate types as data: every folder of types/ is one type (schema.json, labels.json,
 * example.json, template.typ, type.json). The catalog loads them all at start-up and refuses to
 * start on a broken one, naming the folder: the schema must compile, the labels must cover every
 * field and the example must validate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ConfigurationError, InvalidInputError, NotFoundError } from '../../errors';
import type { Profession } from '../../registry/tables';
import type { CertificateTypeCatalog, JsonSchemaObject, Patient } from '../ports';
import { euDccMappingProblems, type EuDccMapping } from '../travel-dcc';

export const defaultTypesDir = fileURLToPath(new URL('../../../types/', import.meta.url));

type Bilingual = { th: string; en: string };

export interface CertificateTypeDefinition {
  id: string;
  names: Bilingual;
  schema: JsonSchemaObject;
  labels: { fields: Record<string, Bilingual>; statement?: Bilingual; values?: Record<string, Record<string, Bilingual>> };
  signatures: ('practitioner' | 'facility')[];
  professions: Profession[];
  template: string;
  example: { patient: Patient; data: Record<string, unknown> };
  /** How the type's data becomes an EU DCC for travel use; absent for types that cannot carry one. */
  euDcc?: EuDccMapping;
}

/** Travel use was asked for a type that cannot carry an EU DCC. */
export class TravelUseUnavailableError extends InvalidInputError {
  static override code = 'ERR_TRAVEL_USE_UNAVAILABLE';
}

/** The data does not fit the certificate type's schema. */
export class CertificateDataInvalidError extends InvalidInputError {
  static override code = 'ERR_CERTIFICATE_DATA_INVALID';
}

/** No certificate type has this id. */
export class UnknownCertificateTypeError extends NotFoundError {
  static override code = 'ERR_UNKNOWN_CERTIFICATE_TYPE';
}

/** A folder under types/ is not a valid type definition. */
export class InvalidTypeDefinitionError extends ConfigurationError {
  static override code = 'ERR_INVALID_TYPE_DEFINITION';
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function loadCertificateTypes(directory = defaultTypesDir) {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const types = new Map<string, { definition: CertificateTypeDefinition; validate: ValidateFunction }>();
  for (const id of fs.readdirSync(directory).sort()) {
    const folder = path.join(directory, id);
    if (!fs.statSync(folder).isDirectory()) continue;
    const { definition, validate } = loadOne(ajv, id, folder);
    types.set(id, { definition, validate });
  }

  function entry(id: string) {
    const found = types.get(id);
    if (!found) throw new UnknownCertificateTypeError(`Unknown certificate type "${String(id).slice(0, 64)}".`);
    return found;
  }

  const catalog = {
    ids: (): string[] => [...types.keys()],
    get: (id: string): CertificateTypeDefinition => entry(id).definition,
    schema: (id: string): JsonSchemaObject => entry(id).definition.schema,
    carriesEuDcc: (id: string): boolean => entry(id).definition.euDcc !== undefined,
    validate(id: string, data: unknown): void {
      const { validate } = entry(id);
      if (!validate(data)) {
        const problems = (validate.errors ?? []).map((e) => `${e.instancePath || 'data'} ${e.message}`);
        throw new CertificateDataInvalidError(`The ${id} data is invalid: ${problems.join('; ')}.`, { errors: problems });
      }
    },
  } satisfies CertificateTypeCatalog & Record<string, unknown>;
  return catalog;
}

export type CertificateTypes = ReturnType<typeof loadCertificateTypes>;

function loadOne(ajv: Ajv, id: string, folder: string): { definition: CertificateTypeDefinition; validate: ValidateFunction } {
  const fail = (why: string): never => {
    throw new InvalidTypeDefinitionError(`Certificate type folder types/${id} is invalid: ${why}.`);
  };
  if (!/^[a-z][a-z0-9-]{1,63}$/.test(id)) fail('the folder name must be a lower-case id like sick-leave');
  const read = (file: string): unknown => {
    try {
      return JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
    } catch (error) {
      return fail(`${file} is missing or not JSON (${(error as Error).message})`);
    }
  };
  const schema = read('schema.json') as JsonSchemaObject;
  const labels = read('labels.json') as CertificateTypeDefinition['labels'] & { names?: Bilingual };
  const type = read('type.json') as { signatures?: unknown; professions?: unknown; euDcc?: unknown };
  const example = read('example.json') as CertificateTypeDefinition['example'];
  let template = '';
  try {
    template = fs.readFileSync(path.join(folder, 'template.typ'), 'utf8');
  } catch {
    fail('template.typ is missing');
  }

  let validate: ValidateFunction | undefined;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    fail(`schema.json does not compile (${(error as Error).message})`);
  }
  if (schema.type !== 'object' || !schema.properties) fail('schema.json must describe an object with properties');
  if (!labels.names?.th || !labels.names?.en) fail('labels.json needs names.th and names.en');
  // Every field, and every column of a field that is a list of rows (labelled `field.column`), has a Thai and an English label.
  const labelled = Object.entries(schema.properties!).flatMap(([field, property]) => [field, ...Object.keys((property as JsonSchemaObject).items?.properties ?? {}).map((column) => `${field}.${column}`)]);
  const unlabelled = labelled.filter((field) => !labels.fields?.[field]?.th || !labels.fields[field]!.en);
  if (unlabelled.length > 0) fail(`labels.json has no Thai and English label for ${unlabelled.join(', ')}`);
  const signatures = type.signatures as CertificateTypeDefinition['signatures'];
  if (!Array.isArray(signatures) || signatures.length === 0 || !signatures.every((s) => s === 'practitioner' || s === 'facility')) fail('type.json signatures must list practitioner and/or facility');
  if (!Array.isArray(type.professions) || type.professions.length === 0) fail('type.json must list the professions that may sign');
  if (!example?.patient || !example.data) fail('example.json needs "patient" and "data"');
  if (!validate!(example.data)) fail(`example.json data does not validate: ${ajv.errorsText(validate!.errors)}`);
  const dccProblems = type.euDcc === undefined ? [] : euDccMappingProblems(type.euDcc, Object.keys(schema.properties!));
  if (dccProblems.length > 0) fail(`type.json: ${dccProblems.join('; ')}`);

  return {
    validate: validate!,
    definition: {
      id,
      names: labels.names!,
      schema,
      labels: { fields: labels.fields, statement: labels.statement, values: labels.values },
      signatures,
      professions: type.professions as Profession[],
      template,
      example,
      ...(type.euDcc === undefined ? {} : { euDcc: type.euDcc as EuDccMapping }),
    },
  };
}
