/**
 * The issuing form, generated from a certificate type's JSON Schema: which control each field gets,
 * the checks the schema implies (with the message key to show in Thai or English), and the typed
 * data the form's text values become. The server validates again with the same schema.
 */
import type { JsonSchema } from './types';
import type { StationMessages } from './messages';

export type FieldKind = 'date' | 'datetime' | 'enum' | 'integer' | 'number' | 'boolean' | 'text' | 'longtext' | 'rows';

export type Row = Record<string, string>;
export type FieldValue = string | boolean | Row[];
export type FormValues = Record<string, FieldValue>;

export interface FieldError {
  key: keyof StationMessages;
  n?: number;
}

function types(schema: JsonSchema): string[] {
  return [schema.type ?? 'string'].flat();
}

export function fieldKind(schema: JsonSchema): FieldKind {
  const kinds = types(schema);
  if (kinds.includes('array')) return 'rows';
  if (kinds.includes('boolean')) return 'boolean';
  if (kinds.includes('integer')) return 'integer';
  if (kinds.includes('number')) return 'number';
  if (schema.enum) return 'enum';
  if (schema.format === 'date') return 'date';
  if (schema.format === 'date-time') return 'datetime';
  return (schema.maxLength ?? 0) > 200 ? 'longtext' : 'text';
}

export function emptyValue(schema: JsonSchema): FieldValue {
  const kind = fieldKind(schema);
  if (kind === 'boolean') return false;
  if (kind === 'rows') return [emptyRow(schema)];
  return '';
}

export function emptyRow(schema: JsonSchema): Row {
  return Object.fromEntries(Object.keys(schema.items?.properties ?? {}).map((key) => [key, '']));
}

export function initialValues(schema: JsonSchema): FormValues {
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([field, fieldSchema]) => [field, emptyValue(fieldSchema)]));
}

/** The first problem with one text value, or null; `required` applies only to empty values. */
export function checkText(schema: JsonSchema, value: string, required: boolean): FieldError | null {
  const text = value.trim();
  if (text === '') return required ? { key: schema.enum ? 'errEnum' : 'errRequired' } : null;
  const kind = fieldKind(schema);
  if (kind === 'integer' || kind === 'number') {
    const number = Number(text);
    if (!Number.isFinite(number)) return { key: 'errNumber' };
    if (kind === 'integer' && !Number.isInteger(number)) return { key: 'errInteger' };
    if (schema.minimum !== undefined && number < schema.minimum) return { key: 'errMinimum', n: schema.minimum };
    if (schema.maximum !== undefined && number > schema.maximum) return { key: 'errMaximum', n: schema.maximum };
    return null;
  }
  if (kind === 'date' && !isDate(text)) return { key: 'errDate' };
  if (kind === 'datetime' && Number.isNaN(new Date(text).getTime())) return { key: 'errDate' };
  if (schema.enum && !schema.enum.includes(text)) return { key: 'errEnum' };
  if (schema.minLength !== undefined && [...text].length < schema.minLength) return { key: 'errMinLength', n: schema.minLength };
  if (schema.maxLength !== undefined && [...text].length > schema.maxLength) return { key: 'errMaxLength', n: schema.maxLength };
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(text)) return { key: 'errPattern' };
  return null;
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Every problem in the form, keyed `field` or `field.row.column` for table rows. */
export function validateForm(schema: JsonSchema, values: FormValues): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  const required = new Set(schema.required ?? []);
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    const value = values[field];
    if (Array.isArray(value)) {
      const rows = value.filter((row) => Object.values(row).some((cell) => cell.trim() !== ''));
      if (rows.length < (fieldSchema.minItems ?? (required.has(field) ? 1 : 0))) errors[field] = { key: 'errMinItems', n: fieldSchema.minItems ?? 1 };
      const itemRequired = new Set(fieldSchema.items?.required ?? []);
      value.forEach((row, index) => {
        if (!Object.values(row).some((cell) => cell.trim() !== '')) return;
        for (const [column, columnSchema] of Object.entries(fieldSchema.items?.properties ?? {})) {
          const problem = checkText(columnSchema, row[column] ?? '', itemRequired.has(column));
          if (problem) errors[`${field}.${index}.${column}`] = problem;
        }
      });
    } else if (typeof value === 'string') {
      const problem = checkText(fieldSchema, value, required.has(field));
      if (problem) errors[field] = problem;
    }
  }
  return errors;
}

/** The typed data the form stands for: empty optional fields left out, numbers as numbers, local date-times as ISO instants. */
export function toData(schema: JsonSchema, values: FormValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    const value = values[field];
    if (typeof value === 'boolean') data[field] = value;
    else if (Array.isArray(value)) {
      const rows = value
        .filter((row) => Object.values(row).some((cell) => cell.trim() !== ''))
        .map((row) => Object.fromEntries(Object.entries(row).filter(([, cell]) => cell.trim() !== '').map(([column, cell]) => [column, typed(fieldSchema.items?.properties?.[column] ?? {}, cell.trim())])));
      if (rows.length > 0) data[field] = rows;
    } else if (typeof value === 'string' && value.trim() !== '') data[field] = typed(fieldSchema, value.trim());
  }
  return data;
}

function typed(schema: JsonSchema, text: string): unknown {
  const kind = fieldKind(schema);
  if (kind === 'integer' || kind === 'number') return Number(text);
  if (kind === 'datetime') return new Date(text).toISOString();
  return text;
}

/** The Thai national ID check digit (DESIGN.md section 3). */
export function isThaiNationalId(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 12)].reduce((total, digit, index) => total + Number(digit) * (13 - index), 0);
  return (11 - (sum % 11)) % 10 === Number(digits[12]);
}
