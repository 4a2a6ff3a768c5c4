import { resolve } from 'node:path';
import { buildControlFlow } from '../model/controlFlow.js';
import type { ControlFlowGraph } from '../model/controlFlow.js';
import { buildRunbook } from '../model/buildRunbook.js';
import type { Runbook } from '../model/runbook.js';
import type { StepPermissions } from '../permissions/permissionNeed.js';
import { runbookPermissions } from '../permissions/stepPermissions.js';
import { parseDocument } from '../parse/parseDocument.js';
import { readSourceFile } from '../parse/readSourceFile.js';
import { pointRange } from '../parse/sourceRange.js';
import type { SourceRange } from '../parse/sourceRange.js';
import { applyBaseline } from './baseline.js';
import type { BaselineFile } from './baseline.js';
import type { Config } from './config.js';
import { discoverFiles } from './discoverFiles.js';
import type { FileResult, Finding, LintReport, Severity } from './finding.js';
import type { Rule, RuleContext } from './rule.js';
import { isSuppressed, parseSuppressions } from './suppressions.js';

export const PARSE_ERROR_RULE = 'parse-error';

export interface LintOptions {
  paths: string[];
  cwd: string;
  config: Config;
  rules: readonly Rule[];
  baseline?: BaselineFile;
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
      findings.push({ ruleId: PARSE_ERROR_RULE, severity: parseErrorSeverity, message, range: range ?? pointRange(path, 1) });
    }
  };

  const discovered = await discoverFiles(options.paths, config.ignore, config.baseDir);
  for (const error of discovered.errors) inputError(error.path, error.message);

  for (const file of discovered.files) {
    const read = await readSourceFile(file.path, config.maxFileSize);
    if (!read.ok) {
      inputError(file.path, read.message, read.range);
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
      files.push({
        path: file.path,
        status: 'skipped',
        ...(file.explicit ? { reason: "not an Automation runbook (it needs schemaVersion '0.3' and mainSteps)" } : {}),
      });
      continue;
    }
    files.push({ path: file.path, status: 'analyzed' });
    const fileFindings = runRules(runbook, options.rules, severityOf);
    const suppressions = parseSuppressions(runbook.source);
    findings.push(...fileFindings.filter((finding) => !isSuppressed(finding, suppressions)));
  }

  if (options.baseline) findings = applyBaseline(findings, options.baseline, options.cwd);
  findings.sort(compareFindings(options.cwd));
  return {
    files,
    findings,
    runNotes,
    hadInputErrors: files.some((file) => file.status === 'error') || findings.some((finding) => finding.internal === true),
  };
}

/** A YAML/JSON file in a directory that fails to parse is still reported when it plainly tries to be a runbook. */
function looksLikeRunbookText(text: string): boolean {
  return /schemaVersion|mainSteps/.test(text);
}

export function runRules(
  runbook: Runbook,
  rules: readonly Rule[],
  severityOf: (ruleId: string, fallback: Severity) => Severity | undefined,
): Finding[] {
  const findings: Finding[] = [];
  let graph: ControlFlowGraph | undefined;
  let permissions: StepPermissions[] | undefined;
  for (const rule of rules) {
    const severity = severityOf(rule.meta.id, rule.meta.defaultSeverity);
    if (!severity) continue;
    const context: RuleContext = {
      runbook,
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
