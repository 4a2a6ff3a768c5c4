import type { Runbook, Step } from '../model/runbook.js';
import { iamActionInfo } from './actionMap.js';
import { cfnHandlerPermissions, cfnHandlerTable } from './cfnHandlerTable.js';
import type { CfnHandler } from './cfnHandlerTable.js';
import type { PermissionNeed } from './permissionNeed.js';
import { stackStepOf } from './stackTemplate.js';
import type { NeedFor } from './stepPermissions.js';

/**
 * The handlers CloudFormation runs for the template's resources: a creation creates them; an update may create,
 * update, replace (create, then delete) or remove each of them; a deletion deletes them.
 */
const HANDLERS_OF: Record<CfnHandler, CfnHandler[]> = {
  create: ['create'],
  update: ['create', 'update', 'delete'],
  delete: ['delete'],
};

/**
 * What a stack step without a service role needs for the template's resources: "By default, CloudFormation uses a
 * temporary session that it generates from your user credentials for stack operations"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html), so the runbook's role
 * needs the permissions each resource type's handlers list in its registry schema (action-map/cfn-handlers.json).
 * `likely`: a handler calls some of them only for some properties. One need per action, from the first resource type
 * (sorted) whose handler lists it.
 */
export function stackHandlerNeeds(runbook: Runbook, step: Step, name: string, needFor: NeedFor): PermissionNeed[] {
  const stack = stackStepOf(runbook, step);
  if (!stack || stack.hasRole || !stack.types) return [];
  const needs = new Map<string, PermissionNeed>();
  for (const resourceType of stack.types)
    for (const handler of HANDLERS_OF[stack.operation])
      for (const listed of cfnHandlerPermissions(resourceType, handler) ?? []) {
        // IAM compares action names case-insensitively; a schema may write `EC2:CreateTags`.
        const action = iamActionInfo(listed)?.action ?? listed;
        if (needs.has(action.toLowerCase())) continue;
        const origin = { kind: 'stack-resource' as const, actionType: step.action as string, resourceType, handler };
        const need = needFor(runbook, step, name, action, undefined, origin, 'likely', step.headRange);
        // An action that takes only `*` needs nothing more said; the others act on resources the template creates.
        const onlyStar =
          need.resources.length === 1 && need.resources[0] === '*' && need.resourceConfidence === 'certain';
        const { resourceNote: _named, ...rest } = need;
        needs.set(
          action.toLowerCase(),
          onlyStar
            ? rest
            : { ...rest, resources: ['*'], resourceConfidence: 'unknown', resourceNote: { kind: 'stack-resource' } },
        );
      }
  return [...needs.values()];
}

/**
 * Why a stack step's needs are incomplete: without a service role, CloudFormation acts on the template's resources
 * with the runbook's role, and the template is not in the step (TemplateURL, a reference), or some of its resource
 * types are not in action-map/cfn-handlers.json.
 */
export function stackResourceGap(runbook: Runbook, step: Step): string | undefined {
  const stack = stackStepOf(runbook, step);
  if (!stack || stack.hasRole) return undefined;
  const known = cfnHandlerTable().types;
  const missing = stack.types?.filter((type) => !known[type]);
  if (missing?.length === 0) return undefined;
  const verb = { create: 'creates', update: 'updates', delete: 'deletes' }[stack.operation];
  if (!missing)
    return `CloudFormation ${verb} the stack's resources with this runbook's role (no RoleARN), and the template is not in the runbook, so their permissions are not known; pass a RoleARN, or give the template as TemplateBody`;
  const those = missing.length === 1 ? 'that resource type' : 'those resource types';
  return `CloudFormation ${verb} ${missing.join(', ')} with this runbook's role (no RoleARN), and the permissions of ${those} are not known; pass a RoleARN, or add them`;
}
