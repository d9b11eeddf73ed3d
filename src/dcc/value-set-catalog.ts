/** The eHealth Network DCC value sets shipped under ./value-sets (Apache-2.0), and the check that a payload's coded fields use them. */
import { readFileSync } from 'node:fs';
import type { DccType } from './key-usage';

export interface ValueSet {
  valueSetId: string;
  valueSetDate: string;
  valueSetValues: Record<string, { display: string; lang: string; active: boolean; system: string; version: string }>;
}

export const valueSetNames = ['disease-agent-targeted', 'vaccine-prophylaxis', 'vaccine-medicinal-product', 'vaccine-mah-manf', 'test-type', 'test-result'] as const;
export type ValueSetName = (typeof valueSetNames)[number];

export function loadValueSets(): Record<ValueSetName, ValueSet> {
  return Object.fromEntries(
    valueSetNames.map((name) => [name, JSON.parse(readFileSync(new URL(`./value-sets/${name}.json`, import.meta.url), 'utf8')) as ValueSet]),
  ) as Record<ValueSetName, ValueSet>;
}

/** Which entry field takes its code from which value set, per certificate type. */
const codedFields: Record<DccType, Record<string, ValueSetName>> = {
  v: { tg: 'disease-agent-targeted', vp: 'vaccine-prophylaxis', mp: 'vaccine-medicinal-product', ma: 'vaccine-mah-manf' },
  t: { tg: 'disease-agent-targeted', tt: 'test-type', tr: 'test-result' },
  r: { tg: 'disease-agent-targeted' },
};

/** The JSON pointers of coded fields whose value is not an active code of its value set. */
export function valueSetViolations(entry: Record<string, unknown>, type: DccType, sets: Record<ValueSetName, ValueSet>): string[] {
  return Object.entries(codedFields[type])
    .filter(([field, set]) => {
      const code = entry[field];
      return typeof code !== 'string' || sets[set].valueSetValues[code]?.active !== true;
    })
    .map(([field, set]) => `/${type}/0/${field} is not an active code of the ${set} value set`);
}
