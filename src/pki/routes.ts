/** HTTP for relying parties: CRLs and CA certificates by CA name, the OCSP responder and the time-stamping authority. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { MalformedOcspRequestError, MalformedTimestampRequestError } from './errors';
import type { PkiService } from './service';

const maxRequestBytes = 64 * 1024;
const caParams = { type: 'object', properties: { ca: { type: 'string', description: 'CA name: root or issuing' } }, required: ['ca'] } as const;
// Signing is the costly part of OCSP and TSA answers; a public endpoint must not let one client use all of it.
const signingRateLimit = { rateLimit: { max: 1200, timeWindow: '1 minute' } };

export async function registerPkiRoutes(app: FastifyInstance, pki: PkiService): Promise<void> {
  // In a scope of its own, so the binary body parsers below apply to these routes only.
  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/ocsp-request', 'application/timestamp-query'], { parseAs: 'buffer', bodyLimit: maxRequestBytes }, (_request, body, done) => done(null, body));

    scope.get<{ Params: { ca: string } }>('/pki/crl/:ca.crl', { schema: { summary: 'The current CRL of a CA, DER (application/pkix-crl)', tags: ['pki'], params: caParams } }, async (request, reply) => {
      const crl = await pki.crl(request.params.ca);
      return reply.type('application/pkix-crl').header('cache-control', 'public, max-age=300').send(Buffer.from(crl));
    });

    scope.get<{ Params: { ca: string } }>('/pki/ca/:ca.cer', { schema: { summary: 'A CA certificate, DER: the caIssuers URL of issued certificates', tags: ['pki'], params: caParams } }, async (request, reply) => {
      const certificate = await pki.caCertificate(request.params.ca);
      return reply.type('application/pkix-cert').header('cache-control', 'public, max-age=3600').send(Buffer.from(certificate));
    });

    scope.post<{ Body: Buffer }>(
      '/pki/ocsp',
      { config: signingRateLimit, schema: { summary: 'OCSP responder (RFC 6960): a DER OCSPRequest in, a DER OCSPResponse out', tags: ['pki'], consumes: ['application/ocsp-request'] } },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new MalformedOcspRequestError('Send a DER OCSP request as application/ocsp-request.');
        return sendOcsp(reply, await pki.respondToOcsp(new Uint8Array(request.body)));
      },
    );

    scope.get<{ Params: { '*': string } }>(
      '/pki/ocsp/*',
      { config: signingRateLimit, schema: { summary: 'OCSP responder, GET form (RFC 6960 A.1): the base64 DER request in the path', tags: ['pki'] } },
      async (request, reply) => {
        const encoded = decodeURIComponent(request.params['*']);
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length > maxRequestBytes) throw new MalformedOcspRequestError('The path does not end in a base64 DER OCSP request.');
        return sendOcsp(reply, await pki.respondToOcsp(new Uint8Array(Buffer.from(encoded, 'base64'))));
      },
    );

    scope.post<{ Body: Buffer }>(
      '/pki/tsa',
      { config: signingRateLimit, schema: { summary: 'Time-stamping authority (RFC 3161): a DER TimeStampReq in, a DER TimeStampResp out', tags: ['pki'], consumes: ['application/timestamp-query'] } },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new MalformedTimestampRequestError('Send a DER time-stamp request as application/timestamp-query.');
        const response = await pki.respondToTimestampRequest(new Uint8Array(request.body));
        return reply.type('application/timestamp-reply').header('cache-control', 'no-store').send(Buffer.from(response));
      },
    );
  });
}

function sendOcsp(reply: FastifyReply, response: Uint8Array) {
  return reply.type('application/ocsp-response').header('cache-control', 'no-store').send(Buffer.from(response));
}
