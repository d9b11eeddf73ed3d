/**
 * Links a citizen makes to show one certificate to someone else: a 256-bit random token (only its
 * SHA-256 stored) that expires after 1 hour, 24 hours or 7 days and can be revoked at any time. Each
 * open is recorded with its time and a coarse browser description, never an IP address.
 */
import type { Db } from '../db/database';
import { ConflictError, NotFoundError } from '../errors';
import { newOpaqueToken, tokenDigest } from '../accounts/opaque-token';
import type { AuditAppender } from '../certificates/ports';
import { isUuid } from '../certificates/queries';
import type { CertificateStatus } from '../certificates/tables';
import { maskIdentifier } from '../identity/foreign-identifier';
import { maskNationalId } from '../identity/thai-national-id';
import type { BlobStore } from '../storage/blob-store';
import { ShareLinkGoneError } from './errors';
import type { ShareLinkAction } from './tables';
import type { Bilingual } from './wallet-certificates';

export const shareLifetimes = { '1h': 60 * 60_000, '24h': 24 * 60 * 60_000, '7d': 7 * 24 * 60 * 60_000 } as const;
export type ShareLifetime = keyof typeof shareLifetimes;

export interface ShareLinksDeps {
  db: Db;
  blobs: BlobStore;
  audit: AuditAppender;
  now: () => Date;
  typeName: (typeId: string) => Bilingual | null;
}

export interface ShareLinkSummary {
  id: string;
  certificateId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
  opens: { at: string; action: ShareLinkAction; agent: string }[];
}

/** What the person given the link sees: enough to recognise the certificate, then the PDF and its verification. */
export interface SharedCertificate {
  certificate: {
    id: string;
    type: string;
    typeName: Bilingual | null;
    status: CertificateStatus;
    issuedAt: string | null;
    facility: { name: Bilingual };
    patient: { nameTh: string | null; nameEn: string; maskedId: string };
  };
  expiresAt: string;
}

/** The citizen acting on their links: their subject key, and how the audit log names them. */
export interface LinkOwner {
  subjectKey: string;
  actor: string;
}

const maxOpensListed = 50;

