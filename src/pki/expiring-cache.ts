/**
 * Promises kept for a fixed time: CA lists, OCSP responses and CRLs are costly to build and may be
 * a little stale (RFC 6960 allows pre-produced responses), and other nodes' changes show up after it.
 */
export class ExpiringCache<V> {
  readonly #entries = new Map<string, { loadedAt: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.#entries.get(key);
    if (entry && this.clock() - entry.loadedAt < this.ttlMs) return entry.value;
    const value = load();
    this.#entries.set(key, { loadedAt: this.clock(), value });
    value.catch(() => this.#entries.delete(key));
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
