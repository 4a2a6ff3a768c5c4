// Wildcard matching for patterns that come from input (IAM actions and resources in role policies, ARNs of generated
// statements, globs of the config): a greedy two-pointer match, never a regular expression built from the pattern, so
// that its time is bounded by the product of the two lengths whatever the pattern holds (a backtracking regex of
// `ec2:` + 20 `*` + `Z` runs for minutes).

/** One position of a compiled pattern: `*` (any run of characters), or one character that `test` accepts. */
export type WildcardToken = { star: true } | { star: false; test: (char: string) => boolean };

export interface WildcardOptions {
  /** IAM compares actions case-insensitively (IAM User Guide, "IAM JSON policy elements: Action"). */
  ignoreCase?: boolean;
  /**
   * The text is itself a pattern: a `*` in it stands for any run of characters, so only a `*` of the pattern covers
   * it (a `?` does not). Used to ask whether one pattern covers every string another matches.
   */
  textHasWildcards?: boolean;
}

/** Whether `pattern` (`*`: any run of characters, `?`: any one character) matches all of `text`. */
export function wildcardMatch(pattern: string, text: string, options: WildcardOptions = {}): boolean {
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const t = options.ignoreCase ? text.toLowerCase() : text;
  if (!p.includes('*') && !p.includes('?')) return p === t;
  const tokens: WildcardToken[] = [];
  for (const char of p) {
    if (char === '*') tokens.push({ star: true });
    else if (char === '?') tokens.push({ star: false, test: options.textHasWildcards ? (c) => c !== '*' : () => true });
    else tokens.push({ star: false, test: (c) => c === char });
  }
  return matchTokens(tokens, [...t]);
}

/**
 * The greedy two-pointer match: on a mismatch, the last `*` takes one more character and the rest of the pattern is
 * tried again from there. Earlier stars never need to change, so the time is at most tokens × characters.
 */
export function matchTokens(tokens: readonly WildcardToken[], text: readonly string[]): boolean {
  let pi = 0;
  let ti = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (ti < text.length) {
    const token = tokens[pi];
    if (token?.star) {
      while (tokens[pi]?.star) pi++; // a run of `*` is one `*`
      starAt = pi;
      resumeAt = ti;
    } else if (token && token.test(text[ti] as string)) {
      pi++;
      ti++;
    } else if (starAt >= 0) {
      resumeAt++;
      ti = resumeAt;
      pi = starAt;
    } else return false;
  }
  while (tokens[pi]?.star) pi++;
  return pi === tokens.length;
}
