export type { Rule, RuleContext, RuleMeta, RuleTag, ReportInput, StepContext } from '../analysis/ruleKit.js';
export type { Finding } from './finding.js';

export const DOCS_BASE_URL = 'https://github.com/runbook-iam/runbook-iam/blob/main/docs/rules/';

/** The page that documents a rule (what, why, bad and good example, AWS docs). */
export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
