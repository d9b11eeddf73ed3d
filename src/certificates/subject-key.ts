/** The stable key of a certificate's subject: finds a citizen's certificates by identifier without indexing the identifier itself. */
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import type { Patient } from './ports';

export function subjectKey(patient: Patient): string {
  const identifier = patient.nationalId
    ? `th-nid:${patient.nationalId}`
    : patient.passport
      ? `passport:${patient.passport.nationality.toUpperCase()}:${patient.passport.number.toUpperCase()}`
      : patient.workPermit
        ? `work-permit:${patient.workPermit.toUpperCase()}`
        : undefined;
  if (!identifier) throw new InvalidInputError('The patient needs a Thai national ID, a passport number with nationality, or a work-permit number.');
  return createHash('sha256').update(identifier).digest('hex');
}
