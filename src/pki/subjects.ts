/**
 * Distinguished names for what the PKI certifies: its CAs, practitioners (name in English and Thai,
 * professional licence number as serialNumber) and facility e-seals (facility licence as
 * organizationIdentifier). Strings go in as UTF8String, C and serialNumber as PrintableString.
 */
import { InvalidInputError } from '../errors';
import * as x509 from './x509';
import { bufferSource } from './buffer-source';

const oid = {
  serialNumber: '2.5.4.5',
  name: '2.5.4.41',
  organizationIdentifier: '2.5.4.97',
} as const;

export const platformOrganization = 'Ministry of Public Health';

export interface PractitionerSubject {
  nameEn: string;
  nameTh: string;
  licenceNumber: string;
  /** The facility the certificate is issued through (O); the platform when omitted. */
  organization?: string;
}

export interface FacilitySubject {
  nameEn: string;
  nameTh: string;
  licenceNumber: string;
}

const utf8 = (value: string) => [{ utf8String: value }];
const printable = (value: string) => [{ printableString: value }];

export function caSubject(commonName: string, organization = platformOrganization): x509.Name {
  return new x509.Name([{ C: printable('TH') }, { O: utf8(organization) }, { CN: utf8(commonName) }]);
}

export function practitionerSubject(subject: PractitionerSubject): x509.Name {
  return new x509.Name([
    { C: printable('TH') },
    { O: utf8(subject.organization ?? platformOrganization) },
    { [oid.serialNumber]: licenceValue(subject.licenceNumber) },
    { [oid.name]: utf8(subject.nameTh) },
    { CN: utf8(subject.nameEn) },
  ]);
}

export function facilitySubject(subject: FacilitySubject): x509.Name {
  return new x509.Name([
    { C: printable('TH') },
    { O: utf8(subject.nameEn) },
    { [oid.organizationIdentifier]: utf8(`TH:${subject.licenceNumber}`) },
    { [oid.name]: utf8(subject.nameTh) },
    { CN: utf8(`${subject.nameEn} e-seal`) },
  ]);
}

/** The licence number read back from a practitioner certificate's subject. */
export function licenceNumberOf(certificate: Uint8Array): string | undefined {
  return new x509.X509Certificate(bufferSource(certificate)).subjectName.getField(oid.serialNumber)[0];
}

/**
 * X.520 wants serialNumber as PrintableString, but Thai licence numbers carry a Thai letter for the
 * profession (ว.12345: physician); those go in as UTF8String, which relying parties read back as text all the same.
 */
function licenceValue(value: string) {
  if (value.length === 0 || value.length > 64) throw new InvalidInputError('A licence number must be 1–64 characters.');
  return x509.Name.isPrintableString(value) ? printable(value) : utf8(value);
}
