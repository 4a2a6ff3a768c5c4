// The library API: what the CLI does, for programs. See README "Library API".
import { rules } from '../rules/index.js';
import { defaultConfig } from './engine/config.js';
import type { Config } from './engine/config.js';
import type { Finding, Severity } from './engine/finding.js';
import { lintFiles as lintFilesWithOptions, runRules } from './engine/lintFiles.js';
import type { LintRun } from './engine/lintFiles.js';
import { buildRunbook } from './model/buildRunbook.js';
import type { Runbook } from './model/runbook.js';
import { parseDocument } from './parse/parseDocument.js';
import type { ParseFailure } from './parse/parseDocument.js';
import { loadPythonParser } from './permissions/scripts/analyzePython.js';

// analyzeRunbook and generatePolicy are synchronous and may analyse Python scripts: the library loads the parser.
await loadPythonParser();

export type { Finding, Severity, FileResult, LintReport } from './engine/finding.js';
export type { Rule, RuleMeta, RuleContext } from './engine/rule.js';
export type { Runbook, Step, Parameter, Reference } from './model/runbook.js';
export type { SourceRange } from './parse/sourceRange.js';
export type { Config } from './engine/config.js';
export { formatReport, formatterNames } from './formatters/index.js';
export { buildControlFlow } from './model/controlFlow.js';
export { parseDocument, buildRunbook, rules };
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

export type AnalyzeResult =
  | { ok: true; runbook: Runbook; findings: Finding[] }
  | { ok: false; error: ParseFailure }
  | { ok: true; runbook: undefined; findings: [] };

/** Parses one runbook's text (YAML or JSON) and runs every rule on it. `runbook` is undefined for non-runbooks. */
export function analyzeRunbook(
  text: string,
  path = 'runbook.yaml',
  severities: Record<string, Severity | 'off'> = {},
): AnalyzeResult {
  const parsed = parseDocument(path, text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const runbook = buildRunbook(parsed.document);
  if (!runbook) return { ok: true, runbook: undefined, findings: [] };
  const severityOf = (id: string, fallback: Severity): Severity | undefined => {
    const setting = severities[id];
    return setting === 'off' ? undefined : (setting ?? fallback);
  };
  return { ok: true, runbook, findings: runRules(runbook, rules, severityOf) };
}
