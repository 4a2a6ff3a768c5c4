import type { Finding, Severity } from './finding.js';
import type { SourceRange } from '../parse/sourceRange.js';
import type { ControlFlowGraph } from '../model/controlFlow.js';
import type { Runbook } from '../model/runbook.js';

export type RuleTag = 'security' | 'least-privilege' | 'correctness' | 'maintainability' | 'reliability';

export interface RuleMeta {
  /** kebab-case, unique, the file name under rules/. */
  id: string;
  /** One line, shown in tables and as SARIF shortDescription. */
  shortDescription: string;
  /** A paragraph: what the rule checks and why AWS behaves so. SARIF fullDescription. */
  fullDescription: string;
  defaultSeverity: Severity;
  tags: RuleTag[];
  /** Where the AWS behaviour the rule rests on is documented. */
  awsDocs: string[];
}

export interface ReportInput {
  message: string;
  range: SourceRange;
  step?: string;
  fix?: string;
}

export interface RuleContext {
  runbook: Runbook;
  /** The control-flow graph over the runbook's steps, built once per runbook. */
  readonly graph: ControlFlowGraph;
  report(finding: ReportInput): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export const DOCS_BASE_URL = 'https://github.com/runbook-iam/runbook-iam/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}

export type { Finding };
