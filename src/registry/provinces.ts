/** Thailand's 77 provinces (Bangkok included) and Pattaya as ISO 3166-2:TH codes: the one spelling the registry stores and filters by. */

const numbered = [
  [10, 27],
  [30, 49],
  [50, 58],
  [60, 67],
  [70, 77],
  [80, 86],
  [90, 96],
] as const;

/** TH-10 is Bangkok, TH-50 Chiang Mai, TH-83 Phuket…; TH-S is the special administrative city of Pattaya. */
export const provinceCodes: ReadonlySet<string> = new Set([
  ...numbered.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => `TH-${from + i}`)),
  'TH-S',
]);

/** The code in its stored form (upper case) when it is a Thai province code, otherwise undefined. */
export function normaliseProvince(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  return provinceCodes.has(code) ? code : undefined;
}