export function createShareLinks(deps: ShareLinksDeps) {
  async function create(owner: LinkOwner, certificateId: string, lifetime: ShareLifetime): Promise<{ id: string; token: string; expiresAt: Date }> {
    const { subjectKey } = owner;
    const certificate = isUuid(certificateId)
      ? await deps.db.selectFrom('certificates').select(['id', 'status', 'pdf_key', 'facility_id']).where('id', '=', certificateId).where('subject_key', '=', subjectKey).executeTakeFirst()
      : undefined;
    if (!certificate) throw new NotFoundError('No such certificate in your wallet.');
    if (certificate.status !== 'issued' || !certificate.pdf_key) throw new ConflictError('Only an issued certificate can be shared.');
    const token = newOpaqueToken();
    const now = deps.now();
    const expiresAt = new Date(now.getTime() + shareLifetimes[lifetime]);
    const row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('share_links').values({ token_hash: tokenDigest(token), certificate_id: certificate.id, subject_key: subjectKey, expires_at: expiresAt, revoked_at: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
      await deps.audit.append({ actor: owner.actor, action: 'share_link.created', targetKind: 'certificate', targetId: certificate.id, facilityId: certificate.facility_id, details: { lifetime } }, trx);
      return inserted;
    });
    return { id: row.id, token, expiresAt };
  }

  /** The subject's links for one certificate (or all), newest first, with who opened them. */
  async function list(subjectKey: string, certificateId?: string): Promise<ShareLinkSummary[]> {
    let query = deps.db.selectFrom('share_links').select(['id', 'certificate_id', 'created_at', 'expires_at', 'revoked_at']).where('subject_key', '=', subjectKey);
    if (certificateId !== undefined) query = query.where('certificate_id', '=', isUuid(certificateId) ? certificateId : '00000000-0000-0000-0000-000000000000');
    const links = await query.orderBy('created_at', 'desc').limit(100).execute();
    const opens = links.length
      ? await deps.db.selectFrom('share_link_opens').select(['share_link_id', 'opened_at', 'action', 'agent']).where('share_link_id', 'in', links.map((l) => l.id)).orderBy('opened_at', 'desc').execute()
      : [];
    const now = deps.now();
    return links.map((link) => ({
      id: link.id,
      certificateId: link.certificate_id,
      createdAt: link.created_at.toISOString(),
      expiresAt: link.expires_at.toISOString(),
      revokedAt: link.revoked_at?.toISOString() ?? null,
      state: link.revoked_at ? 'revoked' : link.expires_at <= now ? 'expired' : 'active',
      opens: opens
        .filter((open) => open.share_link_id === link.id)
        .slice(0, maxOpensListed)
        .map((open) => ({ at: open.opened_at.toISOString(), action: open.action, agent: open.agent })),
    }));
  }

  async function revoke(owner: LinkOwner, linkId: string): Promise<void> {
    const { subjectKey } = owner;
    const link = isUuid(linkId) ? await deps.db.selectFrom('share_links').select(['id', 'certificate_id', 'revoked_at']).where('id', '=', linkId).where('subject_key', '=', subjectKey).executeTakeFirst() : undefined;
    if (!link) throw new NotFoundError('No such share link.');
    if (link.revoked_at) return;
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('share_links').set({ revoked_at: deps.now() }).where('id', '=', link.id).where('revoked_at', 'is', null).execute();
      await deps.audit.append({ actor: owner.actor, action: 'share_link.revoked', targetKind: 'certificate', targetId: link.certificate_id }, trx);
    });
  }

  /** The live link behind a token; unknown tokens are "not found", expired or revoked ones "gone". */
  async function live(token: string) {
    const link = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await deps.db.selectFrom('share_links').select(['id', 'certificate_id', 'expires_at', 'revoked_at']).where('token_hash', '=', tokenDigest(token)).executeTakeFirst()
      : undefined;
    if (!link) throw new NotFoundError('There is no such share link.');
    if (link.revoked_at) throw new ShareLinkGoneError('The owner of this certificate has revoked the link.', { reason: 'revoked' });
    if (link.expires_at <= deps.now()) throw new ShareLinkGoneError('This share link has expired; ask the owner for a new one.', { reason: 'expired' });
    return link;
  }

  async function recordOpen(linkId: string, action: ShareLinkAction, userAgent: string): Promise<void> {
    await deps.db.insertInto('share_link_opens').values({ share_link_id: linkId, action, agent: userAgent, opened_at: deps.now() }).execute();
  }

  async function view(token: string, agent: string): Promise<SharedCertificate> {
    const link = await live(token);
    const row = await deps.db
      .selectFrom('certificates')
      .innerJoin('facilities', 'facilities.id', 'certificates.facility_id')
      .select(['certificates.id', 'certificates.type', 'certificates.status', 'certificates.issued_at', 'certificates.patient', 'facilities.name_th', 'facilities.name_en'])
      .where('certificates.id', '=', link.certificate_id)
      .executeTakeFirstOrThrow();
    await recordOpen(link.id, 'view', agent);
    const patient = row.patient as { nameTh?: string; nameEn: string; nationalId?: string; passport?: { number: string; nationality: string }; workPermit?: string };
    return {
      certificate: {
        id: row.id,
        type: row.type,
        typeName: deps.typeName(row.type),
        status: row.status,
        issuedAt: row.issued_at?.toISOString() ?? null,
        facility: { name: { th: row.name_th, en: row.name_en } },
        patient: { nameTh: patient.nameTh ?? null, nameEn: patient.nameEn, maskedId: maskedIdOf(patient) },
      },
      expiresAt: link.expires_at.toISOString(),
    };
  }

  async function pdf(token: string, agent: string): Promise<{ certificateId: string; pdf: Uint8Array }> {
    const link = await live(token);
    const row = await deps.db.selectFrom('certificates').select(['pdf_key']).where('id', '=', link.certificate_id).executeTakeFirstOrThrow();
    const bytes = row.pdf_key ? await deps.blobs.get(row.pdf_key) : undefined;
    if (!bytes) throw new NotFoundError('This certificate has no signed PDF.');
    await recordOpen(link.id, 'download', agent);
    return { certificateId: link.certificate_id, pdf: bytes };
  }

  return { create, list, revoke, view, pdf };
}

export type ShareLinks = ReturnType<typeof createShareLinks>;

function maskedIdOf(patient: { nationalId?: string; passport?: { number: string; nationality: string }; workPermit?: string }): string {
  if (patient.nationalId) return maskNationalId(patient.nationalId);
  if (patient.passport) return `${patient.passport.nationality} ${maskIdentifier(patient.passport.number)}`;
  return maskIdentifier(patient.workPermit ?? '');
}
