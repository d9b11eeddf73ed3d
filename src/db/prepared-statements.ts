/**
 * A pg client that prepares each parameterised statement once per connection. node-postgres sends a
 * query without a name as an unnamed statement, which PostgreSQL parses, analyses and plans on every
 * execution; issuing a certificate runs a handful of large statements (CTEs with audit, idempotency and
 * contact rows), and parsing them again each time was about a third of PostgreSQL's CPU per certificate.
 * Named, they are parsed once per connection and their plans cached (PostgreSQL's plan cache).
 *
 * Bounded: a connection names at most `maxStatementsPerConnection` distinct texts (queries whose text
 * varies with their input, such as multi-row inserts, stay unnamed beyond that). Through a pooler,
 * PgBouncer needs transaction pooling with `max_prepared_statements` (1.21 or later) or session pooling.
 * A schema change while the process runs (a migration by a newer version) can make a prepared `SELECT *`
 * fail once with "cached plan must not change result type"; that connection then stops naming statements.
 */
import pg from 'pg';

export const maxStatementsPerConnection = 256;

/** SQLSTATE feature_not_supported: PostgreSQL's answer when a prepared statement's result columns changed. */
const cachedPlanChanged = '0A000';

type QueryCallback = (error: Error, result: pg.QueryResult) => void;

export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();
  private naming = true;

  // pg's query() is overloaded many ways; this override only changes (text, values) calls that return a promise, as Kysely makes them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: QueryCallback): any {
    if (typeof config !== 'string' || !Array.isArray(values) || typeof callback === 'function') return super.query(config, values, callback as QueryCallback);
    const name = this.statementName(config);
    if (name === undefined) return super.query(config, values);
    return (super.query({ name, text: config, values }) as unknown as Promise<pg.QueryResult>).catch((error: Error & { code?: string }) => {
      if (error.code === cachedPlanChanged) this.stopNaming();
      throw error;
    });
  }

  private statementName(text: string): string | undefined {
    if (!this.naming) return undefined;
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= maxStatementsPerConnection) return known;
    const name = `medcert_${this.names.size}`;
    this.names.set(text, name);
    return name;
  }

  private stopNaming(): void {
    this.naming = false;
    this.names.clear();
  }
}
