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
  /** A suggested replacement, in words, shown by formatters that can show it. */
  fix?: string;
  /** Set when the finding reports runbook-iam's own failure rather than a problem in the input. */
  internal?: boolean;
}

export type FileStatus = 'analyzed' | 'skipped' | 'error';

/** What happened to one input file. */
export interface FileResult {
  path: string;
  status: FileStatus;
  /** Why a file was skipped or could not be read, for formatters that report it. */
  reason?: string;
}

/** Everything one `lint` run produced: the formatters' whole input. */
export interface LintReport {
  files: FileResult[];
  findings: Finding[];
  /** Notes about the run itself (e.g. checks skipped for lack of role information), printed once. */
  runNotes: string[];
}
