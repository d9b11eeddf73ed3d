/** HTTP for verifiers: a PDF (raw or multipart), a QR payload, and the published trust list. Wiring only. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import { InvalidInputError, MedcertError, PayloadTooLargeError } from '../errors';
import type { SignedTrustList } from './trust-list';
import type { VerificationResult } from './verification';

export const maxPdfBytes = 10 * 1024 * 1024;
const timeBudgetMs = 10_000;

export interface VerifyRoutesDeps {
  verifyPdf: (pdf: Uint8Array) => Promise<VerificationResult>;
  verifyQr: (payload: string) => Promise<VerificationResult>;
  trustList: () => Promise<SignedTrustList>;
}

/** Verification took longer than its budget (a pathological file). */
export class VerificationTimeoutError extends MedcertError {
  static override code = 'ERR_VERIFICATION_TIMEOUT';
  static override kind = 'unavailable' as const;
}

const QrBody = Type.Object({ payload: Type.String({ minLength: 4, maxLength: 4096 }) }, { additionalProperties: false });
const VerifyAnswer = Type.Object({ valid: Type.Boolean(), reasons: Type.Array(Type.String()), document: Type.Unknown(), signatures: Type.Array(Type.Unknown()) }, { additionalProperties: true });

export async function registerVerifyRoutes(app: FastifyInstance, deps: VerifyRoutesDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxPdfBytes, files: 1, fields: 5 } });
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: maxPdfBytes }, (_request, body, done) => done(null, body));

    scope.post(
      '/api/v1/verify',
      { bodyLimit: maxPdfBytes, schema: { summary: 'Verify a certificate PDF (application/pdf body or multipart field "file")', response: { 200: VerifyAnswer } } },
      async (request) => withinBudget(deps.verifyPdf(await pdfOf(request))),
    );
  });

  app.post<{ Body: Static<typeof QrBody> }>('/api/v1/verify/qr', { schema: { summary: 'Verify an MC1: QR payload', body: QrBody, response: { 200: VerifyAnswer } } }, async (request) =>
    withinBudget(deps.verifyQr(request.body.payload)),
  );

  app.get('/trust-list.json', { schema: { summary: 'The signed trust list: CA certificates, e-seal keys by kid, facilities' } }, async (request, reply) => {
    const list = await deps.trustList();
    const etag = `"${list.signature.slice(-43)}"`;
    void reply.header('etag', etag).header('cache-control', 'public, max-age=300');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return list;
  });
}

async function pdfOf(request: FastifyRequest): Promise<Uint8Array> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file || file.fieldname !== 'file') throw new InvalidInputError('Send the PDF in the multipart field "file".');
    const bytes = await file.toBuffer().catch((error: { code?: string }) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw new PayloadTooLargeError(`A PDF may be at most ${maxPdfBytes / 1024 / 1024} MB.`);
      throw error;
    });
    return checkPdf(bytes);
  }
  if (!Buffer.isBuffer(request.body)) throw new InvalidInputError('Send the PDF as application/pdf or as multipart/form-data with a "file" field.');
  return checkPdf(request.body);
}

function checkPdf(bytes: Buffer): Uint8Array {
  if (bytes.length === 0) throw new InvalidInputError('The upload is empty.');
  if (!bytes.subarray(0, 1024).includes('%PDF-')) throw new InvalidInputError('The upload is not a PDF file.');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function withinBudget<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new VerificationTimeoutError('Verification of this file took too long; it was stopped.')), timeBudgetMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
