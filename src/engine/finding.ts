export type { Finding, Severity } from '../analysis/finding.js';
export { SEVERITY_RANK } from '../analysis/finding.js';
import type { Finding } from '../analysis/finding.js';

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
