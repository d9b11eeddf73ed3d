/**
 * The register's view of recently verified certificates, kept in memory so a verification needs no
 * database round trip. It is only trusted while the database's change channel is being followed
 * (migration 0031 announces every relevant commit): a certificate's change drops its entry, a
 * registry change drops everything, and a lookup that was in flight when a change arrived is not
 * kept. An entry also ends at the next scheduled licence change it depends on, and after `maxAgeMs`.
 */
import type { ChannelFollower } from '../db/notifications';

export const documentChangesChannel = 'medcert_documents';
const everything = '*';
/** A lookup started less than this long before another's time answers both. */
const sharedLookupMs = 1000;

export interface CachedDocument<Row> {
  row: Row;
  /** The file's SHA-256 as issued, to find the entry from an uploaded PDF. */
  pdfSha256: string | null;
}

export interface DocumentLookup<Row> {
  found: CachedDocument<Row> | undefined;
  /** Until when the answer holds if nothing is recorded meanwhile; null: not to be kept. */
  holdsUntil: Date | null;
}

interface Entry<Row> extends CachedDocument<Row> {
  asOf: number;
  until: number;
}

export interface DocumentCacheOptions {
  /** Starts following the change channel; called on the first lookup, so a process that never verifies never listens. */
  follow: (follower: ChannelFollower) => Promise<unknown>;
  maxEntries?: number;
  maxAgeMs?: number;
}

export function createDocumentCache<Row extends { id: string }>(options: DocumentCacheOptions) {
  const maxEntries = options.maxEntries ?? 20_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const entries = new Map<string, Entry<Row>>(); // by certificate id, least recently used first
  const idsByFile = new Map<string, string>();
  let following = false;
  let followingStarted = false;
  let changes = 0;
  let everythingChangedAt = 0;
  const lastChangeOf = new Map<string, number>(); // kept only while lookups are in flight
  let inFlight = 0;
  const flights = new Map<string, { at: number; row: Promise<Row | undefined> }>();

  function drop(id: string): void {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    if (entry.pdfSha256) idsByFile.delete(entry.pdfSha256);
  }

  function changed(payload: string): void {
    changes++;
    // A lookup already under way may have read the state before this change: later callers start their own.
    flights.clear();
    if (payload === everything) {
      everythingChangedAt = changes;
      entries.clear();
      idsByFile.clear();
      return;
    }
    drop(payload);
    if (inFlight > 0) lastChangeOf.set(payload, changes);
  }

  const follower: ChannelFollower = {
    notified: changed,
    listening() {
      changed(everything);
      following = true;
    },
    interrupted() {
      following = false;
      changed(everything);
    },
  };

  async function lookThrough(now: Date, lookup: () => Promise<DocumentLookup<Row>>): Promise<Row | undefined> {
    const startedAt = changes;
    inFlight++;
    try {
      const { found, holdsUntil } = await lookup();
      if (found && holdsUntil) keep(found, now, holdsUntil, startedAt);
      return found?.row;
    } finally {
      if (--inFlight === 0) lastChangeOf.clear();
    }
  }

  function cached(key: { id: string } | { pdfSha256: string }, now: Date): Row | undefined {
    if (!following) return undefined;
    const id = 'id' in key ? key.id : idsByFile.get(key.pdfSha256);
    const entry = id === undefined ? undefined : entries.get(id);
    if (!entry) return undefined;
    const at = now.getTime();
    if (at < entry.asOf || at >= entry.until) return undefined;
    entries.delete(entry.row.id);
    entries.set(entry.row.id, entry);
    return entry.row;
  }

  function keep(found: CachedDocument<Row>, asOf: Date, holdsUntil: Date, lookupStartedAt: number): void {
    const id = found.row.id;
    if (!following || everythingChangedAt > lookupStartedAt || (lastChangeOf.get(id) ?? 0) > lookupStartedAt) return;
    drop(id);
    entries.set(id, { ...found, asOf: asOf.getTime(), until: Math.min(holdsUntil.getTime(), asOf.getTime() + maxAgeMs) });
    if (found.pdfSha256) idsByFile.set(found.pdfSha256, id);
    if (entries.size > maxEntries) drop(entries.keys().next().value!);
  }

  return {
    /**
     * The cached row for a certificate id or an issued file's SHA-256, else `lookup`'s, kept when it may be.
     * Callers asking for the same key at about the same time share one lookup (a popular certificate,
     * or one just shared with many verifiers, costs the register one query, not one per request).
     */
    through(key: { id: string } | { pdfSha256: string }, now: Date, lookup: () => Promise<DocumentLookup<Row>>): Promise<Row | undefined> {
      if (!followingStarted) {
        followingStarted = true;
        options.follow(follower).catch(() => (followingStarted = false));
      }
      const hit = cached(key, now);
      if (hit) return Promise.resolve(hit);
      const flightKey = 'id' in key ? `id ${key.id}` : `file ${key.pdfSha256}`;
      const flight = flights.get(flightKey);
      if (following && flight && now.getTime() >= flight.at && now.getTime() - flight.at < sharedLookupMs) return flight.row;
      const row = lookThrough(now, lookup);
      flights.set(flightKey, { at: now.getTime(), row });
      void row.finally(() => flights.get(flightKey)?.row === row && flights.delete(flightKey)).catch(() => undefined);
      return row;
    },

    /** Changes this process made: dropped now rather than when the channel brings them back. */
    certificateChanged: (id: string) => changed(id),
    registryChanged: () => changed(everything),

    get size() {
      return entries.size;
    },
  };
}

export type DocumentCache<Row extends { id: string }> = ReturnType<typeof createDocumentCache<Row>>;
