export interface ParseLimits {
  /** Deepest nesting of maps and sequences accepted. */
  maxDepth: number;
  /** Most nodes that alias expansion may produce in one document (defends against "billion laughs"). */
  maxAliasNodes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxDepth: 200, maxAliasNodes: 100_000 };

/** Input past a limit (nesting, alias expansion) or otherwise unusable, at an offset of the text. */
export class LimitExceeded extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function nestingMessage(maxDepth: number): string {
  return `Nesting deeper than ${maxDepth} levels; a runbook never needs that — is this file generated or hostile?`;
}
