import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/model/closestMatch.js';

/** The definition: the first candidate at the smallest distance, if within the limit. */
function naiveClosest(wanted: string, candidates: string[], maxDistance?: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (best === undefined) return undefined;
  const limit = maxDistance ?? Math.max(2, Math.ceil(Math.max(wanted.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}

describe('closestMatch', () => {
  it('suggests the nearest plausible name', () => {
    expect(closestMatch('DescribeInstanse', ['DescribeImages', 'DescribeInstances', 'StopInstances'])).toBe(
      'DescribeInstances',
    );
    expect(closestMatch('xyz', ['DescribeInstances'])).toBeUndefined();
  });

  it('chooses what the exhaustive search chooses, with and without a distance limit', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = (): string => Array.from({ length: 1 + random(9) }, () => 'abcdeAB'[random(7)] as string).join('');
    for (let round = 0; round < 2000; round++) {
      const candidates = Array.from({ length: random(12) }, word);
      const wanted = word();
      const limit = random(3) === 0 ? undefined : random(4);
      expect(closestMatch(wanted, candidates, limit)).toBe(naiveClosest(wanted, candidates, limit));
    }
  });
});
