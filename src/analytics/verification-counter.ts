/**
 * Counts verifications by Thai day, channel, outcome and the issuing facility's province. The
 * verify functions are wrapped (server context), counts gather in memory and are added to the daily
 * tables a moment later in one statement, so a burst of verifications costs one write, not one
 * contended row update each; several nodes simply add their own counts.
 */
import { sql } from 'kysely';
import { dayInThailand } from '../chatbot/topic-counts';
import type { Db } from '../db/database';
import { oneAfterAnother } from '../db/one-after-another';
import type { VerificationResult } from '../verify/verification';
import { documentReasons } from '../verify/reasons';
import type { VerificationChannel, VerificationOutcome } from './tables';

export interface VerificationCounter {
  record(channel: VerificationChannel, result: VerificationResult): void;
  /** Writes what was counted so far (the dashboard calls this before reading). */
  flush(): Promise<void>;
}

export interface VerificationCounterOptions {
  db: Db;
  now?: () => Date;
  flushDelayMs?: number;
  onError?: (error: Error) => void;
}

/** The coarse outcome a verdict is counted under. */
export function verificationOutcome(result: Pick<VerificationResult, 'valid' | 'reasons'>): VerificationOutcome {
  if (result.valid) return 'valid';
  if (result.reasons.includes(documentReasons.revoked)) return 'revoked';
  if (result.reasons.includes(documentReasons.superseded)) return 'superseded';
  if (result.reasons.includes(documentReasons.practitionerNotLicensed) || result.reasons.includes(documentReasons.facilityNotLicensed)) return 'unlicensed';
  return 'invalid';
}

interface PendingCell {
  day: string;
  channel: VerificationChannel;
  outcome: VerificationOutcome;
  facilityId: string | null;
  count: number;
}

export function createVerificationCounter(options: VerificationCounterOptions): VerificationCounter {
  const now = options.now ?? (() => new Date());
  const flushDelayMs = options.flushDelayMs ?? 2000;
  const onError = options.onError ?? ((error) => console.error(`analytics: verification counts not written yet (${error.message})`));
  let pending = new Map<string, PendingCell>();
  let timer: NodeJS.Timeout | undefined;

  const add = (cell: PendingCell) => {
    const key = `${cell.day}|${cell.channel}|${cell.outcome}|${cell.facilityId ?? ''}`;
    const existing = pending.get(key);
    if (existing) existing.count += cell.count;
    else pending.set(key, { ...cell });
  };

  const flush = oneAfterAnother(writeQueued);

  async function writeQueued(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const cells = [...pending.values()];
    pending = new Map();
    try {
      await writeCells(options.db, cells);
    } catch (error) {
      // Kept for the next flush rather than lost.
      for (const cell of cells) add(cell);
      throw error;
    }
  }

  return {
    record(channel, result) {
      add({ day: dayInThailand(now()), channel, outcome: verificationOutcome(result), facilityId: result.document?.facility.id ?? null, count: 1 });
      if (!timer) {
        timer = setTimeout(() => void flush().catch(onError), flushDelayMs);
        timer.unref();
      }
    },
    flush,
  };
}

/** The verify functions, counting each verdict they return (errors, i.e. unreadable input, are not verdicts). */
export function countedVerification<V extends { pdf: (pdf: Uint8Array, at?: Date) => Promise<VerificationResult>; qr: (payload: string) => Promise<VerificationResult> }>(
  counter: VerificationCounter,
  verification: V,
): V {
  return {
    ...verification,
    pdf: async (pdf: Uint8Array, at?: Date) => {
      const result = await verification.pdf(pdf, at);
      counter.record('pdf', result);
      return result;
    },
    qr: async (payload: string) => {
      const result = await verification.qr(payload);
      counter.record('qr', result);
      return result;
    },
  };
}

/** Adds the cells to the daily counters, in key order: flushes from several workers meeting on a counter wait instead of deadlocking. */
async function writeCells(db: Db, cells: PendingCell[]): Promise<void> {
  const values = sql.join(cells.map((c) => sql`(${c.day}::date, ${c.channel}::text, ${c.outcome}::text, ${c.facilityId}::uuid, ${c.count}::bigint)`));
  await sql`
    with v (day, channel, outcome, facility_id, n) as (values ${values}),
    cells as (
      select v.day, coalesce(f.province, 'unknown') as province, v.channel, v.outcome, sum(v.n) as n
      from v left join facilities f on f.id = v.facility_id
      group by v.day, coalesce(f.province, 'unknown'), v.channel, v.outcome
    ),
    by_province as (
      insert into analytics_verifications_daily as d (day, province, channel, outcome, count)
      select day, province, channel, outcome, n from cells
      order by province, day, channel, outcome
      on conflict (province, day, channel, outcome) do update set count = d.count + excluded.count
    )
    insert into analytics_verifications_national_daily as d (day, channel, outcome, count)
    select day, channel, outcome, sum(n) from cells group by day, channel, outcome order by day, channel, outcome
    on conflict (day, channel, outcome) do update set count = d.count + excluded.count
  `.execute(db);
}
