/**
 * LINE account linking (LINE's account-link flow): a signed-in citizen gets a one-time nonce, LINE
 * hands it back in the signed `accountLink` event, and that binds the LINE user to the citizen's
 * subject key. One LINE user per citizen and one citizen per LINE user; either side may unlink.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';

/** LINE's link tokens live 10 minutes; a nonce needs to outlive them by no more. */
export const linkNonceTtlMs = 10 * 60_000;

export interface LineLinksDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  now?: () => Date;
}

export interface LineLink {
  id: string;
  lineUserId: string;
  linkedAt: Date;
}

export function createLineLinks(deps: LineLinksDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** A fresh nonce (256 random bits) for the citizen; only its hash is kept. */
  async function issueNonce(subjectKey: string): Promise<string> {
    const nonce = randomBytes(32).toString('base64url');
    await db.deleteFrom('line_link_nonces').where('subject_key', '=', subjectKey).where('expires_at', '<', now()).execute();
    await db.insertInto('line_link_nonces').values({ nonce_hash: digest(nonce), subject_key: subjectKey, expires_at: new Date(now().getTime() + linkNonceTtlMs), used_at: null }).execute();
    return nonce;
  }

  /** Binds the LINE user to the citizen who was given `nonce`; false when the nonce is unknown, used or expired. */
  async function completeLink(nonce: string, lineUserId: string): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('line_link_nonces')
        .set({ used_at: now() })
        .where('nonce_hash', '=', digest(nonce))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now())
        .returning('subject_key')
        .executeTakeFirst();
      if (!claimed) return false;
      const replaced = await trx
        .deleteFrom('line_links')
        .where((eb) => eb.or([eb('line_user_id', '=', lineUserId), eb('subject_key', '=', claimed.subject_key)]))
        .returning('id')
        .execute();
      for (const old of replaced) await deps.audit.append({ actor: 'system', action: 'line.unlinked', targetKind: 'line_link', targetId: old.id, details: { reason: 'relinked' } }, trx);
      const link = await trx.insertInto('line_links').values({ line_user_id: lineUserId, subject_key: claimed.subject_key, linked_at: now() }).returning('id').executeTakeFirstOrThrow();
      await deps.audit.append({ actor: 'system', action: 'line.linked', targetKind: 'line_link', targetId: link.id }, trx);
      return true;
    });
  }

  async function subjectKeyOf(lineUserId: string): Promise<string | null> {
    const row = await db.selectFrom('line_links').select('subject_key').where('line_user_id', '=', lineUserId).executeTakeFirst();
    return row?.subject_key ?? null;
  }

  async function linkOf(subjectKey: string): Promise<LineLink | null> {
    const row = await db.selectFrom('line_links').select(['id', 'line_user_id', 'linked_at']).where('subject_key', '=', subjectKey).executeTakeFirst();
    return row ? { id: row.id, lineUserId: row.line_user_id, linkedAt: row.linked_at } : null;
  }

  /** Unlinks by either side; `actor` is the citizen's `user:<id>` or `system` for the LINE side. Returns whether a link existed. */
  async function unlink(by: { lineUserId: string } | { subjectKey: string }, actor: string, reason: 'citizen' | 'line_user' | 'unfollowed'): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('line_links')
        .where((eb) => ('lineUserId' in by ? eb('line_user_id', '=', by.lineUserId) : eb('subject_key', '=', by.subjectKey)))
        .returning('id')
        .executeTakeFirst();
      if (removed) await deps.audit.append({ actor, action: 'line.unlinked', targetKind: 'line_link', targetId: removed.id, details: { reason } }, trx);
      return Boolean(removed);
    });
  }

  return { issueNonce, completeLink, subjectKeyOf, linkOf, unlink };
}

export type LineLinks = ReturnType<typeof createLineLinks>;

function digest(nonce: string): string {
  return createHash('sha256').update(nonce).digest('hex');
}
