import { resolve } from 'node:path';
import { RunbookAnalysis } from '../analysis/runbookAnalysis.js';
import type { Rule } from '../analysis/ruleKit.js';
import type { RoleInfo } from '../policy/roleInfo.js';
import { applyBaseline } from './baseline.js';
import { boundFindings } from './boundFindings.js';
import type { BaselineFile } from './baseline.js';
import type { Config } from './config.js';
import type { FileResult, Finding, LintReport, Severity } from './finding.js';
import { loadRunbooks } from './loadRunbooks.js';
import type { LoadedFile, LoadedRunbook } from './loadRunbooks.js';
import { lintRunbook } from './lintRunbook.js';
import type { SeverityOf } from './lintRunbook.js';
import { RoleResolver } from './resolveRole.js';
import { ReadScope } from '../parse/readScope.js';
import { timeStage } from '../util/stageTimes.js';

export const PARSE_ERROR_RULE = 'parse-error';

export interface LintOptions {
  paths: string[];
  cwd: string;
  config: Config;
  rules: readonly Rule[];
  baseline?: BaselineFile;
  /** --role: the role every runbook runs as (over config `roles:` and template-linked roles). */
  role?: RoleInfo;
  /** --strict: role rules also judge AWS managed policies. */
  strict?: boolean;
  /** Called before each file with the files done so far and the total (the CLI's progress indicator). */
  onProgress?: (done: number, total: number) => void;
}

export interface LintRun extends LintReport {
  /** Whether some input could not be read or parsed, or a rule failed internally (exit code 2). */
  hadInputErrors: boolean;
}

/** The severity of each rule under the config's `rules:` settings. */
export function severitiesOf(config: Pick<Config, 'rules'>): SeverityOf {
  return (ruleId, fallback) => {
    const setting = config.rules[ruleId];
    if (setting === 'off') return undefined;
    return setting ?? fallback;
  };
}

/**
 * The analysis of one loaded runbook, with the role it runs as evaluated when `roles` is given (--role, the config's
 * `roles:`, or a role the same template links to it). lint, the library and the fuzz pipeline all analyse so.
 */
export async function analyseLoaded(
  loaded: LoadedRunbook,
  roles: RoleResolver | undefined,
  exclude: Config['excludeFollowOns'] = [],
): Promise<{ analysis: RunbookAnalysis; roleError?: { file: string; error: string } }> {
  const analysis = new RunbookAnalysis(loaded.runbook, { exclude });
  if (!roles) return { analysis };
  const role = roles.roleFor(loaded.runbook.path, loaded.linkedRole);
  if ('error' in role) return { analysis, roleError: role };
  const info = role.info;
  if (info) await analysis.evaluateRole((permissions) => roles.evaluate(info, loaded.runbook, permissions));
  return { analysis };
}

/** Runs every enabled rule over every runbook under `paths`. One bad file never stops the others. */
export async function lintFiles(options: LintOptions): Promise<LintRun> {
  const severityOf = severitiesOf(options.config);
  const report = new ReportBuilder(severityOf);
  // The role a runbook runs as: --role, else the config's `roles:` glob, else a role linked in the same template.
  const { config } = options;
  const scope = ReadScope.forRun({
    cwd: options.cwd,
    paths: options.paths,
    ...(config.path ? { configPath: config.path } : {}),
  });
  const roles = await RoleResolver.create(options.config, options.role, scope);
  const needsRole = options.rules.some(
    (rule) => rule.meta.requiresRole === true && severityOf(rule.meta.id, rule.meta.defaultSeverity) !== undefined,
  );
  const analyse = async (loaded: LoadedRunbook): Promise<RunbookAnalysis> => {
    const { analysis, roleError } = await analyseLoaded(loaded, needsRole ? roles : undefined, config.excludeFollowOns);
    // An unreadable role file is reported (once); its runbooks are then linted without a role.
    if (roleError) report.inputError(roleError.file, roleError.error);
    return analysis;
  };
  for await (const loaded of loadRunbooks({ ...options, scope })) {
    const findings: Finding[] = [];
    try {
      for (const entry of loaded.runbooks) {
        const analysis = await analyse(entry);
        const linted = timeStage('rules', () =>
          lintRunbook(analysis, options.rules, severityOf, { strict: options.strict === true }),
        );
        report.skippedForRole(linted.skippedForRole);
        // One push per finding: push(...all) overflows the call stack past ~100,000 findings (a {{ }} reference storm).
        for (const finding of boundFindings(linted.findings)) findings.push(finding);
      }
    } catch (error) {
      // A defect met on one file is reported on that file; it never hides the other files' results.
      const message = error instanceof Error ? error.message : String(error);
      report.inputError(
        loaded.path,
        `Internal error while checking ${loaded.path}: ${message}. The other files were checked; please report this with the file.`,
      );
      continue;
    }
    report.addFile(loaded, findings);
  }
  report.addNotes(roles.problems());
  return report.finish(options.baseline, options.cwd);
}

