// The rule kit: everything a rule under rules/ imports. A rule is `createRule({ meta, check })`; `check` walks
// `context.steps` and calls `context.report({ step, message })`. See docs/development.md, "Writing a rule".
import type { ControlFlowGraph } from '../model/controlFlow.js';
import type { Runbook, Step } from '../model/runbook.js';
import { stepLabel } from '../model/stepLabel.js';
import type { SourceRange } from '../parse/sourceRange.js';
import type { PermissionNeed, StepPermissions } from '../permissions/permissionNeed.js';
import type { StepScripts } from '../permissions/scriptPermissions.js';
import type { RoleEvaluation } from '../policy/evaluateRole.js';
import type { Severity } from './finding.js';

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

/** One step as a rule sees it: the step, how messages name it, its IAM needs and (lazily) its scripts. */
export interface StepContext {
  step: Step;
  /** The step's name, or `#n` for a step without one. */
  label: string;
  /** Where findings about the step point by default: its name, else its first line. */
  range: SourceRange;
  needs: readonly PermissionNeed[];
  /** The scripts an aws:executeScript step runs, analysed on first use (empty for other steps). */
  readonly scripts: StepScripts;
}

export interface ReportInput {
  /** One short line: what is wrong and where. The why and the fix belong in the rule's documentation. */
  message: string;
  /** The step the finding is about: fills the finding's step, and its range unless `range` is given. */
  step?: StepContext | Step;
  /** Where the finding points; defaults to the step's range, else the runbook's first line. */
  range?: SourceRange;
  /** Stable identity of the finding within rule, file and step (an action, a reference), for baselines. */
  key?: string;
  fix?: string;
  /** A milder severity for this finding than the rule's (a type mismatch beside impossible paths); kept only while the rule runs at its default severity. */
  severity?: Severity;
}

export interface RuleContext {
  runbook: Runbook;
  /** Every step, in document order (aws:loop's nested steps after their loop). */
  readonly steps: readonly StepContext[];
  /** The control-flow graph over the runbook's steps, built once per runbook. */
  readonly graph: ControlFlowGraph;
  /** Every step's IAM needs, computed once per runbook on first use. */
  readonly permissions: readonly StepPermissions[];
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

/** Declares a rule; the meta is typed once here, so a rule file needs no other type. */
export function createRule(rule: Rule): Rule {
  return rule;
}

/** Where findings about a step point: its name, else its first line. */
export function stepRange(step: Step): SourceRange {
  return step.nameRange ?? step.headRange;
}

/** Lists a few items and says how many more there are. */
export function listSome(items: readonly string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export { stepLabel };
export type { Runbook, Step, PermissionNeed, StepPermissions, ControlFlowGraph, SourceRange, Severity };
export type { Reference, Parameter } from '../model/runbook.js';
export { inputsAt, scalarInput } from '../model/inputsAt.js';
export { didYouMean } from '../model/closestMatch.js';
export { parameterReferences, referencedParameter, REFERENCE } from '../model/findReferences.js';
export {
  AUTOMATION_ACTION_OUTPUTS,
  AUTOMATION_ACTION_TYPES,
  AUTOMATION_VARIABLES,
  GLOBAL_VARIABLES,
  isAutomationActionType,
} from '../model/automationActionTypes.js';
export { childOf } from '../parse/documentNode.js';
export type { DocNode } from '../parse/documentNode.js';
export { describeNeed } from '../permissions/describeNeed.js';
export { stepInputProblems, stepOperation } from '../permissions/stepInputProblems.js';
export { followSelector, typeMismatch } from '../permissions/selectorProblems.js';
export {
  automationActionInfo,
  lookupOperation,
  serviceForClient,
  suggestClient,
  suggestOperation,
} from '../permissions/actionMap.js';
export {
  actionPatternsOverlap,
  allowStatements,
  roleFindingRange,
  roleLabel,
  statementGrants,
  statementLabel,
} from '../policy/policyActions.js';
export { listOf } from '../policy/roleInfo.js';
export { lambdaOutsideScope, notificationTopics, reliesOnAutomationRole } from '../policy/automationRoleScope.js';
