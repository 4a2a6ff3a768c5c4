// AmazonSSMAutomationRole allows lambda:InvokeFunction only on arn:aws:lambda:*:*:function:Automation* and sns:Publish
// only on arn:aws:sns:*:*:Automation*
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMAutomationRole.html). A runbook whose
// role relies on it can invoke other functions or notify other topics only if another policy allows it.
import type { Runbook, Step } from '../model/runbook.js';
import type { PermissionNeed } from '../permissions/permissionNeed.js';
import { scalarInput } from '../model/inputsAt.js';
import { resolveText } from '../permissions/resolveValues.js';
import { concreteResource } from './evaluateRole.js';
import type { RoleEvaluation } from './evaluateRole.js';
import { isAutomationRolePolicyArn } from './managedPolicies.js';

export function reliesOnAutomationRole(role: RoleEvaluation): boolean {
  return role.role.policies.some((policy) => isAutomationRolePolicyArn(policy.arn));
}

/** The function an aws:invokeLambdaFunction need names, when it is known and is not `Automation*`. */
export function lambdaOutsideScope(need: PermissionNeed, role: RoleEvaluation): string | undefined {
  if (need.action !== 'lambda:InvokeFunction' || !reliesOnAutomationRole(role)) return undefined;
  const decision = role.decision(need);
  if (!decision || decision.allowed) return undefined;
  const names = need.resources
    .map((arn) => /:function:([^:]+)/.exec(arn)?.[1])
    .filter((name): name is string => name !== undefined && !name.includes('*'));
  return names.find((name) => !name.startsWith('Automation'));
}

/** The SNS topic ARNs (sample placeholders filled in) of an aws:approve step's NotificationArn, when known. */
export function notificationTopics(runbook: Runbook, step: Step, account: string): string[] {
  if (step.action !== 'aws:approve') return [];
  const written = scalarInput(step.inputs, 'NotificationArn');
  if (written === undefined) return [];
  return resolveText(written, runbook)
    .values.filter((value) => value.startsWith('arn:') && !value.includes('*') && !value.includes('{{'))
    .map((value) => concreteResource(value, account));
}

/** The (action, resource) pairs beyond step needs that the role rules ask about: approval topics. */
export function automationScopeProbes(runbook: Runbook, account: string): { action: string; resource: string }[] {
  return runbook.steps.flatMap((step) =>
    notificationTopics(runbook, step, account).map((resource) => ({ action: 'sns:Publish', resource })),
  );
}
