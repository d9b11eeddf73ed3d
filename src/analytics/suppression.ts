/**
 * Small-cell suppression: no count under 10 leaves the server, in the API, the page or the export.
 * A suppressed cell is the string "<10". Where a breakdown is published beside its total, a single
 * suppressed cell could be recovered by subtraction, so the next smallest cell is suppressed too.
 */

export const suppressionThreshold = 10;
export const suppressed = '<10';

/** A published count: the number, or "<10". */
export type Cell = number | typeof suppressed;

export interface Count {
  key: string;
  count: number;
}

export interface PublishedCount {
  key: string;
  count: Cell;
}

export function suppressCell(count: number): Cell {
  return count < suppressionThreshold ? suppressed : count;
}

/** A breakdown of `total` into parts, suppressed so that no part under the threshold can be worked out. */
export function suppressBreakdown(parts: readonly Count[], total: number): PublishedCount[] {
  const hidden = new Set(parts.filter((p) => p.count < suppressionThreshold).map((p) => p.key));
  if (hidden.size === 1 && total >= suppressionThreshold) {
    const next = parts.filter((p) => !hidden.has(p.key)).sort((a, b) => a.count - b.count)[0];
    if (next) hidden.add(next.key);
  }
  return parts.map((p) => ({ key: p.key, count: hidden.has(p.key) ? suppressed : p.count }));
}
