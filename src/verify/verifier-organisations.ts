/**
 * Verifier organisations: an employer, insurer or agency registers itself with a managing login
 * (password + TOTP) and waits as `pending` until a platform operator approves it; only an active
 * organisation gets API keys, and suspending it stops every key at once.
 */
import type { Caller } from '../accounts/caller';
import type { RequestOrigin } from '../accounts/deps';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors';
import { NotAVerifierError, VerifierStateError } from './errors';
import { verifierKinds, type VerifierKind, type VerifierStatus } from './tables';
import type { VerifierDeps } from './verifier-deps';

export interface NewOrganisation {
  name: string;
  kind: string;
  contactEmail: string;
  contactPhone?: string;
  /** The managing login created with the organisation. */
  username: string;
  password: string;
}

export interface RegisteredOrganisation {
  id: string;
  status: VerifierStatus;
  userId: string;
  /** Shown once, for the authenticator app of the managing login. */
  totp: { secret: string; uri: string };
}

export interface Organisation {
  id: string;
  name: string;
  kind: VerifierKind;
  contactEmail: string;
  contactPhone: string | null;
  status: VerifierStatus;
  createdAt: string;
}

const emailShape = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const phoneShape = /^\+?[0-9][0-9 -]{5,19}$/;
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const columns = ['id', 'name', 'kind', 'contact_email', 'contact_phone', 'status', 'created_at'] as const;

function checkOrganisation(request: NewOrganisation): { name: string; kind: VerifierKind; contactEmail: string; contactPhone: string | null } {
  const name = request.name.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 200) throw new InvalidInputError('An organisation name has 2 to 200 characters.');
  if (!(verifierKinds as readonly string[]).includes(request.kind)) throw new InvalidInputError(`The kind of organisation is one of ${verifierKinds.join(', ')}.`);
  const contactEmail = request.contactEmail.trim().toLowerCase();
  if (!emailShape.test(contactEmail)) throw new InvalidInputError('The contact e-mail address is not valid.');
  const contactPhone = request.contactPhone?.trim() || null;
  if (contactPhone !== null && !phoneShape.test(contactPhone)) throw new InvalidInputError('The contact phone number has 6 to 20 digits, spaces or dashes.');
  return { name, kind: request.kind as VerifierKind, contactEmail, contactPhone };
}

/** Creates the organisation (pending), its managing login and the membership together, or nothing at all. */
export async function registerOrganisation(deps: VerifierDeps, request: NewOrganisation, origin: RequestOrigin): Promise<RegisteredOrganisation> {
  const organisation = checkOrganisation(request);
  return deps.db.transaction().execute(async (trx) => {
    const user = await deps.createUser({ username: request.username, password: request.password, platformRole: 'verifier_org', withTotp: true }, trx);
    const row = await trx
      .insertInto('verifier_organisations')
      .values({ name: organisation.name, kind: organisation.kind, contact_email: organisation.contactEmail, contact_phone: organisation.contactPhone, decided_at: null, decided_by: null })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    await trx.insertInto('verifier_members').values({ user_id: user.id, organisation_id: row.id }).execute();
    await deps.audit.append({ actor: `user:${user.id}`, action: 'verifier.registered', targetKind: 'verifier_organisation', targetId: row.id, ip: origin.ip, requestId: origin.requestId, details: { kind: organisation.kind } }, trx);
    return { id: row.id, status: row.status, userId: user.id, totp: user.totp! };
  });
}

/** The organisation a user manages, or null. */
export async function organisationOfUser(deps: VerifierDeps, userId: string): Promise<Organisation | null> {
  const row = await deps.db
    .selectFrom('verifier_members')
    .innerJoin('verifier_organisations as o', 'o.id', 'verifier_members.organisation_id')
    .select(columns.map((c) => `o.${c}` as const))
    .where('verifier_members.user_id', '=', userId)
    .executeTakeFirst();
  return row ? toOrganisation(row) : null;
}

/** The organisation the signed-in caller manages; a caller managing none is refused. */
export async function callerOrganisation(deps: VerifierDeps, caller: Caller): Promise<Organisation> {
  const organisation = caller.kind === 'user' ? await organisationOfUser(deps, caller.id) : null;
  if (!organisation) throw new NotAVerifierError('You do not manage a verifier organisation.');
  return organisation;
}

/** Platform operators review registrations: newest first, optionally one status only. */
export async function listOrganisations(deps: VerifierDeps, caller: Caller, status?: VerifierStatus): Promise<Organisation[]> {
  assertOperator(caller);
  let query = deps.db.selectFrom('verifier_organisations').select(columns);
  if (status) query = query.where('status', '=', status);
  return (await query.orderBy('created_at', 'desc').limit(500).execute()).map(toOrganisation);
}

const transitions: Record<'approve' | 'suspend', { from: VerifierStatus[]; to: VerifierStatus }> = {
  approve: { from: ['pending', 'suspended'], to: 'active' },
  suspend: { from: ['pending', 'active'], to: 'suspended' },
};

/** A platform operator approves (or re-activates) an organisation, or suspends it: its keys stop working at once. */
export async function decideOrganisation(deps: VerifierDeps, caller: Caller, organisationId: string, decision: 'approve' | 'suspend', origin: RequestOrigin): Promise<Organisation> {
  assertOperator(caller);
  if (!uuidShape.test(organisationId)) throw new NotFoundError('No such verifier organisation.');
  const { from, to } = transitions[decision];
  return deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('verifier_organisations').select('status').where('id', '=', organisationId).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('No such verifier organisation.');
    if (!from.includes(current.status)) throw new VerifierStateError(`An organisation that is ${current.status} cannot be given the decision ${decision}.`);
    const row = await trx
      .updateTable('verifier_organisations')
      .set({ status: to, decided_at: deps.now(), decided_by: caller.kind === 'user' ? caller.id : null })
      .where('id', '=', organisationId)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await deps.audit.append({ actor: caller.actor, action: `verifier.${decision === 'approve' ? 'approved' : 'suspended'}`, targetKind: 'verifier_organisation', targetId: organisationId, ip: origin.ip, requestId: origin.requestId }, trx);
    return toOrganisation(row);
  });
}

function assertOperator(caller: Caller): void {
  if (caller.platformRole !== 'platform_operator') throw new ForbiddenError('Only platform operators review verifier organisations.');
}

function toOrganisation(row: { id: string; name: string; kind: VerifierKind; contact_email: string; contact_phone: string | null; status: VerifierStatus; created_at: Date }): Organisation {
  return { id: row.id, name: row.name, kind: row.kind, contactEmail: row.contact_email, contactPhone: row.contact_phone, status: row.status, createdAt: row.created_at.toISOString() };
}
