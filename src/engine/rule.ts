import type { Finding, Severity } from './finding.js';
import type { SourceRange } from '../parse/sourceRange.js';
import type { ControlFlowGraph } from '../model/controlFlow.js';
import type { Runbook } from '../model/runbook.js';
import type { StepPermissions } from '../permissions/permissionNeed.js';
import type { RoleEvaluation } from '../policy/evaluateRole.js';

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
  /** The rule compares the runbook with the role it runs as; without role information it is skipped (and lint says so once). */
  requiresRole?: boolean;
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
  /** Every step's IAM needs (src/permissions), computed once per runbook on first use. */
  readonly permissions: StepPermissions[];
  /** The role the runbook runs as, evaluated against its needs (--role, config `roles:`, or a role in the same template). */
  role?: RoleEvaluation;
  /** --strict: also judge AWS managed policies (excess-permission, passrole-wildcard, wildcard-action). */
  strict: boolean;
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
