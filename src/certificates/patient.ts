/** The certificate's subject: identifiers normalised and checked, and a stable key that finds their certificates without indexing the identifier. */
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { parsePassport, parseWorkPermit } from '../identity/foreign-identifier';
import { parseNationalId } from '../identity/thai-national-id';
import { parsePhoneNumber } from '../delivery/phone-number';
import type { Patient } from './ports';

export function normalisePatient(patient: Patient): Patient {
  const nameEn = patient.nameEn?.trim();
  if (!nameEn) throw new InvalidInputError('The patient needs a name in Latin script (nameEn).');
  const normalised: Patient = { ...patient, nameEn, nameTh: patient.nameTh?.trim() || undefined };
  if (patient.nationalId) normalised.nationalId = parseNationalId(patient.nationalId);
  if (patient.passport) normalised.passport = parsePassport(patient.passport.number, patient.passport.nationality);
  if (patient.workPermit) normalised.workPermit = parseWorkPermit(patient.workPermit);
  if (patient.phone) normalised.phone = parsePhoneNumber(patient.phone);
  if (patient.birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate)) throw new InvalidInputError('The birth date must be written YYYY-MM-DD.');
  return normalised;
}

export function subjectKey(patient: Patient): string {
  const identifier = patient.nationalId
    ? `th-nid:${patient.nationalId}`
    : patient.passport
      ? `passport:${patient.passport.nationality}:${patient.passport.number}`
      : patient.workPermit
        ? `work-permit:${patient.workPermit}`
        : undefined;
  if (!identifier) throw new InvalidInputError('The patient needs a Thai national ID, a passport number with nationality, or a work-permit number.');
  return createHash('sha256').update(identifier).digest('hex');
}