/** Collects a run's file results, findings and notes, and orders them for the formatters. */
class ReportBuilder {
  private readonly files: FileResult[] = [];
  private readonly findings: Finding[] = [];
  /** Notes with the place of the file that gave them: files are loaded out of order, notes are listed in order. */
  private readonly notes: { order: number; note: string }[] = [];
  private readonly withoutRole = { runbooks: 0, ruleIds: new Set<string>() };
  private readonly fromTemplates = { runbooks: 0, linkedRoles: 0 };
  private readonly parseErrorSeverity: Severity | undefined;

  constructor(severityOf: SeverityOf) {
    this.parseErrorSeverity = severityOf(PARSE_ERROR_RULE, 'error');
  }

  addFile(loaded: LoadedFile, findings: readonly Finding[]): void {
    for (const result of loaded.results) this.files.push(result);
    for (const problem of loaded.problems) this.parseError(problem.message, problem.range);
    for (const entry of loaded.runbooks) {
      if (!entry.template) continue;
      this.fromTemplates.runbooks++;
      if (entry.linkedRole) this.fromTemplates.linkedRoles++;
    }
    for (const finding of findings) this.findings.push(finding);
    for (const note of loaded.notes) this.notes.push({ order: loaded.order ?? -1, note });
  }

  inputError(path: string, message: string): void {
    this.files.push({ path, status: 'error', reason: message });
    this.parseError(message, { file: path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  }

  skippedForRole(ruleIds: readonly string[]): void {
    if (ruleIds.length === 0) return;
    this.withoutRole.runbooks++;
    for (const id of ruleIds) this.withoutRole.ruleIds.add(id);
  }

  addNotes(notes: readonly string[]): void {
    for (const note of notes) this.notes.push({ order: Number.MAX_SAFE_INTEGER, note });
  }

  finish(baseline: BaselineFile | undefined, cwd: string): LintRun {
    const notes: string[] = [];
    const { runbooks, linkedRoles } = this.fromTemplates;
    if (runbooks > 0) {
      notes.push(
        `${runbooks} runbook${runbooks === 1 ? '' : 's'} found inside CloudFormation/Terraform templates; ${linkedRoles} linked to a role defined in the same template.`,
      );
    }
    // A stable sort: the notes of one file stay in the order it gave them.
    const inOrder = [...this.notes].sort((a, b) => a.order - b.order).map(({ note }) => note);
    notes.push(...inOrder.filter((note) => !note.includes(': not checked: ')));
    notes.unshift(...inOrder.filter((note) => note.includes(': not checked: ')));
    if (this.withoutRole.runbooks > 0) {
      const count = this.withoutRole.runbooks;
      notes.push(
        `No role information for ${count} runbook${count === 1 ? '' : 's'}, so these checks were skipped: ${[...this.withoutRole.ruleIds].sort().join(', ')}. Give the role with --role FILE (the JSON of \`aws iam get-role\` with its policies), or map runbooks to role files under roles: in .runbook-iam.yaml.`,
      );
    }
    const findings = baseline ? applyBaseline(this.findings, baseline, cwd) : [...this.findings];
    findings.sort(compareFindings(cwd));
    const files = [...this.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return {
      files,
      findings,
      runNotes: notes,
      hadInputErrors:
        files.some((file) => file.status === 'error') || findings.some((finding) => finding.internal === true),
    };
  }

  private parseError(message: string, range: Finding['range']): void {
    if (this.parseErrorSeverity) {
      this.findings.push({ ruleId: PARSE_ERROR_RULE, severity: this.parseErrorSeverity, message, range });
    }
  }
}

function compareFindings(cwd: string): (a: Finding, b: Finding) => number {
  // Each path resolved once, not twice per comparison (a sort of n findings makes about n·log n comparisons).
  const resolved = new Map<string, string>();
  const absolute = (file: string): string => {
    let path = resolved.get(file);
    if (path === undefined) resolved.set(file, (path = resolve(cwd, file)));
    return path;
  };
  return (a, b) => {
    const fileA = absolute(a.range.file);
    const fileB = absolute(b.range.file);
    if (fileA !== fileB) return fileA < fileB ? -1 : 1;
    return (
      a.range.startLine - b.range.startLine ||
      a.range.startColumn - b.range.startColumn ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
    );
  };
}
