/** The DCC service the server and CLI use: issue with the configured document signer, verify against a given DSC, a DSC list or our own signers. */
import { parseDsc, type DocumentSignerCertificate } from './document-signer-certificate';
import { developmentDocumentSigner, type DocumentSigner } from './document-signer';
import { DccSignerUnavailableError } from './errors';
import { pkiDocumentSigner, type PkiDocumentSignerDeps } from './pki-document-signer';
import { issueDcc, type IssuedDcc } from './issue';
import { trustFromCertificates, trustFromGatewayList, type DscTrust } from './trust';
import { loadValueSets } from './value-set-catalog';
import { verifyHc1, type DccVerification } from './verify';

export interface DccVerifyRequest {
  hc1: unknown;
  /** A DSC as PEM or base64 DER: trust only it. */
  dsc?: string;
  /** A DSC list in the EU gateway format: trust its DSCs. */
  trustList?: string;
  at?: Date;
}

export interface DccService {
  issue(payload: unknown): Promise<IssuedDcc>;
  verify(request: DccVerifyRequest): Promise<DccVerification>;
}

export interface DccServiceDeps {
  /** The signer for new DCCs; may throw DccSignerUnavailableError. */
  signer: () => Promise<DocumentSigner>;
  /** Our own DSCs, trusted when a request names no DSC or list. */
  ownCertificates: () => Promise<DocumentSignerCertificate[]>;
  issuerCountry?: string;
  now?: () => Date;
}

export function createDccService(deps: DccServiceDeps): DccService {
  const valueSets = loadValueSets();
  const now = deps.now ?? (() => new Date());
  return {
    issue: async (payload) => issueDcc(payload, { signer: await deps.signer(), valueSets, issuerCountry: deps.issuerCountry, now: now() }),
    verify: async ({ hc1, dsc, trustList, at }) => verifyHc1(hc1, { trust: await trustFor(dsc, trustList, deps), at: at ?? now() }),
  };
}

async function trustFor(dsc: string | undefined, trustList: string | undefined, deps: DccServiceDeps): Promise<DscTrust> {
  if (dsc !== undefined) return trustFromCertificates([parseDsc(dsc)]);
  if (trustList !== undefined) return trustFromGatewayList(trustList);
  return trustFromCertificates(await deps.ownCertificates());
}

/** Memoises an async factory, forgetting a failure so a later call can retry. */
export function once<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/**
 * The service as configured: DSCs from our PKI when the context has one, else (outside production)
 * the development signer.
 */
export function createConfiguredDccService(config: { dataDir: string; production: boolean }, pki?: PkiDocumentSignerDeps): DccService {
  const signer = once(() => (pki ? pkiDocumentSigner(pki) : developmentDocumentSigner(config)));
  return createDccService({
    signer,
    ownCertificates: async () => {
      try {
        return [(await signer()).dsc];
      } catch (error) {
        if (error instanceof DccSignerUnavailableError) return [];
        throw error;
      }
    },
  });
}
