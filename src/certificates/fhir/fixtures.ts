/** A FHIR R4 Bundle as a hospital system sends it for an ATK test, for tests. */
import { loincSystem, thaiNationalIdSystem } from './read-bundle';

export function atkBundle(overrides: { result?: string } = {}) {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        fullUrl: 'urn:uuid:p1',
        resource: {
          resourceType: 'Patient',
          id: 'p1',
          identifier: [{ system: thaiNationalIdSystem, value: '1101700203450' }],
          name: [{ text: 'น้ำฝน ตั้งใจดี' }, { given: ['Namfon'], family: 'Tangjaidee' }],
          birthDate: '1990-04-01',
        },
      },
      { resource: { resourceType: 'Practitioner', id: 'dr', identifier: [{ system: 'https://tmc.or.th/licence', value: 'ว.12345' }] } },
      { resource: { resourceType: 'Organization', id: 'org', identifier: [{ system: 'https://hss.moph.go.th/licence', value: '10110000123' }] } },
      {
        resource: {
          resourceType: 'DiagnosticReport',
          id: 'r1',
          status: 'final',
          code: { coding: [{ system: loincSystem, code: '94558-4' }] },
          issued: '2026-11-20T09:30:00+07:00',
          result: [{ reference: 'Observation/o1' }],
        },
      },
      {
        resource: {
          resourceType: 'Observation',
          id: 'o1',
          status: 'final',
          code: { coding: [{ system: loincSystem, code: '94558-4', display: 'SARS-CoV-2 Ag [Presence] in Respiratory specimen by Rapid immunoassay' }] },
          valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260385009', display: overrides.result ?? 'Negative' }] },
          effectiveDateTime: '2026-11-20T09:00:00+07:00',
        },
      },
    ],
  };
}
