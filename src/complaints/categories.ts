/** Complaint categories as data (categories.json): a stable id for counting and Thai and English names, checked on load. */
import fs from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ConfigurationError } from '../errors';

const CategorySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }),
    names: Type.Object({ th: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
const CategoriesFile = Type.Object({ categories: Type.Array(CategorySchema, { minItems: 1 }) }, { additionalProperties: false });

export type ComplaintCategory = Static<typeof CategorySchema>;

export const defaultCategoriesFile = new URL('./categories.json', import.meta.url);

export function loadComplaintCategories(file: URL | string = defaultCategoriesFile): ComplaintCategory[] {
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Value.Check(CategoriesFile, data)) {
    const first = [...Value.Errors(CategoriesFile, data)][0];
    throw new ConfigurationError(`The complaint categories file is malformed at ${first?.path || '/'}: ${first?.message ?? 'invalid'}.`);
  }
  const ids = data.categories.map((c) => c.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new ConfigurationError(`The complaint category "${repeated}" is listed twice.`);
  return data.categories;
}
