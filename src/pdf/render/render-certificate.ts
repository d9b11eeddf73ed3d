/**
 * Renders a certificate to PDF/A-3b with Typst: Sarabun embedded, the type's template over the
 * shared layout, the QR of the signed MC1 payload, and the certificate's JSON attached as an
 * associated file (AFRelationship /Data), and a Thai text layer that extracts exactly (thai-text-layer.ts).
 * One compiler is reused; a render takes a few ms.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import type { CertificateTypeDefinition } from '../../certificates/types/catalog';
import type { JsonSchemaObject } from '../../certificates/ports';
import { formatDate, formatDateTime, type BilingualText } from './dates';
import { qrCodeImage } from './qr-image';
import { repairThaiTextLayer } from './thai-text-layer';

export interface RenderCertificateInput {
  type: CertificateTypeDefinition;
  documentId: string;
  issuedAt: Date;
  data: Record<string, unknown>;
  facility: { id: string; licenceNumber: string; nameTh: string; nameEn: string; address: string };
  practitioner: { licenceNumber: string; profession: string; nameTh: string; nameEn: string };
  patient: { nameTh?: string; nameEn: string; maskedId: string; birthDate?: string };
  qrPayload: string;
  /** An EU DCC for travel use, printed as a second QR beside ours. */
  dccHc1?: string;
  verifyUrl: string;
}

const workspace = '/medcert-render';
const professionNames: Record<string, BilingualText> = {
  physician: { th: 'แพทย์', en: 'Physician' },
  dentist: { th: 'ทันตแพทย์', en: 'Dentist' },
  medical_technologist: { th: 'นักเทคนิคการแพทย์', en: 'Medical technologist' },
  pharmacist: { th: 'เภสัชกร', en: 'Pharmacist' },
  nurse: { th: 'พยาบาลวิชาชีพ', en: 'Registered nurse' },
};

export function createCertificateRenderer() {
  const require = createRequire(import.meta.url);
  const fontRoot = path.dirname(require.resolve('@expo-google-fonts/sarabun/package.json'));
  const compiler = NodeCompiler.create({
    workspace,
    fontArgs: [{ fontBlobs: ['400Regular/Sarabun_400Regular.ttf', '700Bold/Sarabun_700Bold.ttf'].map((file) => fs.readFileSync(path.join(fontRoot, file))) }],
  });
  compiler.mapShadow(`${workspace}/layout.typ`, fs.readFileSync(new URL('./layout.typ', import.meta.url)));

  return async function renderCertificatePdf(input: RenderCertificateInput): Promise<Uint8Array> {
    const attachment = {
      id: input.documentId,
      type: input.type.id,
      issuedAt: input.issuedAt.toISOString(),
      facility: { id: input.facility.id, licenceNumber: input.facility.licenceNumber },
      practitioner: { licenceNumber: input.practitioner.licenceNumber, profession: input.practitioner.profession },
      patient: { nameTh: input.patient.nameTh, nameEn: input.patient.nameEn, maskedId: input.patient.maskedId, birthDate: input.patient.birthDate },
      data: input.data,
      qr: input.qrPayload,
      ...(input.dccHc1 ? { euDcc: input.dccHc1 } : {}),
    };
    // The compiler is synchronous: these shadows and the pdf() call below run without interleaving.
    const qr = qrCodeImage(input.qrPayload, 'M');
    // The EU DCC specification asks for error correction Q on HC1 codes.
    const dcc = input.dccHc1 ? qrCodeImage(input.dccHc1, 'Q') : undefined;
    compiler.mapShadow(`${workspace}/input.json`, Buffer.from(JSON.stringify({ ...layoutInput(input), qrSize: qr.size, dccSize: dcc?.size ?? null })));
    compiler.mapShadow(`${workspace}/qr.raw`, qr.pixels);
    if (dcc) compiler.mapShadow(`${workspace}/dcc.raw`, dcc.pixels);
    compiler.mapShadow(`${workspace}/certificate.json`, Buffer.from(JSON.stringify(attachment, null, 1)));
    const pdf = compiler.pdf({ mainFileContent: input.type.template }, { pdfStandard: 'a-3b', creationTimestamp: Math.floor(input.issuedAt.getTime() / 1000) });
    compiler.evictCache(30);
    return repairThaiTextLayer(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  };
}

export type CertificateRenderer = ReturnType<typeof createCertificateRenderer>;

function layoutInput(input: RenderCertificateInput) {
  const { type } = input;
  const patientRows = [
    ...(input.patient.nameTh ? [{ label: { th: 'ชื่อ-นามสกุล', en: 'Name (Thai)' }, value: input.patient.nameTh }] : []),
    { label: { th: 'ชื่อภาษาอังกฤษ', en: 'Name' }, value: input.patient.nameEn },
    { label: { th: 'เลขประจำตัว', en: 'Identification No.' }, value: input.patient.maskedId },
    ...(input.patient.birthDate ? [{ label: { th: 'วันเกิด', en: 'Date of birth' }, value: bilingualValue(formatDate(input.patient.birthDate)) }] : []),
  ];
  const properties = type.schema.properties ?? {};
  const rows = Object.entries(properties)
    .filter(([field]) => input.data[field] !== undefined && input.data[field] !== '')
    .map(([field, schema]) => ({ label: type.labels.fields[field]!, value: formatValue(input.data[field], schema, type.labels.values?.[field]) }));
  return {
    title: type.names,
    documentId: input.documentId,
    facility: input.facility,
    practitioner: { ...input.practitioner, professionTh: professionNames[input.practitioner.profession]?.th ?? input.practitioner.profession, professionEn: professionNames[input.practitioner.profession]?.en ?? input.practitioner.profession },
    patientRows,
    rows,
    statement: type.labels.statement ?? null,
    issued: formatDate(input.issuedAt),
    verifyUrl: input.verifyUrl,
  };
}

function formatValue(value: unknown, schema: JsonSchemaObject, labels?: Record<string, BilingualText>): string {
  if (typeof value === 'string' && labels?.[value]) return bilingualValue(labels[value]);
  if (schema.format === 'date' && typeof value === 'string') return bilingualValue(formatDate(value));
  if (schema.format === 'date-time' && typeof value === 'string') return bilingualValue(formatDateTime(value));
  if (typeof value === 'boolean') return value ? 'ใช่ / Yes' : 'ไม่ใช่ / No';
  if (typeof value === 'number') return `${value}${typeof schema['x-unit'] === 'string' ? ` ${schema['x-unit']}` : ''}`;
  if (typeof value === 'string') return `${value}${typeof schema['x-unit'] === 'string' ? ` ${schema['x-unit']}` : ''}`;
  if (Array.isArray(value)) return value.map((item) => (item && typeof item === 'object' ? describeRow(item as Record<string, unknown>) : String(item))).join('\n');
  return JSON.stringify(value);
}

/** A lab row: "Hemoglobin 13.2 g/dL (12.0-15.5) N". */
function describeRow(row: Record<string, unknown>): string {
  return [row.name, row.value, row.unit, row.referenceRange ? `(${String(row.referenceRange)})` : undefined, row.interpretation].filter((part) => part !== undefined && part !== '').join(' ');
}

function bilingualValue(text: BilingualText): string {
  return `${text.th} (${text.en})`;
}
