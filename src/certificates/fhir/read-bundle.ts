/**
 * Reads the parts of a FHIR R4 Bundle that a lab certificate needs: the Patient, the Practitioner,
 * the Organization and the DiagnosticReport's Observations (LOINC-coded), resolving references
 * between entries. Anything missing or ambiguous is an input error naming the FHIR path.
 */
import { InvalidInputError } from '../../errors';

export const thaiNationalIdSystem = 'https://www.dopa.go.th/citizen-id';
export const loincSystem = 'http://loinc.org';

export interface FhirObservation {
  loinc: string;
  display?: string;
  value?: string;
  unit?: string;
  interpretation?: string;
  effective?: string;
  method?: string;
  specimen?: string;
}

export interface FhirLabBundle {
  patient: { nationalId?: string; passport?: { number: string; nationality: string }; nameTh?: string; nameEn: string; birthDate?: string };
  practitionerLicence: string;
  organizationLicence: string;
  report: { loinc?: string; issued?: string; conclusion?: string };
  observations: FhirObservation[];
}

type Resource = { resourceType?: unknown; id?: unknown; [key: string]: unknown };

export function readLabBundle(bundle: unknown): FhirLabBundle {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) {
    throw new InvalidInputError('The body is not a FHIR R4 Bundle with entries.');
  }
  const resources = new Map<string, Resource>();
  const byType = new Map<string, Resource[]>();
  for (const [index, entry] of bundle.entry.entries()) {
    if (!isObject(entry) || !isObject(entry.resource) || typeof entry.resource.resourceType !== 'string') {
      throw new InvalidInputError(`Bundle.entry[${index}] has no resource with a resourceType.`);
    }
    const resource = entry.resource as Resource;
    const type = resource.resourceType as string;
    byType.set(type, [...(byType.get(type) ?? []), resource]);
    if (typeof resource.id === 'string') resources.set(`${type}/${resource.id}`, resource);
    if (typeof entry.fullUrl === 'string') resources.set(entry.fullUrl, resource);
  }
  const patient = single(byType, 'Patient');
  const practitioner = single(byType, 'Practitioner');
  const organization = single(byType, 'Organization');
  const report = byType.get('DiagnosticReport')?.[0];
  const observations = resolveObservations(report, byType, resources);
  if (observations.length === 0) throw new InvalidInputError('The Bundle has no Observation with a LOINC code.');

  return {
    patient: readPatient(patient),
    practitionerLicence: requiredIdentifier(practitioner, 'Practitioner'),
    organizationLicence: requiredIdentifier(organization, 'Organization'),
    report: {
      loinc: report ? loincOf(report.code) : undefined,
      issued: report && typeof report.issued === 'string' ? report.issued : undefined,
      conclusion: report && typeof report.conclusion === 'string' ? report.conclusion : undefined,
    },
    observations,
  };
}

function single(byType: Map<string, Resource[]>, type: string): Resource {
  const found = byType.get(type) ?? [];
  if (found.length !== 1) throw new InvalidInputError(`The Bundle must hold exactly one ${type} (it has ${found.length}).`);
  return found[0]!;
}

function resolveObservations(report: Resource | undefined, byType: Map<string, Resource[]>, resources: Map<string, Resource>): FhirObservation[] {
  const referenced = report && Array.isArray(report.result)
    ? report.result.map((ref, i) => {
        const target = isObject(ref) && typeof ref.reference === 'string' ? resources.get(ref.reference) : undefined;
        if (!target) throw new InvalidInputError(`DiagnosticReport.result[${i}] points at no Observation in the Bundle.`);
        return target;
      })
    : (byType.get('Observation') ?? []);
  return referenced.flatMap((observation) => {
    const loinc = loincOf(observation.code);
    if (!loinc) return [];
    return [
      {
        loinc,
        display: codingDisplay(observation.code),
        value: observationValue(observation),
        unit: isObject(observation.valueQuantity) && typeof observation.valueQuantity.unit === 'string' ? observation.valueQuantity.unit : undefined,
        interpretation: Array.isArray(observation.interpretation) ? codingCode(observation.interpretation[0]) : undefined,
        effective: typeof observation.effectiveDateTime === 'string' ? observation.effectiveDateTime : undefined,
        method: codingDisplay(observation.method) ?? codingCode(observation.method),
        specimen: isObject(observation.specimen) && typeof observation.specimen.display === 'string' ? observation.specimen.display : undefined,
      },
    ];
  });
}

