/** The registry: facilities, practitioners, their append-only licence status histories and memberships. */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const facilityKinds = `'public_hospital','private_hospital','medical_clinic','dental_clinic','medtech_clinic','pharmacy'`;
const professions = `'physician','dentist','medical_technologist','pharmacist','nurse'`;
const licenceStatuses = `'active','suspended','revoked','expired'`;

export const registryMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    // Trigram indexes make name-fragment search fast; PGlite loads the extension in src/db/database.ts.
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

    await db.schema
      .createTable('facilities')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('licence_number', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql.raw(`kind in (${facilityKinds})`)))
      .addColumn('name_th', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      // ISO 3166-2:TH subdivision code: TH-10 (Bangkok) … TH-96, or TH-S (Pattaya).
      .addColumn('province', 'text', (c) => c.notNull().check(sql`province ~ '^TH-([0-9]{2}|S)$'`))
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('free_until', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      // Lower-cased once on write: the name search rechecks this column instead of lower-casing Thai text per query.
      .addColumn('search_text', 'text', (c) => c.generatedAlwaysAs(sql`lower(name_th) || ' ' || lower(name_en)`).stored())
      .execute();
    await sql`CREATE INDEX facilities_search_trgm ON facilities USING gin (search_text gin_trgm_ops)`.execute(db);
    // Pages are ordered by English name: a common fragment walks this index and stops after one page.
    await db.schema.createIndex('facilities_name_en').on('facilities').columns(['name_en', 'id']).execute();
    await db.schema.createIndex('facilities_province').on('facilities').columns(['province', 'name_en', 'id']).execute();

    await db.schema
      .createTable('practitioners')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('profession', 'text', (c) => c.notNull().check(sql.raw(`profession in (${professions})`)))
      .addColumn('licence_number', 'text', (c) => c.notNull())
      .addColumn('name_th', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      // Personal data: links a practitioner to a ThaiD login; never shown by the public lookup.
      .addColumn('national_id', 'text', (c) => c.unique())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('practitioners_profession_licence', ['profession', 'licence_number'])
      .execute();
    await db.schema.createIndex('practitioners_licence').on('practitioners').column('licence_number').execute();

    await db.schema
      .createTable('practitioner_specialties')
      .addColumn('practitioner_id', 'uuid', (c) => c.notNull().references('practitioners.id'))
      .addColumn('specialty', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('practitioner_specialties_pk', ['practitioner_id', 'specialty'])
      .execute();

    for (const [table, owner, ownerTable] of [
      ['facility_licence_status', 'facility_id', 'facilities'],
      ['practitioner_licence_status', 'practitioner_id', 'practitioners'],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn(owner, 'uuid', (c) => c.notNull().references(`${ownerTable}.id`))
        .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${licenceStatuses})`)))
        .addColumn('effective_from', 'timestamptz', (c) => c.notNull())
        // clock_timestamp(), not now(): rows appended in one transaction still get distinct, ordered times.
        .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
        .addColumn('note', 'text')
        .execute();
      await sql.raw(`CREATE INDEX ${table}_at ON ${table} (${owner}, effective_from DESC, recorded_at DESC)`).execute(db);
    }

    // History is appended, never rewritten: the database itself refuses UPDATE, DELETE and TRUNCATE.
    await sql`CREATE FUNCTION registry_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'licence status history is append-only (% on %)', TG_OP, TG_TABLE_NAME;
      END $$`.execute(db);
    for (const table of ['facility_licence_status', 'practitioner_licence_status']) {
      await sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION registry_history_is_append_only()`).execute(db);
      await sql.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION registry_history_is_append_only()`).execute(db);
    }

    await db.schema
      .createTable('memberships')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
      .addColumn('practitioner_id', 'uuid', (c) => c.notNull().references('practitioners.id'))
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','signer','staff')`))
      .addColumn('since', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('until', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    // One open membership per person, facility and role; ended ones stay as history.
    await sql`CREATE UNIQUE INDEX memberships_open ON memberships (facility_id, practitioner_id, role) WHERE until IS NULL`.execute(db);
    await db.schema.createIndex('memberships_practitioner').on('memberships').columns(['practitioner_id', 'facility_id']).execute();
    await db.schema.createIndex('memberships_facility').on('memberships').column('facility_id').execute();
  },
};
