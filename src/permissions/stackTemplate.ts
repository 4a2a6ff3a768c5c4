import type { Runbook, Step } from '../model/runbook.js';
import { inputsAt, scalarInput } from '../model/inputsAt.js';
import { childOf } from '../parse/documentNode.js';
import { resourcesOf, resourceType } from '../parse/extract/cloudFormationValue.js';
import { parseDocument } from '../parse/parseDocument.js';
import type { CfnHandler } from './cfnHandlerTable.js';

/** A step that has CloudFormation create, update or delete a stack, as far as its inputs show. */
export interface StackStep {
  /** What the stack operation does to the template's resources. */
  operation: CfnHandler;
  /** A RoleARN is given: CloudFormation then acts with that service role, not with the caller's credentials. */
  hasRole: boolean;
  /** The resource types of the template, sorted; undefined when the template is not in the step (TemplateURL, a reference). */
  types?: string[];
}

/** Which stack operation a step makes: Automation's stack actions and the CloudFormation API through aws:executeAwsApi. */
function operationOf(step: Step): CfnHandler | undefined {
  if (step.action === 'aws:createStack') return 'create';
  if (step.action === 'aws:deleteStack') return 'delete';
  if (step.action !== 'aws:executeAwsApi' || scalarInput(step.inputs, 'Service') !== 'cloudformation') return undefined;
  const api = scalarInput(step.inputs, 'Api');
  if (api === 'CreateStack') return 'create';
  if (api === 'UpdateStack') return 'update';
  if (api === 'DeleteStack') return 'delete';
  return undefined;
}

/**
 * The stack operation of a step and the resource types of its template: the inline TemplateBody, or for a deletion,
 * the TemplateBody of the step of the same runbook that creates the stack of the same StackName. An update or deletion
 * without a RoleARN of a stack that step created with one still uses that role: "If you don't specify a value,
 * CloudFormation uses the role that was previously associated with the stack"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html).
 */
export function stackStepOf(runbook: Runbook, step: Step): StackStep | undefined {
  const operation = operationOf(step);
  if (!operation) return undefined;
  const stackName = scalarInput(step.inputs, 'StackName');
  const creator =
    operation === 'create' || stackName === undefined
      ? undefined
      : runbook.steps.find(
          (other) => operationOf(other) === 'create' && scalarInput(other.inputs, 'StackName') === stackName,
        );
  const hasRole = [step, ...(creator ? [creator] : [])].some((one) => inputsAt(one.inputs, 'RoleARN').length > 0);
  let body = scalarInput((operation === 'delete' ? creator : step)?.inputs, 'TemplateBody');
  if (operation === 'update' && scalarInput(step.inputs, 'UsePreviousTemplate') === 'true') body = undefined;
  const types = body === undefined ? undefined : templateResourceTypes(body);
  return { operation, hasRole, ...(types ? { types } : {}) };
}

/**
 * The resource types (`AWS::SQS::Queue`) of a CloudFormation template's Resources section, sorted; undefined when the
 * text has no Resources section (a `{{ reference }}` to a template given at run time). Automation variables in the
 * text are blanked first; text that does not parse is searched for `Type:` lines.
 */
export function templateResourceTypes(body: string): string[] | undefined {
  // A stack step's needs and its incompleteness both read the template, and a runbook is analysed by several
  // commands: the parse is kept for the last templates seen (a few, so that a large run does not keep them all).
  if (recentTemplates.has(body)) return recentTemplates.get(body);
  const types = parseResourceTypes(body);
  if (types) Object.freeze(types);
  if (recentTemplates.size >= RECENT_TEMPLATES) recentTemplates.delete(recentTemplates.keys().next().value as string);
  recentTemplates.set(body, types);
  return types;
}

const RECENT_TEMPLATES = 32;
const recentTemplates = new Map<string, string[] | undefined>();

function parseResourceTypes(body: string): string[] | undefined {
  const text = body.replace(/\{\{[^}]*\}\}/g, (variable) => 'x'.repeat(variable.length));
  const parsed = parseDocument('TemplateBody', text);
  let types: (string | undefined)[];
  if (parsed.ok) {
    if (childOf(parsed.document.root, 'Resources')?.kind !== 'map') return undefined;
    types = [...resourcesOf(parsed.document.root).values()].map(resourceType);
  } else {
    // A resource type, not a parameter type (`AWS::EC2::KeyPair::KeyName`, `AWS::SSM::Parameter::Value<...>`).
    const lines =
      /["']?Type["']?\s*:\s*["']?((?:AWS|Alexa|Custom)::[A-Za-z0-9_@.-]+(?:::[A-Za-z0-9]+)?)(?![A-Za-z0-9:<])/g;
    types = [...text.matchAll(lines)].map((match) => match[1]);
    if (types.length === 0) return undefined;
  }
  return [...new Set(types.filter((type): type is string => type !== undefined))].sort();
}
