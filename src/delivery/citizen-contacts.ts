/** The contact phone kept for each subject key: recorded at issuance (or by the demo seed), read when a citizen signs in. */
import type { QueryCreator } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';

/** Records the latest phone for the subject. */
export async function rememberContactPhone(db: Db, subjectKey: string, phone: string, at: Date = new Date()): Promise<void> {
  await contactPhoneUpsert(db, subjectKey, phone, at).execute();
}

/** The statement `rememberContactPhone` runs, for a statement that also records the certificate (a data-modifying CTE). */
export function contactPhoneUpsert(db: QueryCreator<Database>, subjectKey: string, phone: string, at: Date) {
  return db
    .insertInto('citizen_contacts')
    .values({ subject_key: subjectKey, phone, updated_at: at })
    .onConflict((c) => c.column('subject_key').doUpdateSet({ phone, updated_at: at }));
}

export async function contactPhoneOf(db: Db, subjectKey: string): Promise<string | null> {
  const row = await db.selectFrom('citizen_contacts').select('phone').where('subject_key', '=', subjectKey).executeTakeFirst();
  return row?.phone ?? null;
}
