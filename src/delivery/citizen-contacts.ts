/** The contact phone kept for each subject key: recorded at issuance (or by the demo seed), read when a citizen signs in. */
import type { Db } from '../db/database';

/** Records the latest phone for the subject; `db` may be a transaction, so the phone commits with the certificate. */
export async function rememberContactPhone(db: Db, subjectKey: string, phone: string, at: Date = new Date()): Promise<void> {
  await db
    .insertInto('citizen_contacts')
    .values({ subject_key: subjectKey, phone, updated_at: at })
    .onConflict((c) => c.column('subject_key').doUpdateSet({ phone, updated_at: at }))
    .execute();
}

export async function contactPhoneOf(db: Db, subjectKey: string): Promise<string | null> {
  const row = await db.selectFrom('citizen_contacts').select('phone').where('subject_key', '=', subjectKey).executeTakeFirst();
  return row?.phone ?? null;
}
