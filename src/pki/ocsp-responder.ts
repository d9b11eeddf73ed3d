/**
 * The OCSP responder (RFC 6960) built on pkijs: each CA answers for the certificates it issued,
 * signing with its own key (so no delegated responder certificate is needed); nonces are echoed.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Issuer } from './certificate-authority';
import { normalizeSerial } from './certificate-store';
import { MalformedOcspRequestError } from './errors';
import { revocationReasonCode } from './revocation-reasons';
import { bridgedEngine, bridgedPrivateKey } from './webcrypto-bridge';
import { bufferSource } from './buffer-source';

export interface OcspCa extends Issuer {
  id: string;
  /** The name in `/pki/crl/{ca}.crl`. */
  name: string;
}

export interface CertificateState {
  status: 'good' | 'revoked';
  revokedAt: Date | null;
  reason: string | null;
}

export interface OcspResponderDeps {
  cas(): Promise<OcspCa[]>;
  /** The state of a certificate `ca` issued, or undefined when it issued no such serial. */
  lookup(caId: string, serial: string): Promise<CertificateState | undefined>;
  now(): Date;
  /** How long a response may be cached. */
  validityMs: number;
}

const hashNames: Record<string, string> = { '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' };
const nonceOid = '1.3.6.1.5.5.7.48.1.2';
const basicResponseOid = '1.3.6.1.5.5.7.48.1.1';
const maxRequests = 20;
const status = { successful: 0, unauthorized: 6 } as const;

function parseOcspRequest(der: Uint8Array): pkijs.OCSPRequest {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(bufferSource(der));
  } catch (error) {
    throw new MalformedOcspRequestError('The body is not a DER-encoded OCSP request.', undefined, { cause: error });
  }
  const count = request.tbsRequest.requestList.length;
  if (count === 0 || count > maxRequests) throw new MalformedOcspRequestError(`An OCSP request must ask about 1 to ${maxRequests} certificates.`);
  return request;
}

export async function respondToOcsp(der: Uint8Array, deps: OcspResponderDeps): Promise<Uint8Array> {
  const request = parseOcspRequest(der);
  const cas = await deps.cas();
  const certIds = request.tbsRequest.requestList.map((entry) => entry.reqCert);
  const signer = firstMatch(certIds, cas);
  if (!signer) return new Uint8Array(new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status.unauthorized }) }).toSchema().toBER());

  // RFC 5280 time rules apply: whole seconds, no fractions.
  const now = wholeSeconds(deps.now());
  const nextUpdate = new Date(now.getTime() + deps.validityMs);
  const responses = await Promise.all(
    certIds.map(async (certId) => {
      const state = matches(certId, signer) ? await deps.lookup(signer.id, serialOf(certId)) : undefined;
      return new pkijs.SingleResponse({ certID: certId, certStatus: certStatus(state), thisUpdate: now, nextUpdate });
    }),
  );
  const signerCertificate = parsed(signer).certificate;
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: new pkijs.ResponseData({
      responderID: new asn1js.OctetString({ valueHex: keyHash(signerCertificate, 'sha1') }),
      producedAt: now,
      responses,
      responseExtensions: nonceExtensions(request),
    }),
    certs: [signerCertificate],
  });
  await basic.sign(bridgedPrivateKey(signer.key), 'SHA-256', bridgedEngine);
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: status.successful }),
    responseBytes: new pkijs.ResponseBytes({ responseType: basicResponseOid, response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }) }),
  });
  return new Uint8Array(response.toSchema().toBER());
}

/** A DER OCSP request for one certificate, as a relying party would send it. */
export async function createOcspRequest(certificate: Uint8Array, issuer: Uint8Array): Promise<Uint8Array> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(pkijs.Certificate.fromBER(bufferSource(certificate)), { hashAlgorithm: 'SHA-256', issuerCertificate: pkijs.Certificate.fromBER(bufferSource(issuer)) }, bridgedEngine);
  return new Uint8Array(request.toSchema(true).toBER());
}

function firstMatch(certIds: pkijs.CertID[], cas: OcspCa[]): OcspCa | undefined {
  for (const certId of certIds) {
    const ca = cas.find((candidate) => matches(certId, candidate));
    if (ca) return ca;
  }
  return undefined;
}

interface ParsedCa {
  certificate: pkijs.Certificate;
  /** name hash ‖ key hash, hex, per hash algorithm. */
  hashes: Map<string, string>;
}

// Parsing certificates with asn1js dominates a response's cost; each CA object is parsed once.
const parsedCas = new WeakMap<OcspCa, ParsedCa>();

function parsed(ca: OcspCa): ParsedCa {
  let entry = parsedCas.get(ca);
  if (!entry) {
    entry = { certificate: pkijs.Certificate.fromBER(bufferSource(ca.certificate)), hashes: new Map() };
    parsedCas.set(ca, entry);
  }
  return entry;
}

function matches(certId: pkijs.CertID, ca: OcspCa): boolean {
  const hash = hashNames[certId.hashAlgorithm.algorithmId];
  if (!hash) return false;
  const entry = parsed(ca);
  let expected = entry.hashes.get(hash);
  if (!expected) {
    const nameHash = createHash(hash).update(new Uint8Array(entry.certificate.subject.toSchema().toBER())).digest('hex');
    expected = nameHash + keyHash(entry.certificate, hash).toString('hex');
    entry.hashes.set(hash, expected);
  }
  return expected === bytes(certId.issuerNameHash).toString('hex') + bytes(certId.issuerKeyHash).toString('hex');
}

function keyHash(certificate: pkijs.Certificate, hash: string): Buffer {
  return createHash(hash).update(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
}

function bytes(octets: asn1js.OctetString): Buffer {
  return Buffer.from(octets.valueBlock.valueHexView);
}

function serialOf(certId: pkijs.CertID): string {
  return normalizeSerial(Buffer.from(certId.serialNumber.valueBlock.valueHexView).toString('hex'));
}

function certStatus(state: CertificateState | undefined): asn1js.BaseBlock {
  if (!state) return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  if (state.status === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  const revoked: asn1js.BaseBlock[] = [new asn1js.GeneralizedTime({ valueDate: wholeSeconds(state.revokedAt ?? new Date(0)) })];
  const reason = revocationReasonCode(state.reason);
  if (reason !== 0) revoked.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: reason })] }));
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: revoked });
}

function nonceExtensions(request: pkijs.OCSPRequest): pkijs.Extension[] | undefined {
  const nonce = request.tbsRequest.requestExtensions?.find((extension) => extension.extnID === nonceOid);
  return nonce ? [new pkijs.Extension({ extnID: nonceOid, extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer })] : undefined;
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
