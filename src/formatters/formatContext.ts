import type { LintReport } from '../engine/finding.js';
import type { RuleMeta } from '../engine/rule.js';

/** Everything a formatter may know besides the report itself. Formatters are pure: (report, context) → string. */
export interface FormatContext {
  toolName: string;
  toolVersion: string;
  /** Descriptors of every registered rule (SARIF driver.rules is built from these). */
  rules: RuleMeta[];
  /** Directory that file paths in SARIF are made relative to (the repository root / working directory). */
  cwd: string;
  /** Whether stylish output may use ANSI colours (TTY and no NO_COLOR): decided by the CLI, not the formatter. */
  color: boolean;
}

export type Formatter = (report: LintReport, context: FormatContext) => string;
