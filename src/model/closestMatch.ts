/** Levenshtein distance, case-insensitive, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, i) => i);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[right.length] as number;
}

/**
 * The candidate closest to `wanted`, if it is close enough to be a plausible typo: within `maxDistance` edits when
 * given, else a third of the longer name.
 */
export function closestMatch(wanted: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const left = wanted.toLowerCase();
  for (const candidate of candidates) {
    // The distance is at least the difference in length, and only a strictly closer candidate replaces the best:
    // candidates that cannot be closer, or cannot be within maxDistance, are not measured.
    const lengthGap = Math.abs(candidate.length - wanted.length);
    if (lengthGap >= bestDistance || (maxDistance !== undefined && lengthGap > maxDistance)) continue;
    const distance = boundedDistance(left, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const limit = maxDistance ?? Math.max(2, Math.ceil(Math.max(wanted.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** editDistance of lower-case strings, or `bound` as soon as every cell of a row reaches it (the distance cannot fall). */
function boundedDistance(left: string, right: string, bound: number): number {
  let previous = Array.from({ length: right.length + 1 }, (_, i) => i);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      const cell = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current[j] = cell;
      if (cell < rowMinimum) rowMinimum = cell;
    }
    if (rowMinimum >= bound) return bound;
    previous = current;
  }
  return previous[right.length] as number;
}

export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const match = closestMatch(wanted, candidates);
  return match === undefined ? '' : ` Did you mean "${match}"?`;
}
