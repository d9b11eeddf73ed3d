/**
 * Maps a FHIR R4 lab Bundle to a certificate request: the LOINC code of the DiagnosticReport (or its
 * first Observation) chooses ATK, RT-PCR or a general lab result; Practitioner and Organization are
 * found in the registry by licence number.
 */
import { InvalidInputError, NotFoundError } from '../../errors';
import type { RegistryService } from '../../registry/service';
import type { CertificateRequest } from '../issuance';
import { readLabBundle, type FhirLabBundle, type FhirObservation } from './read-bundle';

/** SARS-CoV-2 antigen rapid tests and nucleic-acid amplification tests, by LOINC. */
const antigenCodes = new Set(['94558-4', '97097-0', '96119-3', '95209-3']);
const nucleicAcidCodes = new Set(['94500-6', '94309-2', '94534-5', '94759-8', '94845-5', '94746-5']);

export async function fhirBundleToRequest(body: unknown, registry: RegistryService): Promise<CertificateRequest> {
  const bundle = readLabBundle(body);
  const facility = await registry.findFacilityByLicence(bundle.organizationLicence);
  if (!facility) throw new NotFoundError('No registered facility has the Organization licence number.');
  const practitioners = await registry.practitionersByLicence(bundle.practitionerLicence);
  if (practitioners.length !== 1) throw new NotFoundError('The Practitioner licence number matches no single registered practitioner.');
  const { type, data } = certificateData(bundle);
  return { type, data, patient: bundle.patient, facilityId: facility.id, practitionerId: practitioners[0]!.id };
}

export function certificateData(bundle: FhirLabBundle): { type: string; data: Record<string, unknown> } {
  const code = bundle.report.loinc ?? bundle.observations[0]!.loinc;
  const primary = bundle.observations.find((o) => o.loinc === code) ?? bundle.observations[0]!;
  if (antigenCodes.has(code) || nucleicAcidCodes.has(code)) {
    const type = antigenCodes.has(code) ? 'atk-test' : 'rt-pcr-test';
    return { type, data: { collectedAt: requiredTime(primary), result: covidResult(primary), method: primary.method ?? primary.display ?? code, loinc: code } };
  }
  return {
    type: 'lab-result',
    data: {
      collectedAt: requiredTime(primary),
      tests: bundle.observations.map((o) => ({ loinc: o.loinc, name: o.display ?? o.loinc, value: o.value ?? '', unit: o.unit ?? '', interpretation: o.interpretation ?? '' })),
      ...(bundle.report.conclusion ? { conclusion: bundle.report.conclusion } : {}),
    },
  };
}

function requiredTime(observation: FhirObservation): string {
  if (!observation.effective || Number.isNaN(Date.parse(observation.effective))) throw new InvalidInputError('Observation.effectiveDateTime is missing or not a date-time.');
  return new Date(observation.effective).toISOString();
}

function covidResult(observation: FhirObservation): 'detected' | 'not-detected' {
  const value = (observation.value ?? '').toLowerCase();
  if (/^(positive|detected)\b/.test(value) || value === '10828004' || value === '260373001') return 'detected';
  if (/^(negative|not detected)\b/.test(value) || value === '260385009' || value === '260415000') return 'not-detected';
  throw new InvalidInputError('The SARS-CoV-2 Observation has no positive/negative (detected/not detected) value.');
}
