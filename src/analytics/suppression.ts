/**
 * Small-cell suppression: no count under 10 leaves the server, in the API, the page or the export.
 * A suppressed cell is the string "<10". Where a breakdown is published beside its total, a single
 * suppressed cell could be recovered by subtraction, so the next smallest cell is withheld too: it
 * reads "withheld" (not "<10", which would be false and would itself narrow the hidden values).
 */

export const suppressionThreshold = 10;
export const suppressed = '<10';
export const withheld = 'withheld';

/** A published count: the number, "<10", or "withheld" (10 or more, hidden to protect a small neighbour). */
export type Cell = number | typeof suppressed | typeof withheld;

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
  const small = parts.filter((p) => p.count < suppressionThreshold);
  const companion = small.length === 1 && total >= suppressionThreshold ? parts.filter((p) => p.count >= suppressionThreshold).sort((a, b) => a.count - b.count)[0] : undefined;
  return parts.map((p) => ({ key: p.key, count: p === companion ? withheld : suppressCell(p.count) }));
}
