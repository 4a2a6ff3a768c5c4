import type { SourceRange } from '../parse/sourceRange.js';

/** A region every consumer accepts: 1-based, integral, and ending after it starts. */
export interface NormalizedRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/**
 * Clamps a range to valid 1-based coordinates. A missing or backwards end becomes the start; an empty range on one line
 * (a point, as `pointRange` makes) is widened to one character, so viewers have something to highlight.
 * The end column stays exclusive, as in SourceRange and SARIF (§3.30.5).
 */
export function normalizeRegion(range: Partial<SourceRange>): NormalizedRegion {
  const startLine = positiveInteger(range.startLine);
  const startColumn = positiveInteger(range.startColumn);
  let endLine = positiveInteger(range.endLine ?? startLine);
  let endColumn = positiveInteger(range.endColumn ?? startColumn);
  if (endLine < startLine) {
    endLine = startLine;
    endColumn = startColumn;
  }
  if (endLine === startLine && endColumn <= startColumn) {
    endColumn = startColumn + 1;
  }
  return { startLine, startColumn, endLine, endColumn };
}

function positiveInteger(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return 1;
  return Math.max(1, Math.floor(value));
}
