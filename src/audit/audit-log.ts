/**
 * The append-only audit log: each event is chained to the one before by its hash, appends take the
 * head row FOR UPDATE so concurrent writers (any number of processes) queue instead of forking the
 * chain, and `verifyChain` recomputes every link and names the first broken one.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { normaliseEvent, type AuditEvent, type AuditEventInput } from './audit-event';
import { eventHash, genesisHash } from './event-hash';

export type ChainBreak = 'hash-mismatch' | 'prev-hash-mismatch' | 'missing-event' | 'head-mismatch' | 'anchor-mismatch';

/**
 * A hash recorded outside the database (printed by an earlier `audit verify`, kept elsewhere): whoever
 * can write the database could rewrite a whole tail of the chain consistently, but not these.
 */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export type ChainVerdict =
  | { intact: true; events: number; headHash: string }
  | { intact: false; events: number; brokenSeq: number; reason: ChainBreak };

export interface AuditLog {
  /** Appends one event; pass a transaction as `within` to commit the event together with the change it records. */
  append(event: AuditEventInput, within?: Db): Promise<AuditEvent>;
  verifyChain(anchors?: readonly ChainAnchor[]): Promise<ChainVerdict>;
  /** One facility's events, oldest first, after `afterSeq` (for paging). */
  listForFacility(facilityId: string, options?: { afterSeq?: number; limit?: number }): Promise<AuditEvent[]>;
}

const pageSize = 1000;

const maxBatch = 200;

interface Pending {
  input: ReturnType<typeof normaliseEvent>;
  resolve: (event: AuditEvent) => void;
  reject: (error: unknown) => void;
}

export function createAuditLog(deps: { db: Db; now?: () => Date }): AuditLog {
  const now = deps.now ?? (() => new Date());

  /** Chains `inputs` after the head inside `trx`, holding the head row's lock until the transaction ends. */
  async function appendIn(trx: Db, inputs: ReturnType<typeof normaliseEvent>[]): Promise<AuditEvent[]> {
    const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
    // Millisecond precision: what JavaScript's Date holds is exactly what timestamptz gives back, so the hash recomputes.
    const at = new Date(now().getTime());
    const events: AuditEvent[] = [];
    let prev = { seq: Number(head.seq), hash: head.hash };
    for (const input of inputs) {
      const unhashed = { ...input, seq: prev.seq + 1, at, prevHash: prev.hash };
      const event: AuditEvent = { ...unhashed, hash: eventHash(unhashed) };
      events.push(event);
      prev = event;
    }
    // The events and the new head in one statement: one round trip fewer while the head row is locked.
    await trx
      .with('appended', (db) =>
        db.insertInto('audit_events').values(
          events.map((event) => ({
            seq: event.seq,
            at: event.at,
            actor: event.actor,
            action: event.action,
            target_kind: event.targetKind,
            target_id: event.targetId,
            facility_id: event.facilityId,
            ip: event.ip,
            request_id: event.requestId,
            details: JSON.stringify(event.details),
            prev_hash: event.prevHash,
            hash: event.hash,
          })),
        ),
      )
      .updateTable('audit_head')
      .set({ seq: prev.seq, hash: prev.hash })
      .where('id', '=', 1)
      .execute();
    return events;
  }

  // Group commit: appends that arrive while a transaction is in flight go together in the next one,
  // so concurrent requests share one lock round and one commit instead of queueing one by one.
  let pending: Pending[] = [];
  let flushing = false;
  async function flush(): Promise<void> {
    flushing = true;
    while (pending.length > 0) {
      const batch = pending.slice(0, maxBatch);
      pending = pending.slice(batch.length);
      try {
        const events = await deps.db.transaction().execute((trx) => appendIn(trx, batch.map((p) => p.input)));
        batch.forEach((p, i) => p.resolve(events[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    flushing = false;
  }

  return {
    async append(event, within) {
      const input = normaliseEvent(event);
      if (within?.isTransaction) return (await appendIn(within, [input]))[0]!;
      return new Promise<AuditEvent>((resolve, reject) => {
        pending.push({ input, resolve, reject });
        if (!flushing) void flush();
      });
    },

    async listForFacility(facilityId, options = {}) {
      const rows = await deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('facility_id', '=', facilityId)
        .where('seq', '>', options.afterSeq ?? 0)
        .orderBy('seq')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(rowToEvent);
    },

    async verifyChain(anchors = []) {
      const anchored = new Map(anchors.map((anchor) => [anchor.seq, anchor.hash.toLowerCase()]));
      let expectedSeq = 1;
      let prevHash = genesisHash;
      for (;;) {
        const rows = await deps.db.selectFrom('audit_events').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
        for (const row of rows) {
          const seq = Number(row.seq);
          const broken = (reason: ChainBreak, at = seq): ChainVerdict => ({ intact: false, events: expectedSeq - 1, brokenSeq: at, reason });
          if (seq !== expectedSeq) return broken('missing-event', expectedSeq);
          if (row.prev_hash !== prevHash) return broken('prev-hash-mismatch');
          if (eventHash(rowToEvent(row)) !== row.hash) return broken('hash-mismatch');
          if (anchored.has(seq) && anchored.get(seq) !== row.hash) return broken('anchor-mismatch');
          prevHash = row.hash;
          expectedSeq += 1;
        }
        if (rows.length < pageSize) break;
      }
      const head = await deps.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
      // Events cut off the end leave the head pointing past the last row.
      if (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash) return { intact: false, events: expectedSeq - 1, brokenSeq: expectedSeq, reason: 'head-mismatch' };
      const beyond = [...anchored.keys()].filter((seq) => seq >= expectedSeq).sort((a, b) => a - b)[0];
      if (beyond !== undefined) return { intact: false, events: expectedSeq - 1, brokenSeq: expectedSeq, reason: 'missing-event' };
      return { intact: true, events: expectedSeq - 1, headHash: prevHash };
    },
  };
}

function rowToEvent(row: Selectable<Database['audit_events']>): AuditEvent {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    targetKind: row.target_kind,
    targetId: row.target_id,
    facilityId: row.facility_id,
    ip: row.ip,
    requestId: row.request_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
