/**
 * The time-stamping authority (RFC 3161): TSTInfo signed as CMS SignedData by the TSA's own key and
 * certificate (extKeyUsage timeStamping, critical), with ESS signing-certificate-v2. Tokens are written
 * straight as DER, as the PAdES signer writes its CMS (building them with pkijs re-encoded the TSA
 * certificate every time, most of a token's cost); requests are read with pkijs.
 */
import { createHash, randomBytes } from 'node:crypto';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { Certificate } from '../pdf/pades/certificate';
import { p1363ToDer } from '../pdf/pades/cms';
import { encodeOid, encodeUnsigned, tags, tlv } from '../pdf/pades/der';
import { MalformedTimestampRequestError } from './errors';
import type { SigningKey } from './key-store';
import type { TimestampAuthority } from './trust-services';
import { bufferSource } from './buffer-source';

export interface TsaSigner {
  key: SigningKey;
  certificate: Uint8Array;
}

/** The TSA policy: an OID under the UUID arc (2.25), which needs no registration. */
export const tsaPolicyOid = '2.25.179943992076810537351233367379752076386';

const oids = {
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signedData: '1.2.840.113549.1.7.2',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsaSha256: '1.2.840.113549.1.1.11',
} as const;

const digestLengths: Record<string, number> = { '2.16.840.1.101.3.4.2.1': 32, '2.16.840.1.101.3.4.2.2': 48, '2.16.840.1.101.3.4.2.3': 64 };
const sha256Oid = '2.16.840.1.101.3.4.2.1';
const pkiStatus = { granted: 0 } as const;
const derNull = Buffer.from([0x05, 0x00]);

export interface MessageImprint {
  hashAlgorithm: string;
  digest: Uint8Array;
}

function parseTimestampRequest(der: Uint8Array): { imprint: MessageImprint; nonce?: asn1js.Integer; certReq: boolean } {
  let request: pkijs.TimeStampReq;
  try {
    request = pkijs.TimeStampReq.fromBER(bufferSource(der));
  } catch (error) {
    throw new MalformedTimestampRequestError('The body is not a DER-encoded RFC 3161 time-stamp request.', undefined, { cause: error });
  }
  const hashAlgorithm = request.messageImprint.hashAlgorithm.algorithmId;
  const digest = new Uint8Array(request.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (digestLengths[hashAlgorithm] !== digest.length) throw new MalformedTimestampRequestError('The message imprint must be a SHA-256, SHA-384 or SHA-512 digest of the right length.');
  return { imprint: { hashAlgorithm, digest }, nonce: request.nonce, certReq: request.certReq ?? false };
}

/** A TimeStampToken (CMS ContentInfo DER) over `imprint` at `genTime`; `nonce` is the request's DER INTEGER. */
export async function createTimestampToken(signer: TsaSigner, imprint: MessageImprint, genTime: Date, options: { nonce?: Uint8Array; includeCertificate?: boolean } = {}): Promise<Uint8Array> {
  const { issuerAndSerial, essSigningCertificate } = signerParts(signer);
  const tstInfo = tlv(
    tags.sequence,
    integer(1),
    encodeOid(tsaPolicyOid),
    tlv(tags.sequence, algorithm(imprint.hashAlgorithm), tlv(tags.octetString, imprint.digest)),
    encodeUnsigned(positiveSerial()),
    tlv(tags.generalizedTime, Buffer.from(generalizedTime(genTime), 'latin1')),
    // accuracy: one second
    tlv(tags.sequence, integer(1)),
    ...(options.nonce ? [options.nonce] : []),
  );
  // DER orders SET OF by encoding; verifiers that re-encode would otherwise see other bytes.
  const signedAttributes = [attribute(oids.contentType, encodeOid(oids.tstInfo)), attribute(oids.messageDigest, tlv(tags.octetString, sha256(tstInfo))), essSigningCertificate].sort(Buffer.compare);
  const ecdsa = signer.key.algorithm.startsWith('ECDSA');
  const rawSignature = await signer.key.sign(tlv(tags.set, ...signedAttributes));
  const signerInfo = tlv(
    tags.sequence,
    integer(1),
    issuerAndSerial,
    algorithm(sha256Oid),
    tlv(tags.context0, ...signedAttributes),
    ecdsa ? tlv(tags.sequence, encodeOid(oids.ecdsaSha256)) : algorithm(oids.rsaSha256),
    tlv(tags.octetString, ecdsa ? p1363ToDer(rawSignature) : rawSignature),
  );
  const signedData = tlv(
    tags.sequence,
    integer(3),
    tlv(tags.set, algorithm(sha256Oid)),
    tlv(tags.sequence, encodeOid(oids.tstInfo), tlv(tags.context0, tlv(tags.octetString, tstInfo))),
    ...(options.includeCertificate === false ? [] : [tlv(tags.context0, signer.certificate)]),
    tlv(tags.set, signerInfo),
  );
  return new Uint8Array(tlv(tags.sequence, encodeOid(oids.signedData), tlv(tags.context0, signedData)));
}

/** Answers a DER TimeStampReq with a DER TimeStampResp (status granted). */
export async function respondToTimestampRequest(der: Uint8Array, signer: TsaSigner, now: Date): Promise<Uint8Array> {
  const request = parseTimestampRequest(der);
  const token = await createTimestampToken(signer, request.imprint, now, { nonce: request.nonce && new Uint8Array(request.nonce.toBER()), includeCertificate: request.certReq });
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkiStatus.granted }),
    timeStampToken: pkijs.ContentInfo.fromBER(bufferSource(token)),
  });
  return new Uint8Array(response.toSchema().toBER());
}

