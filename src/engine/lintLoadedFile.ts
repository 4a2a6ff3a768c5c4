import type { Rule } from '../analysis/ruleKit.js';
import type { Config } from './config.js';
import type { FileResult, Finding } from './finding.js';
import { boundFindings } from './boundFindings.js';
import { analyseLoaded } from './analyseLoaded.js';
import type { InputProblem, LoadedFile } from './loadRunbooks.js';
import { lintRunbook } from './lintRunbook.js';
import type { SeverityOf } from './lintRunbook.js';
import type { RoleResolver } from './resolveRole.js';
import { timeStage } from '../util/stageTimes.js';

/** What a run lints every file with (the same in the main thread and in a worker of the pool). */
export interface FileLintRun {
  rules: readonly Rule[];
  severityOf: SeverityOf;
  /** The run's roles, when a rule that needs one is on. */
  roles: RoleResolver | undefined;
  exclude: Config['excludeFollowOns'];
  strict: boolean;
}

/**
 * Everything one input file adds to the run's report, as plain data: what a worker of the pool sends back, and what
 * the main thread makes of a file it lints itself, so that both give the same report.
 */
export interface FileReport {
  path: string;
  order: number;
  results: FileResult[];
  problems: InputProblem[];
  notes: string[];
  /** Runbooks found inside templates, and how many of them the template links to a role. */
  templateRunbooks: number;
  linkedRoles: number;
  findings: Finding[];
  /** For each runbook, the rules skipped because no role is known for it. */
  skippedForRole: string[][];
  /** Role files that could not be read, each with its message. */
  roleErrors: { file: string; error: string }[];
  /** Problems of the roles this file's runbooks used first (unresolved managed policies). */
  roleProblems: string[];
  /** Set when a stage failed on this file: the file is then reported as an internal error and nothing else. */
  internalError?: string;
}

/** Lints every runbook of one loaded file. A defect met on the file is reported on it, never thrown. */
export async function lintLoadedFile(loaded: LoadedFile, run: FileLintRun): Promise<FileReport> {
  const report: FileReport = {
    path: loaded.path,
    order: loaded.order ?? -1,
    results: loaded.results,
    problems: loaded.problems,
    notes: loaded.notes,
    templateRunbooks: 0,
    linkedRoles: 0,
    findings: [],
    skippedForRole: [],
    roleErrors: [],
    roleProblems: [],
  };
  for (const entry of loaded.runbooks) {
    if (!entry.template) continue;
    report.templateRunbooks++;
    if (entry.linkedRole) report.linkedRoles++;
  }
  try {
    for (const entry of loaded.runbooks) {
      const { analysis, roleError } = await analyseLoaded(entry, run.roles, run.exclude);
      // An unreadable role file is reported (once); its runbooks are then linted without a role.
      if (roleError) report.roleErrors.push(roleError);
      const linted = timeStage('rules', () => lintRunbook(analysis, run.rules, run.severityOf, { strict: run.strict }));
      report.skippedForRole.push(linted.skippedForRole);
      // One push per finding: push(...all) overflows the call stack past ~100,000 findings (a {{ }} reference storm).
      for (const finding of boundFindings(linted.findings)) report.findings.push(finding);
    }
  } catch (error) {
    // A defect met on one file is reported on that file; it never hides the other files' results.
    const message = error instanceof Error ? error.message : String(error);
    report.internalError = `Internal error while checking ${loaded.path}: ${message}. The other files were checked; please report this with the file.`;
  }
  if (run.roles) report.roleProblems = run.roles.takeNewProblems();
  return report;
}
