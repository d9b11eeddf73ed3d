/**
 * The append-only audit log: each event is chained to the one before by its hash, and `verifyChain`
 * recomputes every link and names the first broken one. An event recorded inside a transaction is
 * written unchained to audit_pending, so it commits or rolls back with the change it records without
 * queueing for the chain's head; a chainer (one at a time across every process: it holds the head row)
 * links pending events into audit_events in their order shortly after, and before every read.
 */
import type { QueryCreator, Selectable } from 'kysely';
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
  /**
   * Appends one event. Given a transaction as `within`, the event commits or rolls back with the change it
   * records and is chained shortly after the commit; otherwise it is chained before the promise resolves.
   */
  append(event: AuditEventInput, within?: Db): Promise<void>;
  /**
   * Starts a statement that also records `event` (a data-modifying CTE): the event commits exactly with the
   * change the statement makes, as with `append` in a transaction, in one round trip instead of four.
   */
  recording(event: AuditEventInput, db?: Db): QueryCreator<Database>;
  /** Chains every event committed before the call (reads do this themselves). */
  flush(): Promise<void>;
  verifyChain(anchors?: readonly ChainAnchor[]): Promise<ChainVerdict>;
  /** One facility's events, oldest first, after `afterSeq` (for paging). */
  listForFacility(facilityId: string, options?: { afterSeq?: number; limit?: number }): Promise<AuditEvent[]>;
}

const pageSize = 1000;

const maxBatch = 200;

/**
 * How long after a transactional append the chainer looks for it: its transaction has committed by then, and
 * under load one round chains the events of every request in the interval (a round costs five round trips).
 */
const chainDelayMs = 100;

/** A second look, for a transaction that committed later with no append after it to bring the chainer back. */
const sweepDelayMs = 1000;

type UnchainedEvent = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

interface Queued {
  event: UnchainedEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createAuditLog(deps: { db: Db; now?: () => Date }): AuditLog {
  const now = deps.now ?? (() => new Date());

  // Millisecond precision: what JavaScript's Date holds is exactly what timestamptz gives back, so the hash recomputes.
  const stamped = (input: AuditEventInput): UnchainedEvent => ({ ...normaliseEvent(input), at: new Date(now().getTime()) });

  /**
   * One round under the head row's lock: takes up to `maxBatch` pending events (oldest first), chains them
   * and then `direct` after the head, and returns how many pending events it took.
   */
  async function chainRound(direct: UnchainedEvent[]): Promise<number> {
    return deps.db.transaction().execute(async (trx) => {
      const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
      // Deleted by id, not by range: a pending event whose transaction commits during this round must stay for the next one.
      const taken = await trx
        .deleteFrom('audit_pending')
        .where('id', 'in', (db) => db.selectFrom('audit_pending').select('id').orderBy('id').limit(maxBatch))
        .returningAll()
        .execute();
      taken.sort((a, b) => Number(a.id) - Number(b.id));
      const events = linkAfter({ seq: Number(head.seq), hash: head.hash }, [...taken.map(pendingRowToEvent), ...direct]);
      if (events.length === 0) return 0;
      const last = events.at(-1)!;
      // The events and the new head in one statement: one round trip fewer while the head row is locked.
      await trx
        .with('appended', (db) => db.insertInto('audit_events').values(events.map(eventToRow)))
        .updateTable('audit_head')
        .set({ seq: last.seq, hash: last.hash })
        .where('id', '=', 1)
        .execute();
      return taken.length;
    });
  }

  async function anythingPending(): Promise<boolean> {
    return (await deps.db.selectFrom('audit_pending').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  // Group commit: events appended outside a transaction while a round is in flight go together in the next one,
  // with whatever transactions have committed meanwhile, so concurrent requests share one lock round and one commit.
  let queued: Queued[] = [];
  async function drain(lookFirst: boolean): Promise<void> {
    let failure: unknown;
    let more = queued.length > 0 || !lookFirst || (await anythingPending());
    while (more) {
      const direct = queued.slice(0, maxBatch);
      queued = queued.slice(direct.length);
      let takenPending = 0;
      try {
        takenPending = await chainRound(direct.map((q) => q.event));
        for (const q of direct) q.resolve();
      } catch (error) {
        failure = error;
        for (const q of direct) q.reject(error);
      }
      more = takenPending === maxBatch || queued.length > 0;
    }
    if (failure !== undefined) throw failure;
  }

  let running: Promise<void> | undefined;
  let following: Promise<void> | undefined;
  /**
   * Runs rounds until nothing is left; resolves once a drain that started after the call has finished.
   * `lookFirst`: check for pending events before taking the head row (reads), rather than expect some (after a commit).
   */
  function chain(lookFirst = true): Promise<void> {
    if (!running) {
      running = drain(lookFirst).finally(() => (running = undefined));
      return running;
    }
    following ??= running
      .catch(() => undefined)
      .then(() => {
        following = undefined;
        return chain(lookFirst);
      });
    return following;
  }

  // A failed background round leaves its events pending: the next round, or the next read, chains them.
  const chainLater = (ms: number, lookFirst: boolean, done: () => void) =>
    setTimeout(() => {
      done();
      chain(lookFirst).catch(() => undefined);
    }, ms).unref();
  let soon: NodeJS.Timeout | undefined;
  let sweep: NodeJS.Timeout | undefined;
  function chainAfterCommit(): void {
    soon ??= chainLater(chainDelayMs, false, () => (soon = undefined));
    sweep ??= chainLater(sweepDelayMs, true, () => (sweep = undefined));
  }

  return {
    async append(input, within) {
      const event = stamped(input);
      if (within?.isTransaction) {
        await within.insertInto('audit_pending').values(unchainedToRow(event)).execute();
        chainAfterCommit();
        return;
      }
      return new Promise<void>((resolve, reject) => {
        queued.push({ event, resolve, reject });
        // Whoever appended hears of a failure through its own promise.
        chain().catch(() => undefined);
      });
    },

    recording(input, db = deps.db) {
      const row = unchainedToRow(stamped(input));
      chainAfterCommit();
      return db.with('recorded_audit_event', (qb) => qb.insertInto('audit_pending').values(row));
    },

    flush: () => chain(),

    async listForFacility(facilityId, options = {}) {
      await chain();
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
      await chain();
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

function linkAfter(head: { seq: number; hash: string }, unchained: UnchainedEvent[]): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prev = head;
  for (const event of unchained) {
    const unhashed = { ...event, seq: prev.seq + 1, prevHash: prev.hash };
    const linked: AuditEvent = { ...unhashed, hash: eventHash(unhashed) };
    events.push(linked);
    prev = linked;
  }
  return events;
}

function unchainedToRow(event: UnchainedEvent) {
  return {
    at: event.at,
    actor: event.actor,
    action: event.action,
    target_kind: event.targetKind,
    target_id: event.targetId,
    facility_id: event.facilityId,
    ip: event.ip,
    request_id: event.requestId,
    details: JSON.stringify(event.details),
  };
}

function eventToRow(event: AuditEvent) {
  return { ...unchainedToRow(event), seq: event.seq, prev_hash: event.prevHash, hash: event.hash };
}

function pendingRowToEvent(row: Selectable<Database['audit_pending']>): UnchainedEvent {
  return { at: row.at, actor: row.actor, action: row.action, targetKind: row.target_kind, targetId: row.target_id, facilityId: row.facility_id, ip: row.ip, requestId: row.request_id, details: row.details };
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
