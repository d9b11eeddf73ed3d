/**
 * Bulk issuance from CSV: one certificate per row, streamed. Columns: `request_id` (optional; the
 * row's idempotency key, else a hash of the row), `patient.national_id` | `patient.passport` +
 * `patient.nationality` | `patient.work_permit`, `patient.name_th`, `patient.name_en`,
 * `patient.birth_date`, and `data.<field>` (dotted paths for nested fields, values coerced by the
 * type's schema). A failed row is reported with its line number and reason; the others go on.
 * Re-running the same file issues nothing twice.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { InvalidInputError, MedcertError } from '../errors';
import type { AcceptedCertificate, CertificateRequest, Issuance } from './issuance';
import type { CertificateTypeCatalog, JsonSchemaObject, Patient } from './ports';

export interface BulkContext {
  type: string;
  facilityId: string;
  practitionerId: string;
  actor: string;
  signNow: boolean;
}

export interface BulkReport {
  rows: number;
  issued: number;
  pending: number;
  replayed: number;
  failed: { line: number; reason: string }[];
}

export async function issueFromCsv(input: Readable, context: BulkContext, issuance: Issuance, types: CertificateTypeCatalog, onProgress?: (report: BulkReport) => void): Promise<BulkReport> {
  const schema = types.schema(context.type);
  const report: BulkReport = { rows: 0, issued: 0, pending: 0, replayed: 0, failed: [] };
  const parser = input.pipe(parse({ columns: (header: string[]) => header.map((h) => h.trim()), bom: true, skip_empty_lines: true, trim: true, info: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      report.rows += 1;
      try {
        const request = rowToRequest(record, schema, context);
        const key = record.request_id || createHash('sha256').update(JSON.stringify(record)).digest('hex');
        const accepted: AcceptedCertificate = await issuance.accept(request, { source: 'bulk', actor: context.actor, signNow: context.signNow, idempotency: { scope: `bulk:${context.facilityId}`, key } });
        if (accepted.replayed) report.replayed += 1;
        else if (accepted.status === 'issued') report.issued += 1;
        else report.pending += 1;
      } catch (error) {
        if (!(error instanceof MedcertError)) throw error;
        report.failed.push({ line: info.lines, reason: error.message });
      }
      onProgress?.(report);
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('CSV_')) {
      throw new InvalidInputError(`The CSV file cannot be read: ${(error as Error).message}`);
    }
    throw error;
  }
  return report;
}

function rowToRequest(record: Record<string, string>, schema: JsonSchemaObject, context: BulkContext): CertificateRequest {
  const patient: Patient = {
    nationalId: record['patient.national_id'] || undefined,
    passport: record['patient.passport'] ? { number: record['patient.passport'], nationality: record['patient.nationality'] ?? '' } : undefined,
    workPermit: record['patient.work_permit'] || undefined,
    nameTh: record['patient.name_th'] || undefined,
    nameEn: record['patient.name_en'] ?? '',
    birthDate: record['patient.birth_date'] || undefined,
  };
  if (!patient.nameEn) throw new InvalidInputError('The column patient.name_en is empty.');
  const data: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    if (!column.startsWith('data.') || raw === '') continue;
    const path = column.slice('data.'.length).split('.');
    setPath(data, path, coerce(raw, schemaAt(schema, path), column));
  }
  return { type: context.type, data, patient, facilityId: context.facilityId, practitionerId: context.practitionerId };
}

function schemaAt(schema: JsonSchemaObject, path: string[]): JsonSchemaObject | undefined {
  let current: JsonSchemaObject | undefined = schema;
  for (const part of path) current = current?.properties?.[part];
  return current;
}

function coerce(raw: string, schema: JsonSchemaObject | undefined, column: string): unknown {
  const types = [schema?.type ?? 'string'].flat();
  if (types.includes('string')) return raw;
  if (types.includes('integer') || types.includes('number')) {
    const value = Number(raw);
    if (!Number.isFinite(value) || (types.includes('integer') && !types.includes('number') && !Number.isInteger(value))) {
      throw new InvalidInputError(`The column ${column} must be a number.`);
    }
    return value;
  }
  if (types.includes('boolean')) {
    if (/^(true|yes|y|1|ใช่)$/i.test(raw)) return true;
    if (/^(false|no|n|0|ไม่ใช่)$/i.test(raw)) return false;
    throw new InvalidInputError(`The column ${column} must be true or false.`);
  }
  if (types.includes('array')) return raw.split(';').map((item) => item.trim()).filter(Boolean);
  return raw;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let current = target;
  for (const part of path.slice(0, -1)) {
    if (typeof current[part] !== 'object' || current[part] === null) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[path.at(-1)!] = value;
}
