import { resolve } from 'node:path';
import { buildControlFlow } from '../model/controlFlow.js';
import type { ControlFlowGraph } from '../model/controlFlow.js';
import { buildRunbook } from '../model/buildRunbook.js';
import type { Runbook } from '../model/runbook.js';
import type { StepPermissions } from '../permissions/permissionNeed.js';
import { runbookPermissions } from '../permissions/stepPermissions.js';
import { extractRunbooks, extractTerraform, isTerraformPath } from '../parse/extract/extractRunbooks.js';
import type { Extraction } from '../parse/extract/extractRunbooks.js';
import { parseDocument } from '../parse/parseDocument.js';
import { readSourceFile } from '../parse/readSourceFile.js';
import { pointRange } from '../parse/sourceRange.js';
import type { SourceRange } from '../parse/sourceRange.js';
import { applyBaseline } from './baseline.js';
import type { BaselineFile } from './baseline.js';
import type { Config } from './config.js';
import { discoverFiles } from './discoverFiles.js';
import { loadAttachments } from './loadAttachments.js';
import type { DiscoveredFile } from './discoverFiles.js';
import type { FileResult, Finding, LintReport, Severity } from './finding.js';
import type { Rule, RuleContext } from './rule.js';
import { isSuppressed, parseSuppressions } from './suppressions.js';
import { RoleResolver } from '../policy/resolveRole.js';
import type { RoleInfo } from '../policy/roleInfo.js';
import type { RoleEvaluation } from '../policy/evaluateRole.js';

export const PARSE_ERROR_RULE = 'parse-error';

/** Files read ahead of the one being analysed: enough to hide disk latency, few enough to bound memory (4 × maxFileSize). */
const READ_AHEAD = 4;

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

