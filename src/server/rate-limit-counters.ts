/**
 * Rate-limit counters in the database, so that every server process counts against the same limit
 * (with per-process memory, N workers would each allow the whole limit). A counter is a fixed window
 * per key: the first use opens it for `windowMs`; uses inside it add up; the first use after it
 * opens the next. Expired counters are swept now and then by the processes that count.
 */
import { sql } from 'kysely';
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/database';

export interface RateLimitCount {
  /** Uses counted in the current window, this one included. */
  current: number;
  /** Milliseconds until the window closes. */
  ttl: number;
}

const sweepEvery = 1000;

export function createRateLimitCounters(db: Db) {
  let uses = 0;

  async function count(key: string, amount: number, windowMs: number): Promise<RateLimitCount> {
    if (++uses % sweepEvery === 0) void sql`DELETE FROM rate_limit_counters WHERE window_ends_at < clock_timestamp()`.execute(db).catch(() => undefined);
    const { rows } = await sql<RateLimitCount>`
      INSERT INTO rate_limit_counters AS c (key, count, window_ends_at) VALUES (${key}, ${amount}, clock_timestamp() + ${windowMs} * interval '1 millisecond')
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN c.window_ends_at <= clock_timestamp() THEN excluded.count ELSE c.count + excluded.count END,
        window_ends_at = CASE WHEN c.window_ends_at <= clock_timestamp() THEN excluded.window_ends_at ELSE c.window_ends_at END
      RETURNING c.count AS current, greatest(0, ceil(extract(epoch FROM c.window_ends_at - clock_timestamp()) * 1000))::integer AS ttl`.execute(db);
    return rows[0]!;
  }

  /** A store for @fastify/rate-limit: each route's limit counts under its own method and path. */
  function storeClass(): FastifyRateLimitStoreCtor {
    return class SharedRateLimitStore implements FastifyRateLimitStore {
      constructor(
        _options: FastifyRateLimitOptions,
        private readonly scope = 'global',
      ) {}

      incr(key: string, callback: (error: Error | null, result?: RateLimitCount) => void, timeWindow: number): void {
        count(`${this.scope} ${key}`, 1, timeWindow).then((result) => callback(null, result), callback);
      }

      child(routeOptions: FastifyRateLimitOptions & { routeInfo?: { method?: string | string[]; url?: string } }): FastifyRateLimitStore {
        const route = routeOptions.routeInfo?.url ? `${String(routeOptions.routeInfo.method)} ${routeOptions.routeInfo.url}` : 'custom';
        return new SharedRateLimitStore(routeOptions, route);
      }
    };
  }

  return { count, storeClass };
}

export type RateLimitCounters = ReturnType<typeof createRateLimitCounters>;
