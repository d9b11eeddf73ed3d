/** The Station service: every Station action bound to its dependencies once, as the app context carries it. */
import { Readable } from 'node:stream';
import { assertFacilityAccess, type Caller } from '../accounts/caller';
import { issueFromCsv, type BulkReport } from '../certificates/bulk-csv';
import type { StationDeps, Origin } from './deps';
import { correctCertificate, searchCertificates, type CertificateSearch, type Correction } from './certificates';
import { MedcertError } from '../errors';
import { NotAPractitionerAccountError } from './errors';
import { acceptInvitation, type InvitationAcceptance } from './invitations';
import { decideOnboarding, listOnboarding, requestOnboarding, type OnboardingDecision } from './onboarding';
import { facilitySummary, stationSelf } from './overview';
import { previewCertificate, previewDraft, type PreviewRequest } from './preview';
import { inviteSigner, listSigners, removeSigner } from './signers';
import type { OnboardingStatus } from './tables';

export type BulkEvent = { progress: BulkReport } | { report: BulkReport } | { error: { code: string; detail: string } };

export function createStation(deps: StationDeps) {
  return {
    self: (caller: Caller) => stationSelf(deps, caller),
    facility: (caller: Caller, facilityId: string) => facilitySummary(deps, caller, facilityId),
    requestOnboarding: (caller: Caller, licenceNumber: string, origin: Origin) => requestOnboarding(deps, caller, licenceNumber, origin),
    listOnboarding: (caller: Caller, status?: OnboardingStatus) => listOnboarding(deps, caller, status),
    decideOnboarding: (caller: Caller, id: string, decision: OnboardingDecision, origin: Origin) => decideOnboarding(deps, caller, id, decision, origin),
    listSigners: (caller: Caller, facilityId: string) => listSigners(deps, caller, facilityId),
    inviteSigner: (caller: Caller, facilityId: string, request: { licenceNumber: string; profession?: string }, origin: Origin) => inviteSigner(deps, caller, facilityId, request, origin),
    removeSigner: (caller: Caller, facilityId: string, practitionerId: string, origin: Origin) => removeSigner(deps, caller, facilityId, practitionerId, origin),
    acceptInvitation: (request: InvitationAcceptance, origin: Origin) => acceptInvitation(deps, request, origin),
    startTotpEnrolment: (caller: Caller) => deps.accounts.startTotpEnrolment(caller.id),
    confirmTotpEnrolment: (caller: Caller, code: string, origin: Origin) => deps.accounts.confirmTotpEnrolment(caller.id, code, origin),
    types: () => deps.types.ids().map((id) => {
      const type = deps.types.get(id);
      return { id, names: type.names, schema: type.schema, labels: type.labels.fields, values: type.labels.values ?? {}, professions: type.professions };
    }),
    previewDraft: (caller: Caller, request: PreviewRequest) => previewDraft(deps, caller, request),
    previewCertificate: (caller: Caller, id: string) => previewCertificate(deps, caller, id),
    searchCertificates: (caller: Caller, facilityId: string, search: CertificateSearch) => searchCertificates(deps, caller, facilityId, search),
    correctCertificate: (caller: Caller, id: string, correction: Correction, origin: Origin) => correctCertificate(deps, caller, id, correction, origin),
    /**
     * Bulk issuance for the Station: the rows become certificates waiting for the signed-in
     * practitioner's approval; progress is reported after every row as one JSON object a line.
     */
    bulk(caller: Caller, facilityId: string, type: string, csv: Readable, logInternal: (error: unknown) => void): Readable {
      assertFacilityAccess(caller, facilityId, ['admin', 'signer', 'staff']);
      if (!caller.practitionerId) throw new NotAPractitionerAccountError('Bulk issuance from the Station needs a signed-in practitioner, who signs the rows afterwards.');
      deps.types.schema(type);
      const context = { type, facilityId, practitionerId: caller.practitionerId, actor: caller.actor, signNow: false };
      return Readable.from(bulkEvents(csv, (onProgress) => issueFromCsv(csv, context, deps.issuance, deps.types, onProgress), logInternal), { objectMode: false });
    },
  };
}

/** Runs `run`, yielding a progress line per row as it goes and the report (or the error) at the end. */
async function* bulkEvents(csv: Readable, run: (onProgress: (report: BulkReport) => void) => Promise<BulkReport>, logInternal: (error: unknown) => void): AsyncGenerator<string> {
  const queue: BulkEvent[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const push = (event: BulkEvent) => {
    queue.push(event);
    wake?.();
  };
  run((report) => push({ progress: { ...report, failed: [...report.failed] } }))
    .then((report) => push({ report }))
    .catch((error: unknown) => {
      csv.resume();
      if (error instanceof MedcertError && error.httpStatus < 500) push({ error: { code: error.code, detail: error.message } });
      else {
        logInternal(error);
        push({ error: { code: 'ERR_INTERNAL', detail: 'The upload stopped because of an internal error; it has been logged.' } });
      }
    })
    .finally(() => {
      finished = true;
      wake?.();
    });
  for (;;) {
    const event = queue.shift();
    if (event) {
      yield `${JSON.stringify(event)}\n`;
      continue;
    }
    if (finished) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}

export type Station = ReturnType<typeof createStation>;
