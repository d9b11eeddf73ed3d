/**
 * Assembles and signs the trust list from the PKI (trust anchors, facilities' current e-seal
 * certificates) and the registry (facilities and their licence status), cached for a few minutes.
 */
import type { Db } from '../db/database';
import type { SigningIdentity } from '../pki/key-store';
import type { RegistryService } from '../registry/service';
import { describeCa, describeSealKey, signTrustList, type SignedTrustList, type TrustedFacility } from './trust-list';

export interface TrustListDeps {
  db: Db;
  registry: RegistryService;
  trustAnchors: () => Promise<Uint8Array[]>;
  /** The platform identity that signs the list. */
  signer: () => Promise<SigningIdentity>;
  issuer: string;
  now?: () => Date;
  cacheMs?: number;
}

export function createTrustListService(deps: TrustListDeps) {
  const now = deps.now ?? (() => new Date());
  const cacheMs = deps.cacheMs ?? 5 * 60_000;
  let cached: { list: Promise<SignedTrustList>; at: number } | undefined;
  const refreshFloorMs = 5_000;

  async function build(): Promise<SignedTrustList> {
    const at = now();
    const anchors = await deps.trustAnchors();
    const seals = await deps.db
      .selectFrom('pki_certificates')
      .select(['owner_id', 'der'])
      .where('owner_kind', '=', 'facility')
      .where('status', '=', 'good')
      .where('not_after', '>', at)
      .execute();
    const facilityIds = [...new Set(seals.map((seal) => seal.owner_id).filter((id): id is string => id !== null))];
    const facilities: TrustedFacility[] = [];
    for (const id of facilityIds) {
      const facility = await deps.registry.getFacility(id);
      facilities.push({ id, licenceNumber: facility.licenceNumber, nameTh: facility.nameTh, nameEn: facility.nameEn, status: (await deps.registry.facilityLicenceStatusAt(id, at)) ?? 'unknown' });
    }
    const body = {
      version: 1 as const,
      issuer: deps.issuer,
      issuedAt: at.toISOString(),
      nextUpdate: new Date(at.getTime() + 24 * 3600_000).toISOString(),
      cas: anchors.map((der, index) => describeCa(index === 0 ? 'root' : `anchor-${index}`, der)),
      sealKeys: seals.filter((seal) => seal.owner_id).map((seal) => describeSealKey(seal.owner_id!, new Uint8Array(seal.der))),
      facilities,
    };
    return signTrustList(body, (await deps.signer()).key);
  }

  return {
    current(): Promise<SignedTrustList> {
      if (!cached || Date.now() - cached.at > cacheMs) {
        cached = { list: build(), at: Date.now() };
        cached.list.catch(() => (cached = undefined));
      }
      return cached.list;
    },
    /** Rebuilds the list if it is older than a few seconds (a new facility seal may be missing from it). */
    refresh(): Promise<SignedTrustList> {
      if (cached && Date.now() - cached.at < refreshFloorMs) return cached.list;
      cached = undefined;
      return this.current();
    },
  };
}
