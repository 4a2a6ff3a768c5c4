import type { Runbook, Step } from '../model/runbook.js';
import { wildcardMatch } from '../model/wildcardMatch.js';
import type { SourceRange } from '../parse/sourceRange.js';
import { listOf, statementsOf } from './roleInfo.js';
import type { PolicyStatement, RoleInfo, RolePolicy } from './roleInfo.js';

/** Whether an IAM action pattern (`ec2:Describe*`, `iam:*`, `*`) covers an action; IAM compares actions case-insensitively. */
export function actionPatternMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, { ignoreCase: true });
}

/** Two action patterns overlap when some action matches both (`ec2:*` and `ec2:Describe*`). */
export function actionPatternsOverlap(a: string, b: string): boolean {
  return (
    actionPatternMatches(a, b.replace(/[*?]/g, '')) ||
    actionPatternMatches(b, a.replace(/[*?]/g, '')) ||
    (a.includes('*') && b.includes('*') && a.split(':')[0]?.toLowerCase() === b.split(':')[0]?.toLowerCase())
  );
}

export interface LocatedStatement {
  policy: RolePolicy;
  statement: PolicyStatement;
  index: number;
}

/** The Allow statements of the role's policies, AWS managed policies only with --strict. */
export function allowStatements(role: RoleInfo, strict: boolean): LocatedStatement[] {
  return role.policies
    .filter((policy) => strict || !policy.managed)
    .flatMap((policy) => statementsOf(policy.document).map((statement, index) => ({ policy, statement, index })))
    .filter(({ statement }) => statement.Effect === 'Allow');
}

/** Whether an Allow statement grants `action` (through Action, or through a NotAction that leaves it in). */
export function statementGrants(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined)
    return listOf(statement.Action).some((pattern) => actionPatternMatches(pattern, action));
  if (statement.NotAction !== undefined)
    return !listOf(statement.NotAction).some((pattern) => actionPatternMatches(pattern, action));
  return false;
}

export function statementLabel({ policy, statement, index }: LocatedStatement): string {
  return `${statement.Sid ? `Statement ${statement.Sid}` : `Statement ${index + 1}`} of ${policy.managed ? 'AWS managed policy' : 'policy'} ${policy.name}`;
}

export function roleLabel(role: RoleInfo): string {
  return role.name && role.name !== role.source ? `role ${role.name} (${role.source})` : `role ${role.source}`;
}

/** Findings about the role itself point at the runbook's assumeRole, or its first line when it has none. */
export function roleFindingRange(runbook: Runbook): SourceRange {
  const range = runbook.assumeRole?.range ?? runbook.schemaVersion?.range ?? runbook.range;
  return range;
}

export function stepRange(step: Step): SourceRange {
  return step.nameRange ?? step.headRange;
}

/** Lists a few items and says how many more there are. */
export function listSome(items: string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
