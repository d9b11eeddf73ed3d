/**
 * The EU DCC payload a COVID-19 certificate carries for travel, built from the type's `euDcc` mapping
 * (type.json): each DCC entry field is a constant, a field of the certificate's data (optionally mapped
 * to a value-set code, shifted by days, or cut to a length), or a field of the facility.
 */
import type { Patient } from './ports';

type Source = string | { field: string; map?: Record<string, string>; plusDays?: number; maxLength?: number } | { facility: 'nameEn' | 'nameTh' };

export interface EuDccMapping {
  /** t: test, r: recovery (vaccination certificates are not issued from these types). */
  kind: 't' | 'r';
  entry: Record<string, Source>;
}

export interface TravelDccInput {
  mapping: EuDccMapping;
  data: Record<string, unknown>;
  patient: Patient;
  facility: { nameEn: string; nameTh: string };
}

/** Problems with a type's `euDcc` mapping, checked when the catalog loads (empty when it is usable). */
export function euDccMappingProblems(mapping: unknown, fields: string[]): string[] {
  if (!mapping || typeof mapping !== 'object') return ['euDcc must be an object'];
  const { kind, entry } = mapping as Partial<EuDccMapping>;
  const problems: string[] = [];
  if (kind !== 't' && kind !== 'r') problems.push('euDcc.kind must be "t" (test) or "r" (recovery)');
  if (!entry || typeof entry !== 'object') return [...problems, 'euDcc.entry must be an object'];
  for (const [name, source] of Object.entries(entry)) {
    if (typeof source === 'string') continue;
    if (source && typeof source === 'object' && 'facility' in source && (source.facility === 'nameEn' || source.facility === 'nameTh')) continue;
    if (source && typeof source === 'object' && 'field' in source && fields.includes(source.field)) continue;
    problems.push(`euDcc.entry.${name} must be a constant, {"field": <a field of the schema>} or {"facility": "nameEn"|"nameTh"}`);
  }
  return problems;
}

/** The DCC payload (schema 1.3.0) without `ci`, which the DCC issuer fills with a fresh UVCI. */
export function travelDccPayload({ mapping, data, patient, facility }: TravelDccInput): Record<string, unknown> {
  const entry: Record<string, string> = {};
  for (const [name, source] of Object.entries(mapping.entry)) {
    const value = resolve(source, data, facility);
    if (value !== undefined) entry[name] = value;
  }
  return { ver: '1.3.0', nam: dccName(patient.nameEn), dob: patient.birthDate ?? '', [mapping.kind]: [entry] };
}

function resolve(source: Source, data: Record<string, unknown>, facility: TravelDccInput['facility']): string | undefined {
  if (typeof source === 'string') return source;
  if ('facility' in source) return facility[source.facility].slice(0, 80);
  const raw = data[source.field];
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value = String(raw);
  if (source.map) value = source.map[value] ?? value;
  if (source.plusDays !== undefined) value = new Date(Date.parse(value.slice(0, 10)) + source.plusDays * 86_400_000).toISOString().slice(0, 10);
  return source.maxLength ? value.slice(0, source.maxLength) : value;
}

const honorifics = new Set(['MR', 'MRS', 'MS', 'MISS', 'MASTER', 'DR']);

/**
 * The DCC's name block from the Latin-script name: the last word is the family name, honorifics are
 * dropped, and the standardised forms (fnt, gnt) follow ICAO 9303: A–Z, with '<' for anything else.
 */
export function dccName(nameEn: string): { fn: string; fnt: string; gn?: string; gnt?: string } {
  const words = nameEn.trim().split(/\s+/).filter((word, index) => index > 0 || !honorifics.has(word.replace(/\.$/, '').toUpperCase()));
  const family = words.pop() ?? nameEn.trim();
  const given = words.join(' ');
  return { fn: family, fnt: icao(family), ...(given ? { gn: given, gnt: icao(given) } : {}) };
}

function icao(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '<')
    .slice(0, 80);
}