/** The in-process TimestampAuthority the signer uses: same tokens as `POST /pki/tsa`, without HTTP. */
export function inProcessTimestampAuthority(signer: () => Promise<TsaSigner>, now: () => Date): TimestampAuthority {
  return {
    timestamp: async (sha256Digest) => {
      if (sha256Digest.length !== 32) throw new MalformedTimestampRequestError('A time-stamp needs a 32-byte SHA-256 digest.');
      return createTimestampToken(await signer(), { hashAlgorithm: sha256Oid, digest: sha256Digest }, now());
    },
  };
}

// Each signer's certificate parts are encoded once.
const signersParts = new WeakMap<TsaSigner, { issuerAndSerial: Buffer; essSigningCertificate: Buffer }>();

function signerParts(signer: TsaSigner) {
  let parts = signersParts.get(signer);
  if (!parts) {
    const certificate = Certificate.parse(signer.certificate);
    const serial = tlv(tags.integer, certificate.serial);
    // ESS SigningCertificateV2 (RFC 5035) with one ESSCertIDv2: SHA-256 (the default, so omitted) and IssuerSerial.
    const essCertId = tlv(tags.sequence, tlv(tags.octetString, sha256(signer.certificate)), tlv(tags.sequence, tlv(tags.sequence, tlv(0xa4, certificate.issuer)), serial));
    parts = { issuerAndSerial: tlv(tags.sequence, certificate.issuer, serial), essSigningCertificate: attribute(oids.signingCertificateV2, tlv(tags.sequence, tlv(tags.sequence, essCertId))) };
    signersParts.set(signer, parts);
  }
  return parts;
}

function attribute(type: string, ...values: Uint8Array[]): Buffer {
  return tlv(tags.sequence, encodeOid(type), tlv(tags.set, ...values));
}

/** An AlgorithmIdentifier with NULL parameters, as the digest and RSA algorithms are written. */
function algorithm(oid: string): Buffer {
  return tlv(tags.sequence, encodeOid(oid), derNull);
}

function integer(value: number): Buffer {
  return tlv(tags.integer, Buffer.from([value]));
}

/** GeneralizedTime in UTC with the milliseconds when there are any, without trailing zeros (DER). */
function generalizedTime(time: Date): string {
  const [date, clock] = time.toISOString().split('T') as [string, string];
  const [whole, fraction] = clock.slice(0, -1).split('.') as [string, string];
  const millis = fraction.replace(/0+$/, '');
  return `${date.replaceAll('-', '')}${whole.replaceAll(':', '')}${millis ? `.${millis}` : ''}Z`;
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

// Serials come from a pool filled 4 KB at a time: a randomBytes call costs microseconds whatever its size.
const serialEntropy = { bytes: new Uint8Array(0), used: 0 };

function positiveSerial(): Uint8Array {
  if (serialEntropy.used + 16 > serialEntropy.bytes.length) {
    serialEntropy.bytes = new Uint8Array(randomBytes(4096));
    serialEntropy.used = 0;
  }
  const bytes = serialEntropy.bytes.slice(serialEntropy.used, serialEntropy.used + 16);
  serialEntropy.used += 16;
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}
