import { matchTokens } from './wildcardMatch.js';
import type { WildcardToken } from './wildcardMatch.js';

/** Longest glob accepted, and most alternatives its `{a,b}` groups may expand to. */
export const PATH_GLOB_LIMITS = { length: 1000, alternatives: 256 };

/**
 * Why a glob of the config cannot be used, or undefined. Checked when the config is read, so that a glob that would
 * be slow or ambiguous is a clear error naming it.
 */
export function pathGlobProblem(glob: string): string | undefined {
  if (glob.length > PATH_GLOB_LIMITS.length)
    return `is ${glob.length} characters long; globs are limited to ${PATH_GLOB_LIMITS.length}`;
  if (expandBraces(glob).length > PATH_GLOB_LIMITS.alternatives)
    return `expands to more than ${PATH_GLOB_LIMITS.alternatives} alternatives`;
  return undefined;
}

/**
 * A matcher for a path glob relative to a base directory, with picomatch's meaning under `{ dot: true }`: `*` and `?`
 * within one path segment, `**` as a whole segment for any number of segments, `[abc]`/`[a-z]`/`[!a]` classes,
 * `{a,b}` alternatives, `\` escapes. Matching is linear in the glob and the path (segments, then characters), never
 * a regular expression built from the glob. A glob over the limits matches nothing.
 */
export function compilePathGlob(globs: string | readonly string[]): (path: string) => boolean {
  const alternatives = (typeof globs === 'string' ? [globs] : globs)
    .filter((glob) => pathGlobProblem(glob) === undefined)
    .flatMap(expandBraces)
    .map(compileAlternative);
  return (path) => {
    const segments = path.split('/');
    return alternatives.some((tokens) => matchTokens(tokens, segments));
  };
}

/** One alternative: a token per path segment, `**` being a star over segments. */
function compileAlternative(glob: string): WildcardToken[] {
  const segments = glob.replace(/^(\.\/)+/, '').split('/');
  return segments.map((segment): WildcardToken => {
    if (segment === '**') return { star: true };
    const tokens = segmentTokens(segment);
    return { star: false, test: (name) => name !== '' && matchTokens(tokens, [...name]) };
  });
}

function segmentTokens(segment: string): WildcardToken[] {
  const chars = [...segment];
  const tokens: WildcardToken[] = [];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] as string;
    if (char === '\\' && index + 1 < chars.length) {
      const literal = chars[++index] as string;
      tokens.push({ star: false, test: (c) => c === literal });
    } else if (char === '*') tokens.push({ star: true });
    else if (char === '?') tokens.push({ star: false, test: () => true });
    else if (char === '[') {
      const parsed = characterClass(chars, index);
      if (parsed) {
        tokens.push({ star: false, test: parsed.test });
        index = parsed.end;
      } else tokens.push({ star: false, test: (c) => c === '[' });
    } else tokens.push({ star: false, test: (c) => c === char });
  }
  return tokens;
}

/** `[abc]`, `[a-z]`, `[!a]` / `[^a]` starting at `start`; undefined when it is not closed. */
function characterClass(chars: string[], start: number): { test: (char: string) => boolean; end: number } | undefined {
  let index = start + 1;
  const negated = chars[index] === '!' || chars[index] === '^';
  if (negated) index++;
  const ranges: [string, string][] = [];
  for (let first = true; index < chars.length; index++, first = false) {
    const char = chars[index] as string;
    if (char === ']' && !first) {
      return { test: (c) => negated !== ranges.some(([low, high]) => c >= low && c <= high), end: index };
    }
    const low = char === '\\' && index + 1 < chars.length ? (chars[++index] as string) : char;
    if (chars[index + 1] === '-' && index + 2 < chars.length && chars[index + 2] !== ']') {
      ranges.push([low, chars[index + 2] as string]);
      index += 2;
    } else ranges.push([low, low]);
  }
  return undefined;
}

/** `{a,b}c` → `ac`, `bc` (nested groups too); stops growing past the limit. */
function expandBraces(glob: string): string[] {
  const group = firstBraceGroup(glob);
  if (!group) return [glob];
  const results: string[] = [];
  for (const option of group.options) {
    for (const expanded of expandBraces(`${glob.slice(0, group.start)}${option}${glob.slice(group.end + 1)}`)) {
      results.push(expanded);
      if (results.length > PATH_GLOB_LIMITS.alternatives) return results;
    }
  }
  return results;
}

function firstBraceGroup(glob: string): { start: number; end: number; options: string[] } | undefined {
  for (let start = 0; start < glob.length; start++) {
    if (glob[start] === '\\') {
      start++;
      continue;
    }
    if (glob[start] !== '{') continue;
    let depth = 0;
    const options: string[] = [];
    let from = start + 1;
    for (let index = start; index < glob.length; index++) {
      const char = glob[index];
      if (char === '\\') index++;
      else if (char === '{') depth++;
      else if (char === '}' && --depth === 0) {
        options.push(glob.slice(from, index));
        if (options.length > 1) return { start, end: index, options };
        break;
      } else if (char === ',' && depth === 1) {
        options.push(glob.slice(from, index));
        from = index + 1;
      }
    }
  }
  return undefined;
}
