/** Reduces a verify answer to the one plain-language verdict a person needs first. */
import type { VerifyResult } from './types';

export type Verdict = 'genuine' | 'not-genuine' | 'revoked' | 'superseded' | 'unlicensed';

// A broken signature outranks everything: a forged "revoked" certificate is first of all a forgery.
const forgeryFamilies = ['signature', 'pdf', 'qr', 'timestamp'];

export function verdictOf(result: Pick<VerifyResult, 'valid' | 'reasons' | 'document'>): Verdict {
  if (result.valid) return 'genuine';
  const families = result.reasons.map((code) => code.split('.')[0] ?? '');
  if (families.some((family) => forgeryFamilies.includes(family)) || result.reasons.some((code) => code === 'document.unknown' || code === 'document.not-issued')) return 'not-genuine';
  const status = result.document?.status;
  if (result.reasons.includes('document.revoked') || status === 'revoked') return 'revoked';
  if (result.reasons.includes('document.superseded') || status === 'superseded') return 'superseded';
  if (families.includes('practitioner') || families.includes('facility')) return 'unlicensed';
  return 'not-genuine';
}
