import type { FileStatus, LintReport, Severity } from '../engine/finding.js';
import { ruleDocsUrl } from '../engine/rule.js';
import type { FormatContext } from './formatContext.js';

/** Version of the JSON output's shape; raised whenever a field changes meaning or disappears. */
export const JSON_OUTPUT_VERSION = 1;

export interface JsonOutput {
  version: typeof JSON_OUTPUT_VERSION;
  tool: { name: string; version: string };
  /** Every input file, in the engine's order; `reason` only when the engine gave one. */
  files: { path: string; status: FileStatus; reason?: string }[];
  results: JsonResult[];
  /** Notes about the run itself; always present, often empty. */
  runNotes: string[];
}

export interface JsonResult {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** The step the finding is about, or `null` when it is about the document as a whole: the key is always there. */
  step: string | null;
  /** A suggested fix in words; present only when the rule gave one. */
  fix?: string;
  /** The finding's stable identity within its rule, file and step; present only when the rule gave one. */
  key?: string;
  /** The rule's documentation page (the same as SARIF's helpUri); absent for a rule id the registry does not know. */
  docsUrl?: string;
}

/**
 * Machine-readable output: the report as it is, paths exactly as the engine gave them, findings in the engine's order.
 * Pretty-printed with two spaces and a trailing newline.
 */
export function json(report: LintReport, context: FormatContext): string {
  const documented = new Set(context.rules.map((rule) => rule.id));
  const output: JsonOutput = {
    version: JSON_OUTPUT_VERSION,
    tool: { name: context.toolName, version: context.toolVersion },
    files: report.files.map((file) => ({
      path: file.path,
      status: file.status,
      ...(file.reason === undefined ? {} : { reason: file.reason }),
    })),
    results: report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      file: finding.range.file,
      startLine: finding.range.startLine,
      startColumn: finding.range.startColumn,
      endLine: finding.range.endLine,
      endColumn: finding.range.endColumn,
      step: finding.step ?? null,
      ...(finding.fix === undefined ? {} : { fix: finding.fix }),
      ...(finding.key === undefined ? {} : { key: finding.key }),
      ...(documented.has(finding.ruleId) ? { docsUrl: ruleDocsUrl(finding.ruleId) } : {}),
    })),
    runNotes: [...report.runNotes],
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
