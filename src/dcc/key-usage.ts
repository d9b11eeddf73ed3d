/** Which certificate types a document signer certificate may sign, from its extended key usage (eHealth Network DSC profile). */
export type DccType = 'v' | 't' | 'r';

/** Each type has two OIDs: the published one and the variant with the extra `.0` arc that early DSCs carry. */
export const dccKeyUsageOids: Record<DccType, readonly string[]> = {
  t: ['1.3.6.1.4.1.1847.2021.1.1', '1.3.6.1.4.1.0.1847.2021.1.1'],
  v: ['1.3.6.1.4.1.1847.2021.1.2', '1.3.6.1.4.1.0.1847.2021.1.2'],
  r: ['1.3.6.1.4.1.1847.2021.1.3', '1.3.6.1.4.1.0.1847.2021.1.3'],
};

const allDccOids = new Set(Object.values(dccKeyUsageOids).flat());

/** The type of an HCERT payload: the one of `v`, `t`, `r` it carries, or null when it carries none or several. */
export function dccTypeOf(payload: Record<string, unknown>): DccType | null {
  const present = (['v', 't', 'r'] as const).filter((type) => payload[type] !== undefined);
  return present.length === 1 ? present[0]! : null;
}

/** A DSC without any DCC OID may sign every type; one with DCC OIDs only the types it names. */
export function keyUsageAllows(extendedKeyUsage: readonly string[], type: DccType): boolean {
  const dccOids = extendedKeyUsage.filter((oid) => allDccOids.has(oid));
  return dccOids.length === 0 || dccKeyUsageOids[type].some((oid) => dccOids.includes(oid));
}
