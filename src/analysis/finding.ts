import type { SourceRange } from '../parse/sourceRange.js';

export type Severity = 'error' | 'warning' | 'note';

export const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** One problem a rule found. `range.file` is the file the problem is in (a runbook, a template, or a script attachment). */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: SourceRange;
  /** Name of the step the finding is about, when there is one. */
  step?: string;
  /**
   * Stable identity of the finding within its rule, file and step (an action, a reference, an input name), for
   * baselines and SARIF fingerprints that survive edits of the message and moves of the line.
   */
  key?: string;
  /** A suggested replacement, in words, shown by formatters that can show it. */
  fix?: string;
  /** Set when the finding reports runbook-iam's own failure rather than a problem in the input. */
  internal?: boolean;
}
