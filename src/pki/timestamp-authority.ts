/**
 * The time-stamping authority (RFC 3161) built on pkijs: TSTInfo signed as CMS SignedData by the
 * TSA's own key and certificate (extKeyUsage timeStamping, critical), with ESS signing-certificate-v2.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { MalformedTimestampRequestError } from './errors';
import type { SigningKey } from './key-store';
import type { TimestampAuthority } from './trust-services';
import { bridgedEngine, bridgedPrivateKey } from './webcrypto-bridge';
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
} as const;

const digestLengths: Record<string, number> = { '2.16.840.1.101.3.4.2.1': 32, '2.16.840.1.101.3.4.2.2': 48, '2.16.840.1.101.3.4.2.3': 64 };
const sha256Oid = '2.16.840.1.101.3.4.2.1';
const pkiStatus = { granted: 0 } as const;

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

/** A TimeStampToken (CMS ContentInfo DER) over `imprint` at `genTime`. */
export async function createTimestampToken(signer: TsaSigner, imprint: MessageImprint, genTime: Date, options: { nonce?: asn1js.Integer; includeCertificate?: boolean } = {}): Promise<Uint8Array> {
  const { certificate, essSigningCertificate } = parsedSigner(signer);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: tsaPolicyOid,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: imprint.hashAlgorithm, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint.digest.slice().buffer }),
    }),
    serialNumber: new asn1js.Integer({ valueHex: positiveSerial().buffer }),
    genTime,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
  const content = new Uint8Array(tstInfo.toSchema().toBER());
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: oids.tstInfo, eContent: new asn1js.OctetString({ valueHex: content.buffer }) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttributes(content, essSigningCertificate) }),
      }),
    ],
    certificates: options.includeCertificate === false ? undefined : [certificate],
  });
  await signedData.sign(bridgedPrivateKey(signer.key), 0, 'SHA-256', undefined, bridgedEngine);
  const contentInfo = new pkijs.ContentInfo({ contentType: oids.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

/** Answers a DER TimeStampReq with a DER TimeStampResp (status granted). */
export async function respondToTimestampRequest(der: Uint8Array, signer: TsaSigner, now: Date): Promise<Uint8Array> {
  const request = parseTimestampRequest(der);
  const token = await createTimestampToken(signer, request.imprint, now, { nonce: request.nonce, includeCertificate: request.certReq });
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

// Parsing the TSA certificate with asn1js dominates a token's cost; each signer is parsed once.
const parsedSigners = new WeakMap<TsaSigner, { certificate: pkijs.Certificate; essSigningCertificate: pkijs.Attribute }>();

function parsedSigner(signer: TsaSigner) {
  let entry = parsedSigners.get(signer);
  if (!entry) {
    const certificate = pkijs.Certificate.fromBER(bufferSource(signer.certificate));
    entry = { certificate, essSigningCertificate: new pkijs.Attribute({ type: oids.signingCertificateV2, values: [signingCertificateV2(signer.certificate, certificate)] }) };
    parsedSigners.set(signer, entry);
  }
  return entry;
}

function signedAttributes(content: Uint8Array, essSigningCertificate: pkijs.Attribute): pkijs.Attribute[] {
  const attributes = [
    new pkijs.Attribute({ type: oids.contentType, values: [new asn1js.ObjectIdentifier({ value: oids.tstInfo })] }),
    new pkijs.Attribute({ type: oids.messageDigest, values: [new asn1js.OctetString({ valueHex: sha256(content).buffer })] }),
    essSigningCertificate,
  ];
  // DER orders SET OF by encoding; verifiers that re-encode would otherwise see other bytes.
  return attributes.map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER()) })).sort((a, b) => Buffer.compare(a.der, b.der)).map(({ attribute }) => attribute);
}

/** ESS SigningCertificateV2 (RFC 5035) with one ESSCertIDv2: SHA-256 (the default, so omitted) and IssuerSerial. pkijs has no class for it. */
function signingCertificateV2(certificateDer: Uint8Array, certificate: pkijs.Certificate): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] })] }),
      certificate.serialNumber,
    ],
  });
  const essCertId = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(certificateDer).buffer }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

function positiveSerial(): Uint8Array {
  const bytes = new Uint8Array(randomBytes(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}