function readPatient(patient: Resource): FhirLabBundle['patient'] {
  const identifiers = Array.isArray(patient.identifier) ? patient.identifier.filter(isObject) : [];
  const nationalId = identifiers.find((id) => id.system === thaiNationalIdSystem && typeof id.value === 'string')?.value as string | undefined;
  const passport = identifiers.find((id) => isObject(id.type) && codingCode(id.type) === 'PPN' && typeof id.value === 'string');
  const names = Array.isArray(patient.name) ? patient.name.filter(isObject) : [];
  const nameEn = names.find((n) => !isThai(formatName(n)));
  const nameTh = names.find((n) => isThai(formatName(n)));
  if (!nameEn && !nameTh) throw new InvalidInputError('Patient.name is missing.');
  if (!nationalId && !passport) throw new InvalidInputError(`Patient.identifier needs a Thai national ID (system ${thaiNationalIdSystem}) or a passport (type PPN).`);
  return {
    nationalId,
    passport: passport ? { number: passport.value as string, nationality: passportNationality(passport) } : undefined,
    nameTh: nameTh ? formatName(nameTh) : undefined,
    nameEn: formatName(nameEn ?? nameTh!),
    birthDate: typeof patient.birthDate === 'string' ? patient.birthDate : undefined,
  };
}

function passportNationality(identifier: Record<string, unknown>): string {
  const assigner = isObject(identifier.assigner) && typeof identifier.assigner.display === 'string' ? identifier.assigner.display : undefined;
  if (!assigner || !/^[A-Z]{3}$/.test(assigner)) throw new InvalidInputError('A passport identifier needs assigner.display with the ISO 3166 alpha-3 nationality.');
  return assigner;
}

function requiredIdentifier(resource: Resource, type: string): string {
  const identifier = Array.isArray(resource.identifier) ? resource.identifier.find((id) => isObject(id) && typeof id.value === 'string') : undefined;
  if (!identifier) throw new InvalidInputError(`${type}.identifier with the licence number is missing.`);
  return (identifier as { value: string }).value;
}

function formatName(name: Record<string, unknown>): string {
  if (typeof name.text === 'string') return name.text.trim();
  const given = Array.isArray(name.given) ? name.given.filter((g) => typeof g === 'string') : [];
  return [...given, typeof name.family === 'string' ? name.family : ''].join(' ').trim();
}

function observationValue(observation: Resource): string | undefined {
  if (isObject(observation.valueCodeableConcept)) return codingDisplay(observation.valueCodeableConcept) ?? codingCode(observation.valueCodeableConcept);
  if (isObject(observation.valueQuantity) && typeof observation.valueQuantity.value === 'number') return String(observation.valueQuantity.value);
  if (typeof observation.valueString === 'string') return observation.valueString;
  return undefined;
}

function loincOf(concept: unknown): string | undefined {
  if (!isObject(concept) || !Array.isArray(concept.coding)) return undefined;
  const coding = concept.coding.find((c) => isObject(c) && c.system === loincSystem && typeof c.code === 'string');
  return coding ? (coding as { code: string }).code : undefined;
}

function codingCode(concept: unknown): string | undefined {
  if (!isObject(concept) || !Array.isArray(concept.coding)) return undefined;
  const coding = concept.coding.find((c) => isObject(c) && typeof c.code === 'string');
  return coding ? (coding as { code: string }).code : undefined;
}

function codingDisplay(concept: unknown): string | undefined {
  if (!isObject(concept)) return undefined;
  if (typeof concept.text === 'string') return concept.text;
  if (!Array.isArray(concept.coding)) return undefined;
  const coding = concept.coding.find((c) => isObject(c) && typeof c.display === 'string');
  return coding ? (coding as { display: string }).display : undefined;
}

function isThai(text: string): boolean {
  return /[\u0E00-\u0E7F]/.test(text);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
