// The library API: what the CLI does, for programs. See README "Library API".
import { resolve } from 'node:path';
import { rules } from '../rules/index.js';
import { defaultConfig } from './engine/config.js';
import type { Config } from './engine/config.js';
import type { FileResult, Finding, Severity } from './engine/finding.js';
import { analyseLoaded, lintFiles as lintFilesWithOptions, severitiesOf } from './engine/lintFiles.js';
import { RoleResolver } from './engine/resolveRole.js';
import type { LintRun } from './engine/lintFiles.js';
import { lintRunbook } from './engine/lintRunbook.js';
import { loadText } from './engine/loadRunbooks.js';
import type { InputProblem } from './engine/loadRunbooks.js';
import type { Runbook } from './model/runbook.js';
import type { StepPermissions } from './permissions/permissionNeed.js';
import { loadPythonParser } from './permissions/scripts/analyzePython.js';

// generatePolicy is synchronous and may analyse Python scripts of runbooks built by the caller: load the parser.
await loadPythonParser();

export type { Finding, Severity, FileResult, LintReport } from './engine/finding.js';
export type { Rule, RuleMeta, RuleContext, StepContext } from './analysis/ruleKit.js';
export type { Runbook, Step, Parameter, Reference } from './model/runbook.js';
export type { SourceRange } from './parse/sourceRange.js';
export type { Config } from './engine/config.js';
export type { LintRun } from './engine/lintFiles.js';
export type { PermissionNeed, StepPermissions, NeedOrigin, ResourceNote } from './permissions/permissionNeed.js';
export type { InputProblem, LoadedRunbook } from './engine/loadRunbooks.js';
export { describeNeed } from './permissions/describeNeed.js';
export { formatReport, formatterNames } from './formatters/index.js';
export { buildControlFlow } from './model/controlFlow.js';
export { parseDocument } from './parse/parseDocument.js';
export { buildRunbook } from './model/buildRunbook.js';
export { rules };
export { generatePolicy } from './policy/generate/generatePolicy.js';
export type { GeneratePolicyOptions, GeneratedPolicies, PolicyKindOption } from './policy/generate/generatePolicy.js';
export { renderPolicies } from './policy/generate/renderPolicy.js';
export type { PolicyFormat, RenderedPolicies } from './policy/generate/renderPolicy.js';
export { verifyPolicies } from './policy/generate/verifyPolicy.js';
export type { VerificationReport } from './policy/generate/verifyPolicy.js';

/** Lints files and directories as `runbook-iam lint` does, with the default configuration unless one is given. */
export async function lintFiles(paths: string[], options: { cwd?: string; config?: Config } = {}): Promise<LintRun> {
  const cwd = options.cwd ?? process.cwd();
  return lintFilesWithOptions({ paths, cwd, config: options.config ?? defaultConfig(cwd), rules });
}

/** One runbook of an analysed text: the runbook, its findings, and every step's IAM needs. */
export interface AnalyzedRunbook {
  runbook: Runbook;
  /** The template resource holding the runbook, for runbooks inside CloudFormation or Terraform. */
  resource?: string;
  findings: Finding[];
  permissions: StepPermissions[];
}

export interface AnalyzeResult {
  /** What happened to the file (analysed, skipped with why, or an error). */
  files: FileResult[];
  /** The runbooks in the text: one for a runbook, several for a template; none for other documents. */
  runbooks: AnalyzedRunbook[];
  /** Why the text (or a document inside it) could not be read: reported by lint as parse-error. */
  problems: InputProblem[];
}

export interface AnalyzeOptions {
  /** Rule severities, as under `rules:` in .runbook-iam.yaml (`off` turns a rule off). */
  severities?: Record<string, Severity | 'off'>;
  /** Where relative paths (the text's own path, its script attachments) are resolved; default process.cwd(). */
  cwd?: string;
}

/**
 * Analyses one file's text — a runbook (YAML or JSON), or a CloudFormation/Terraform template with runbooks inside —
 * exactly as `lint` does: the same loader (script attachments are read next to `path`), the same rules and
 * suppressions. Role rules run when a role is known: for text, a role the same template links to the runbook.
 */
export async function analyzeRunbook(
  text: string,
  path = 'runbook.yaml',
  options: AnalyzeOptions = {},
): Promise<AnalyzeResult> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadText({ path, explicit: true }, text, {
    cwd,
    readByTemplates: new Set([resolve(cwd, path)]),
  });
  const severityOf = severitiesOf({ rules: options.severities ?? {} });
  // As lint does without --role or roles:, the role a runbook runs as is the one its template links to it.
  const roles = await RoleResolver.create(defaultConfig(cwd));
  const runbooks: AnalyzedRunbook[] = [];
  for (const entry of loaded.runbooks) {
    const { analysis } = await analyseLoaded(entry, roles);
    runbooks.push({
      runbook: entry.runbook,
      ...(entry.template ? { resource: entry.template.resource } : {}),
      findings: lintRunbook(analysis, rules, severityOf).findings,
      permissions: analysis.permissions,
    });
  }
  return { files: loaded.results, runbooks, problems: loaded.problems };
}
