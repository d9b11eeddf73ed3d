/** HTTP for relying parties: CRLs and CA certificates by CA name, the OCSP responder and the time-stamping authority. */
import type { FastifyInstance } from 'fastify';
import { MalformedOcspRequestError, MalformedTimestampRequestError, UnknownCaError } from './errors';
import type { PkiService } from './service';

const maxRequestBytes = 64 * 1024;
const caFile = (extension: string) => new RegExp(`^([a-z0-9-]{1,40})\\.${extension}$`);

export async function registerPkiRoutes(app: FastifyInstance, pki: PkiService): Promise<void> {
  // In a scope of its own, so the binary body parsers below apply to these routes only.
  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/ocsp-request', 'application/timestamp-query'], { parseAs: 'buffer', bodyLimit: maxRequestBytes }, (_request, body, done) => done(null, body));

    scope.get<{ Params: { file: string } }>(
      '/pki/crl/:file',
      { schema: { summary: 'The current CRL of a CA (`root`, `issuing`), DER', tags: ['pki'], params: { type: 'object', properties: { file: { type: 'string', description: 'CA name followed by .crl' } } } } },
      async (request, reply) => {
        const crl = await pki.crl(caName(request.params.file, 'crl'));
        return reply.type('application/pkix-crl').header('cache-control', 'public, max-age=300').send(Buffer.from(crl));
      },
    );

    scope.get<{ Params: { file: string } }>(
      '/pki/ca/:file',
      { schema: { summary: 'A CA certificate (`root`, `issuing`), DER: the caIssuers URL of issued certificates', tags: ['pki'], params: { type: 'object', properties: { file: { type: 'string', description: 'CA name followed by .cer' } } } } },
      async (request, reply) => {
        const certificate = await pki.caCertificate(caName(request.params.file, 'cer'));
        return reply.type('application/pkix-cert').header('cache-control', 'public, max-age=3600').send(Buffer.from(certificate));
      },
    );

    scope.post<{ Body: Buffer }>(
      '/pki/ocsp',
      { schema: { summary: 'OCSP responder (RFC 6960): a DER OCSPRequest in, a DER OCSPResponse out', tags: ['pki'], consumes: ['application/ocsp-request'] } },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new MalformedOcspRequestError('Send a DER OCSP request as application/ocsp-request.');
        const response = await pki.respondToOcsp(new Uint8Array(request.body));
        return reply.type('application/ocsp-response').header('cache-control', 'no-store').send(Buffer.from(response));
      },
    );

    scope.post<{ Body: Buffer }>(
      '/pki/tsa',
      { schema: { summary: 'Time-stamping authority (RFC 3161): a DER TimeStampReq in, a DER TimeStampResp out', tags: ['pki'], consumes: ['application/timestamp-query'] } },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new MalformedTimestampRequestError('Send a DER time-stamp request as application/timestamp-query.');
        const response = await pki.respondToTimestampRequest(new Uint8Array(request.body));
        return reply.type('application/timestamp-reply').header('cache-control', 'no-store').send(Buffer.from(response));
      },
    );
  });
}

function caName(file: string, extension: string): string {
  const match = caFile(extension).exec(file);
  if (!match) throw new UnknownCaError('No certificate authority of this name runs here.');
  return match[1]!;
}