/** Runs every enabled rule over every runbook under `paths`. One bad file never stops the others. */
export async function lintFiles(options: LintOptions): Promise<LintRun> {
  const { config } = options;
  const files: FileResult[] = [];
  let findings: Finding[] = [];
  const runNotes: string[] = [];
  const severityOf = (ruleId: string, fallback: Severity): Severity | undefined => {
    const setting = config.rules[ruleId];
    if (setting === 'off') return undefined;
    return setting ?? fallback;
  };
  const parseErrorSeverity = severityOf(PARSE_ERROR_RULE, 'error');
  const inputError = (path: string, message: string, range?: SourceRange): void => {
    files.push({ path, status: 'error', reason: message });
    if (parseErrorSeverity) {
      findings.push({
        ruleId: PARSE_ERROR_RULE,
        severity: parseErrorSeverity,
        message,
        range: range ?? pointRange(path, 1),
      });
    }
  };

  const discovered = await discoverFiles(options.paths, config.ignore, config.baseDir);
  for (const error of discovered.errors) inputError(error.path, error.message);

  // Runbooks inside CloudFormation/Terraform: each is linted with the template as its file. Terraform files go
  // first, so that a runbook a .tf reads with file(...) is linted once, from the .tf, with the role linked there.
  const fromTemplates = { runbooks: 0, linkedRoles: 0, files: new Set<string>() };
  // The role a runbook runs as: --role, else the config's `roles:` glob, else a role linked in the same template.
  const roles = await RoleResolver.create(config, options.role);
  const withoutRole = { runbooks: 0, ruleIds: new Set<string>() };
  const ruleOptions = { strict: options.strict === true };
  const needsRole = options.rules.some(
    (rule) => rule.meta.requiresRole === true && severityOf(rule.meta.id, rule.meta.defaultSeverity) !== undefined,
  );
  const lintRunbook = async (
    runbook: Runbook,
    linkedRole?: Parameters<RoleResolver['roleFor']>[1],
  ): Promise<Finding[]> => {
    await loadAttachments(runbook);
    if (!needsRole) return runRules(runbook, options.rules, severityOf, ruleOptions);
    const role = roles.roleFor(runbook.path, linkedRole);
    // An unreadable role file is reported (once); its runbooks are then linted without a role, and counted as such.
    if ('error' in role) inputError(role.file, role.error);
    if ('error' in role || !role.info) {
      const skipped = new Set<string>();
      const found = runRules(runbook, options.rules, severityOf, { ...ruleOptions, skipped });
      if (skipped.size > 0) withoutRole.runbooks++;
      for (const id of skipped) withoutRole.ruleIds.add(id);
      return found;
    }
    const permissions = runbookPermissions(runbook, { exclude: config.excludeFollowOns });
    const evaluation = await roles.evaluate(role.info, runbook, permissions);
    return runRules(runbook, options.rules, severityOf, { ...ruleOptions, permissions, role: evaluation });
  };
  /** Lints one runbook and keeps the findings its inline suppressions do not silence. */
  const lintAndKeep = async (runbook: Runbook, linkedRole?: Parameters<RoleResolver['roleFor']>[1]): Promise<void> => {
    const fileFindings = await lintRunbook(runbook, linkedRole);
    // JSON has no comments: a directive-like text there is inside a string value and suppresses nothing.
    const suppressions = runbook.format === 'yaml' ? parseSuppressions(runbook.source, runbook.root) : undefined;
    // One push per finding: push(...all) overflows the call stack past ~100,000 findings (a {{ }} reference storm).
    for (const finding of fileFindings)
      if (suppressions === undefined || !isSuppressed(finding, suppressions)) findings.push(finding);
  };
  const lintExtraction = async (file: DiscoveredFile, extraction: Extraction): Promise<void> => {
    for (const problem of extraction.problems) {
      if (parseErrorSeverity)
        findings.push({
          ruleId: PARSE_ERROR_RULE,
          severity: parseErrorSeverity,
          message: problem.message,
          range: problem.range ?? pointRange(problem.file, 1),
        });
    }
    let analysed = 0;
    for (const embedded of extraction.runbooks) {
      const runbook = buildRunbook(embedded);
      if (!runbook) continue;
      analysed++;
      fromTemplates.runbooks++;
      if (embedded.linkedRole) fromTemplates.linkedRoles++;
      if (resolve(embedded.file) !== resolve(file.path) && !fromTemplates.files.has(resolve(embedded.file))) {
        fromTemplates.files.add(resolve(embedded.file));
        files.push({ path: embedded.file, status: 'analyzed' });
      }
      // embedded.linkedRole is the role the runbook runs as; the security rules will read it (instead of --role).
      await lintAndKeep(runbook, embedded.linkedRole);
    }
    for (const document of extraction.unanalysable)
      runNotes.push(`${document.range.file}:${document.range.startLine}: not checked: ${document.reason}.`);
    const [problem] = extraction.problems;
    if (problem) files.push({ path: file.path, status: 'error', reason: problem.message });
    else if (analysed > 0) files.push({ path: file.path, status: 'analyzed' });
    else {
      const reason =
        extraction.unanalysable[0]?.reason ??
        `a ${extraction.template === 'terraform' ? 'Terraform file' : 'CloudFormation template'} without Automation documents`;
      files.push({ path: file.path, status: 'skipped', ...(file.explicit ? { reason } : {}) });
    }
  };

  // A file named on the command line that an ignore glob covers is listed as skipped and never read.
  for (const file of discovered.files) {
    if (file.ignored)
      files.push({ path: file.path, status: 'skipped', reason: 'matched by an ignore pattern of the configuration' });
  }
  const toRead = discovered.files.filter((file) => file.ignored !== true);
  const ordered = [
    ...toRead.filter((file) => isTerraformPath(file.path)),
    ...toRead.filter((file) => !isTerraformPath(file.path)),
  ];
  // Reads run a few files ahead of the analysis, so that waiting for the disk overlaps with parsing and rules
  // (profiling 1,000 files showed 13% of the run idle, waiting for stat and read one file at a time).
  const pendingReads = new Map<number, ReturnType<typeof readSourceFile>>();
  const readAhead = (at: number): ReturnType<typeof readSourceFile> => {
    let read = pendingReads.get(at);
    if (!read) {
      read = readSourceFile((ordered[at] as DiscoveredFile).path, config.maxFileSize);
      pendingReads.set(at, read);
    }
    return read;
  };
  for (const [index, file] of ordered.entries()) {
    options.onProgress?.(index, ordered.length);
    for (let next = index + 1; next <= Math.min(index + READ_AHEAD, ordered.length - 1); next++) readAhead(next);
    const reading = readAhead(index);
    pendingReads.delete(index);
    const [filesBefore, findingsBefore] = [files.length, findings.length];
    try {
      if (fromTemplates.files.has(resolve(file.path))) continue;
      const read = await reading;
      if (!read.ok) {
        inputError(file.path, read.message, read.range);
        continue;
      }
      if (isTerraformPath(file.path)) {
        await lintExtraction(file, await extractTerraform(file.path, read.text));
        continue;
      }
      const parsed = parseDocument(file.path, read.text);
      if (!parsed.ok) {
        if (!file.explicit && !looksLikeRunbookText(read.text)) {
          files.push({ path: file.path, status: 'skipped', reason: 'not an Automation runbook' });
          continue;
        }
        inputError(file.path, parsed.error.message, parsed.error.range);
        continue;
      }
      const runbook = buildRunbook(parsed.document);
      if (!runbook) {
        const extraction = extractRunbooks(parsed.document);
        if (extraction.template) {
          await lintExtraction(file, extraction);
          continue;
        }
        files.push({
          path: file.path,
          status: 'skipped',
          ...(file.explicit
            ? { reason: "not an Automation runbook (it needs schemaVersion '0.3' and mainSteps)" }
            : {}),
        });
        continue;
      }
      files.push({ path: file.path, status: 'analyzed' });
      await lintAndKeep(runbook);
    } catch (error) {
      // A defect met on one file (a stage that threw) is reported on that file; it never hides the other files' results.
      files.length = filesBefore;
      findings.length = findingsBefore;
      inputError(
        file.path,
        `Internal error while checking ${file.path}: ${error instanceof Error ? error.message : String(error)}. The other files were checked; please report this with the file.`,
      );
    }
  }

  options.onProgress?.(ordered.length, ordered.length);

  if (fromTemplates.runbooks > 0) {
    runNotes.push(
      `${fromTemplates.runbooks} runbook${fromTemplates.runbooks === 1 ? '' : 's'} found inside CloudFormation/Terraform templates; ${fromTemplates.linkedRoles} linked to a role defined in the same template.`,
    );
  }
  runNotes.push(...roles.problems());
  if (withoutRole.runbooks > 0) {
    runNotes.push(
      `No role information for ${withoutRole.runbooks} runbook${withoutRole.runbooks === 1 ? '' : 's'}, so these checks were skipped: ${[...withoutRole.ruleIds].sort().join(', ')}. Give the role with --role FILE (the JSON of \`aws iam get-role\` with its policies), or map runbooks to role files under roles: in .runbook-iam.yaml.`,
    );
  }
  if (options.baseline) findings = applyBaseline(findings, options.baseline, options.cwd);
  findings.sort(compareFindings(options.cwd));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files,
    findings,
    runNotes,
    hadInputErrors:
      files.some((file) => file.status === 'error') || findings.some((finding) => finding.internal === true),
  };
}

