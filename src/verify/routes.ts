/**
 * HTTP for verifiers: a PDF (raw or multipart), a QR payload or a batch of them, and the published trust
 * list. Wiring only. The verify routes stay anonymous; a request presenting an organisation's API key is
 * attributed to it and each verification is counted against that key's own rate limit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import { InvalidInputError, PayloadTooLargeError, RateLimitedError } from '../errors';
import { InvalidApiKeyError } from './errors';
import type { SignedTrustList } from './trust-list';
import { checkUpload, maxPdfBytes } from './upload-limits';
import type { VerificationResult } from './verification';
import { presentedApiKey, type VerifierIdentity } from './verifier-api-keys';

export interface VerifyRoutesDeps {
  verifyPdf: (pdf: Uint8Array, verifier: VerifierIdentity | null) => Promise<VerificationResult>;
  verifyQr: (payload: string, verifier: VerifierIdentity | null) => Promise<VerificationResult>;
  /** As verifyQr, but a payload that runs out of time is answered in place instead of failing the batch. */
  verifyQrInBatch: (payload: string, verifier: VerifierIdentity | null) => Promise<VerificationResult>;
  trustList: () => Promise<SignedTrustList>;
  authenticateApiKey: (key: string) => Promise<VerifierIdentity>;
  /** Adds `verifications` to the key's count for the current minute, across every server process. */
  countKeyUse: (keyId: string, verifications: number) => Promise<{ current: number; ttl: number }>;
}

/** The most QR payloads one batch request may carry (an employer checking a team, a border desk's queue). */
export const maxQrBatch = 100;
const QrPayload = Type.String({ minLength: 4, maxLength: 4096 });
const QrBody = Type.Object({ payload: QrPayload }, { additionalProperties: false });
const QrBatchBody = Type.Object({ payloads: Type.Array(QrPayload, { minItems: 1, maxItems: maxQrBatch }) }, { additionalProperties: false });
const VerifyAnswer = Type.Object({ valid: Type.Boolean(), reasons: Type.Array(Type.String()), document: Type.Unknown(), signatures: Type.Array(Type.Unknown()) }, { additionalProperties: true });
const problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() }, { additionalProperties: true });
const problems = { 400: problem, 401: problem, 413: problem, 429: problem, 503: problem };
const security: Record<string, string[]>[] = [{}, { apiKey: [] }];

export async function registerVerifyRoutes(app: FastifyInstance, deps: VerifyRoutesDeps): Promise<void> {
  const verifiers = new WeakMap<FastifyRequest, VerifierIdentity>();
  const verifierOf = (request: FastifyRequest) => verifiers.get(request) ?? null;

  /** Resolves a presented API key and counts one verification, before the body is read: a bad or spent key costs the server no upload. */
  async function identifyVerifier(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let verifier: VerifierIdentity;
    try {
      const key = presentedApiKey(request.headers);
      if (key === undefined) return;
      verifier = await deps.authenticateApiKey(key);
    } catch (error) {
      if (error instanceof InvalidApiKeyError) void reply.header('www-authenticate', 'ApiKey');
      throw error;
    }
    verifiers.set(request, verifier);
    await countAgainstKey(verifier, reply, 1);
  }

  /** A batch's verifications after its first, once its body says how many there are. */
  async function countRestOfBatch(request: FastifyRequest<{ Body: Static<typeof QrBatchBody> }>, reply: FastifyReply): Promise<void> {
    const verifier = verifierOf(request);
    if (verifier && request.body.payloads.length > 1) await countAgainstKey(verifier, reply, request.body.payloads.length - 1);
  }

  // One budget per key across every verify route and server process, at the key's own rate; anonymous use is not limited here.
  async function countAgainstKey(verifier: VerifierIdentity, reply: FastifyReply, verifications: number): Promise<void> {
    const { current, ttl } = await deps.countKeyUse(verifier.keyId, verifications);
    const max = verifier.rateLimitPerMinute;
    const resetSeconds = Math.ceil(ttl / 1000);
    void reply.header('x-ratelimit-limit', max).header('x-ratelimit-remaining', Math.max(0, max - current)).header('x-ratelimit-reset', resetSeconds);
    if (current > max) {
      void reply.header('retry-after', resetSeconds);
      throw new RateLimitedError(`This API key may make ${max} verifications a minute; retry in ${resetSeconds} s.`);
    }
  }

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxPdfBytes, files: 1, fields: 5 } });
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: maxPdfBytes }, (_request, body, done) => done(null, body));

    scope.post(
      '/api/v1/verify',
      {
        bodyLimit: maxPdfBytes,
        onRequest: identifyVerifier,
        schema: { summary: 'Verify a certificate PDF (application/pdf body or multipart field "file"); an optional API key attributes it', security, response: { 200: VerifyAnswer, ...problems } },
      },
      async (request) => deps.verifyPdf(await pdfOf(request), verifierOf(request)),
    );
  });

  app.post<{ Body: Static<typeof QrBody> }>(
    '/api/v1/verify/qr',
    { onRequest: identifyVerifier, schema: { summary: 'Verify an MC1: QR payload; an optional API key attributes it', security, body: QrBody, response: { 200: VerifyAnswer, ...problems } } },
    async (request) => deps.verifyQr(request.body.payload, verifierOf(request)),
  );

  app.post<{ Body: Static<typeof QrBatchBody> }>(
    '/api/v1/verify/qr/batch',
    {
      onRequest: identifyVerifier,
      preHandler: countRestOfBatch,
      schema: {
        summary: `Verify up to ${maxQrBatch} MC1: QR payloads; the answers come in the order of the payloads`,
        security,
        body: QrBatchBody,
        response: { 200: Type.Object({ results: Type.Array(VerifyAnswer) }), ...problems },
      },
    },
    async (request) => {
      const verifier = verifierOf(request);
      return { results: await Promise.all(request.body.payloads.map((payload) => deps.verifyQrInBatch(payload, verifier))) };
    },
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
    return checkUpload(bytes);
  }
  if (!Buffer.isBuffer(request.body)) throw new InvalidInputError('Send the PDF as application/pdf or as multipart/form-data with a "file" field.');
  return checkUpload(request.body);
}
