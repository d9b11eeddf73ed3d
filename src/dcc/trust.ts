/** Where verification finds document signer certificates: one given DSC, or a list (EU gateway DSC list format) looked up by kid. */
import { DscInvalidError } from './errors';
import { parseDsc, type DocumentSignerCertificate } from './document-signer-certificate';

export interface DscTrust {
  /** The DSCs that may have signed a message carrying `kid`; all of them when the message names no kid. */
  candidates(kid: Uint8Array | undefined): readonly DocumentSignerCertificate[];
}

export function trustFromCertificates(certificates: readonly DocumentSignerCertificate[]): DscTrust {
  const byKid = new Map<string, DocumentSignerCertificate[]>();
  for (const dsc of certificates) {
    const key = Buffer.from(dsc.kid).toString('base64');
    byKid.set(key, [...(byKid.get(key) ?? []), dsc]);
  }
  return {
    candidates: (kid) => (kid ? (byKid.get(Buffer.from(kid).toString('base64')) ?? []) : certificates),
  };
}

interface GatewayEntry {
  certificateType?: unknown;
  rawData?: unknown;
}

/**
 * Parses a DSC list as the EU gateway publishes it (`GET /trustList/DSC`: an array of entries with
 * base64 `rawData`) or as national backends wrap it (`{"certificates": [...]}`). The listed kid is
 * not trusted: it is recomputed from `rawData`.
 */
export function trustFromGatewayList(json: string): DscTrust {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new DscInvalidError('The DSC list is not JSON.', undefined, { cause: error });
  }
  const entries = Array.isArray(parsed) ? parsed : (parsed as { certificates?: unknown } | null)?.certificates;
  if (!Array.isArray(entries)) throw new DscInvalidError('The DSC list must be an array of entries or an object with a "certificates" array.');
  const certificates = (entries as GatewayEntry[])
    .filter((entry) => entry && typeof entry === 'object' && (entry.certificateType === undefined || entry.certificateType === 'DSC'))
    .map((entry, index) => {
      if (typeof entry.rawData !== 'string') throw new DscInvalidError(`DSC list entry ${index} has no base64 "rawData".`);
      return parseDsc(entry.rawData);
    });
  return trustFromCertificates(certificates);
}
