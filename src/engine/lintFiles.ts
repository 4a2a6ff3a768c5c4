import { resolve } from 'node:path';
import type { Rule } from '../analysis/ruleKit.js';
import type { RoleInfo } from '../policy/roleInfo.js';
import { applyBaseline } from './baseline.js';
import type { BaselineFile } from './baseline.js';
import type { Config } from './config.js';
import type { FileResult, Finding, LintReport, Severity } from './finding.js';
import { loadRunbooks } from './loadRunbooks.js';
import type { IndependentFile } from './loadRunbooks.js';
import { lintLoadedFile } from './lintLoadedFile.js';
import type { FileLintRun, FileReport } from './lintLoadedFile.js';
import type { SeverityOf } from './lintRunbook.js';
import { LintPool, poolSize } from './lintPool.js';
import { RoleResolver } from './resolveRole.js';
import { severitiesOf } from './severitiesOf.js';
import { ReadScope } from '../parse/readScope.js';

export { analyseLoaded } from './analyseLoaded.js';
export { severitiesOf } from './severitiesOf.js';

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
  /**
   * --jobs: how many threads may lint (1, or absent, lints in this thread). Above a number of files, that many worker
   * threads lint the YAML and JSON files that no other file reads, while this thread loads the rest. Workers load the
   * rules of the registry (rules/index.ts) by id, so `rules` must come from it.
   */
  jobs?: number;
}

export interface LintRun extends LintReport {
  /** Whether some input could not be read or parsed, or a rule failed internally (exit code 2). */
  hadInputErrors: boolean;
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
  const run: FileLintRun = {
    rules: options.rules,
    severityOf,
    roles: needsRole ? roles : undefined,
    exclude: config.excludeFollowOns,
    strict: options.strict === true,
  };
  // Files no other file reads go to a pool of worker threads when there are enough of them to pay for it.
  let pool: LintPool | undefined;
  const handOff = (files: readonly IndependentFile[]): boolean => {
    const workers = poolSize(options.jobs ?? 1, files.length);
    if (workers === 0) return false;
    pool = new LintPool(files, workers, {
      cwd: options.cwd,
      paths: options.paths,
      config,
      ...(options.role ? { role: options.role } : {}),
      strict: options.strict === true,
      ruleIds: options.rules.map((rule) => rule.meta.id),
      needsRole,
    });
    return true;
  };
  try {
    for await (const loaded of loadRunbooks({ ...options, scope, handOff })) {
      // A file handed to the pool comes back as its report; one the pool could not lint is linted here.
      const pooled = loaded.loadHere ? await pool?.reportFor(loaded.order ?? -1) : undefined;
      report.add(pooled ?? (await lintLoadedFile(loaded.loadHere ? await loaded.loadHere() : loaded, run)));
    }
  } finally {
    await pool?.close();
  }
  return report.finish(options.baseline, options.cwd);
}

/** Collects a run's file results, findings and notes, and orders them for the formatters. */
class ReportBuilder {
  private readonly files: FileResult[] = [];
  private readonly findings: Finding[] = [];
  /** Notes with the place of the file that gave them: files are loaded out of order, notes are listed in order. */
  private readonly notes: { order: number; note: string }[] = [];
  /** Problems of the roles used, each once, in the order of the files that first used them. */
  private readonly roleProblems = new Set<string>();
  /** Role files reported as unreadable (each is reported once, whichever thread met it first). */
  private readonly unreadableRoles = new Set<string>();
  private readonly withoutRole = { runbooks: 0, ruleIds: new Set<string>() };
  private readonly fromTemplates = { runbooks: 0, linkedRoles: 0 };
  private readonly parseErrorSeverity: Severity | undefined;

  constructor(severityOf: SeverityOf) {
    this.parseErrorSeverity = severityOf(PARSE_ERROR_RULE, 'error');
  }

  add(file: FileReport): void {
    for (const { file: roleFile, error } of file.roleErrors) {
      if (this.unreadableRoles.has(roleFile)) continue;
      this.unreadableRoles.add(roleFile);
      this.inputError(roleFile, error);
    }
    for (const ruleIds of file.skippedForRole) this.skippedForRole(ruleIds);
    for (const problem of file.roleProblems) this.roleProblems.add(problem);
    if (file.internalError !== undefined) {
      this.inputError(file.path, file.internalError);
      return;
    }
    for (const result of file.results) this.files.push(result);
    for (const problem of file.problems) this.parseError(problem.message, problem.range);
    this.fromTemplates.runbooks += file.templateRunbooks;
    this.fromTemplates.linkedRoles += file.linkedRoles;
    for (const finding of file.findings) this.findings.push(finding);
    for (const note of file.notes) this.notes.push({ order: file.order, note });
  }

  private inputError(path: string, message: string): void {
    this.files.push({ path, status: 'error', reason: message });
    this.parseError(message, { file: path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  }

  private skippedForRole(ruleIds: readonly string[]): void {
    if (ruleIds.length === 0) return;
    this.withoutRole.runbooks++;
    for (const id of ruleIds) this.withoutRole.ruleIds.add(id);
  }

  finish(baseline: BaselineFile | undefined, cwd: string): LintRun {
    for (const note of this.roleProblems) this.notes.push({ order: Number.MAX_SAFE_INTEGER, note });
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
