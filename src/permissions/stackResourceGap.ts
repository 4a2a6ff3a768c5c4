import type { Step } from '../model/runbook.js';
import { inputsAt, scalarInput } from '../model/inputsAt.js';

/** Steps that have CloudFormation create, update or delete a stack's resources. */
const STACK_CALLS: Record<string, (step: Step) => boolean> = {
  'aws:createStack': () => true,
  'aws:deleteStack': () => true,
  'aws:executeAwsApi': (step) =>
    scalarInput(step.inputs, 'Service') === 'cloudformation' &&
    ['CreateStack', 'UpdateStack', 'DeleteStack'].includes(scalarInput(step.inputs, 'Api') ?? ''),
};

/**
 * Why a stack step's needs are incomplete: without a RoleARN, CloudFormation creates, updates and deletes the
 * template's resources with the caller's credentials, so the runbook's role needs each resource type's handler
 * permissions, which runbook-iam does not list
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html).
 */
export function stackResourceGap(step: Step): string | undefined {
  const applies = step.action === undefined ? undefined : STACK_CALLS[step.action];
  if (!applies?.(step) || inputsAt(step.inputs, 'RoleARN').length > 0) return undefined;
  const body = scalarInput(step.inputs, 'TemplateBody') ?? '';
  const types = [
    ...new Set(
      [...body.matchAll(/["']?Type["']?\s*:\s*["']?((?:AWS|Alexa)::[A-Za-z0-9]+::[A-Za-z0-9]+)/g)].map((m) => m[1]),
    ),
  ];
  const what = types.length > 0 ? types.sort().join(', ') : "the template's resources";
  return `CloudFormation handles ${what} with this runbook's role (no RoleARN), and the permissions of those resource types are not listed; pass a RoleARN, or add them`;
}