/** A YAML/JSON file in a directory that fails to parse is still reported when it plainly tries to be a runbook. */
function looksLikeRunbookText(text: string): boolean {
  return /schemaVersion|mainSteps/.test(text);
}

export interface RunRulesExtras {
  role?: RoleEvaluation;
  strict?: boolean;
  /** Needs already computed (for the role evaluation). */
  permissions?: StepPermissions[];
  /** Collects the ids of rules skipped for lack of a role. */
  skipped?: Set<string>;
}

export function runRules(
  runbook: Runbook,
  rules: readonly Rule[],
  severityOf: (ruleId: string, fallback: Severity) => Severity | undefined,
  extras: RunRulesExtras = {},
): Finding[] {
  const findings: Finding[] = [];
  let graph: ControlFlowGraph | undefined;
  let permissions: StepPermissions[] | undefined = extras.permissions;
  for (const rule of rules) {
    const severity = severityOf(rule.meta.id, rule.meta.defaultSeverity);
    if (!severity) continue;
    if (rule.meta.requiresRole === true && !extras.role) {
      extras.skipped?.add(rule.meta.id);
      continue;
    }
    const context: RuleContext = {
      runbook,
      ...(extras.role ? { role: extras.role } : {}),
      strict: extras.strict === true,
      get graph() {
        graph ??= buildControlFlow(runbook);
        return graph;
      },
      get permissions() {
        permissions ??= runbookPermissions(runbook);
        return permissions;
      },
      report(input) {
        findings.push({
          ruleId: rule.meta.id,
          severity,
          message: input.message,
          range: input.range,
          ...(input.step === undefined ? {} : { step: input.step }),
          ...(input.fix === undefined ? {} : { fix: input.fix }),
        });
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      // A defect in one rule must not hide the other rules' findings or the other files' results.
      findings.push({
        ruleId: rule.meta.id,
        severity: 'error',
        message: `Internal error in rule ${rule.meta.id}: ${error instanceof Error ? error.message : String(error)}. The other checks ran; please report this with the runbook.`,
        range: runbook.range,
        internal: true,
      });
    }
  }
  return findings;
}

function compareFindings(cwd: string): (a: Finding, b: Finding) => number {
  return (a, b) => {
    const fileA = resolve(cwd, a.range.file);
    const fileB = resolve(cwd, b.range.file);
    if (fileA !== fileB) return fileA < fileB ? -1 : 1;
    return (
      a.range.startLine - b.range.startLine ||
      a.range.startColumn - b.range.startColumn ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
    );
  };
}
