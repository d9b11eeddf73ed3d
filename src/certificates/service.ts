/** Builds the certificates domain's services from their dependencies, once per process. */
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import type { RegistryService } from '../registry/service';
import type { BlobStore } from '../storage/blob-store';
import { createConsents } from './consents';
import { createIssuance } from './issuance';
import type { CertificateEvent, CertificateEventListener, CertificateProducer, CertificateTypeCatalog } from './ports';
import { createCertificateQueries } from './queries';
import { createRevocation } from './revocation';
import { registrySignerEligibility } from './signer-eligibility';

export interface CertificateServicesDeps {
  db: Db;
  blobs: BlobStore;
  audit: AuditLog;
  registry: RegistryService;
  types: CertificateTypeCatalog & { ids(): string[] };
  producer: CertificateProducer;
  signingLeaseMs?: number;
}

/** Lets the server attach listeners (webhooks, LINE) after the services exist. */
export function createEventHub() {
  const listeners: CertificateEventListener[] = [];
  return {
    subscribe: (listener: CertificateEventListener) => void listeners.push(listener),
    publish: async (event: CertificateEvent) => {
      await Promise.allSettled(listeners.map((listener) => listener(event)));
    },
  };
}

export function createCertificateServices(deps: CertificateServicesDeps) {
  const events = createEventHub();
  return {
    events,
    issuance: createIssuance({ db: deps.db, blobs: deps.blobs, types: deps.types, signers: registrySignerEligibility(deps.registry), producer: deps.producer, audit: deps.audit, leaseMs: deps.signingLeaseMs, onEvent: events.publish }),
    revocation: createRevocation({ db: deps.db, audit: deps.audit, onEvent: events.publish }),
    consents: createConsents({ db: deps.db, audit: deps.audit, knownTypes: () => deps.types.ids() }),
    queries: createCertificateQueries(deps.db, deps.blobs),
  };
}

export type CertificateServices = ReturnType<typeof createCertificateServices>;
