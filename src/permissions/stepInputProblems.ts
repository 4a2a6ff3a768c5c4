import { closestMatch } from '../model/closestMatch.js';
import type { Runbook, Step } from '../model/runbook.js';
import type { MapNode } from '../parse/documentNode.js';
import { automationActionInfo, lookupOperation } from './actionMap.js';
import { operationShapes } from './operationShapes.js';
import type { ApiShape, AutomationActionInfo } from './actionMapTypes.js';
import { scalarInput } from '../model/inputsAt.js';
import { inputValue } from './inputValue.js';
import { followSelector } from './selectorProblems.js';
import {
  allowedValueProblems,
  enumProblems,
  automationTypeProblem,
  fitsAutomationType,
  memberList,
  shapeProblems,
} from './valueProblems.js';
import type { InputProblem } from './valueProblems.js';

export type { InputProblem } from './valueProblems.js';

/** The Service/Api operation a step calls, when both are literal names the action map knows. */
export function stepOperation(
  step: Step,
): { client: string; api: string; input: ApiShape; output: ApiShape } | undefined {
  const client = scalarInput(step.inputs, 'Service');
  const api = scalarInput(step.inputs, 'Api');
  if (client === undefined || api === undefined || client.includes('{{') || api.includes('{{')) return undefined;
  const shapes = operationShapes(client, api);
  return shapes ? { client, api, ...shapes } : undefined;
}

/**
 * What is wrong with a step's inputs, by the action's input table (Automation actions reference) and, for
 * aws:executeAwsApi and the property assert/wait actions, the called operation's input shape (service model):
 * unknown names, missing required inputs, values of the wrong shape, values outside the valid ones.
 */
export function stepInputProblems(runbook: Runbook, step: Step): InputProblem[] {
  const info = step.action === undefined ? undefined : automationActionInfo(step.action);
  if (!info) return [];
  const operation = info.operationMembers ? stepOperation(step) : undefined;
  // Service/Api chosen at run time, or unknown (reported by unknown-api and dynamic-api): the members cannot be known.
  const membersUnknown = info.operationMembers === true && operation === undefined;
  const apiInput = operation?.input.kind === 'structure' ? operation.input : undefined;
  const forwarded = forwardedMembers(info);
  const inputs = step.inputs;
  const problems: InputProblem[] = [];
  const given = new Set(inputs?.entries.map((entry) => entry.key) ?? []);

  for (const entry of inputs?.entries ?? []) {
    const own = Object.hasOwn(info.inputs, entry.key) ? info.inputs[entry.key] : undefined;
    if (own) {
      if (entry.value.kind === 'scalar' && entry.value.value === null) continue;
      const value = inputValue(entry.value, runbook);
      if (!fitsAutomationType(value, own.type)) {
        problems.push({ message: automationTypeProblem(entry.key, value, own.type), range: entry.value.range });
      } else if (own.allowedValues) {
        problems.push(...allowedValueProblems(entry.key, entry.value, own.allowedValues, runbook));
      }
      continue;
    }
    if (apiInput) {
      const member = Object.hasOwn(apiInput.members, entry.key) ? apiInput.members[entry.key] : undefined;
      if (member) {
        problems.push(
          ...shapeProblems(entry.value, member, entry.key, runbook, `${operation?.client} ${operation?.api}`),
        );
        continue;
      }
    }
    if (membersUnknown || forwarded?.has(entry.key)) continue;
    const candidates = [...Object.keys(info.inputs), ...Object.keys(apiInput?.members ?? {}), ...(forwarded ?? [])];
    const suggestion = closestMatch(entry.key, candidates);
    const of = operation ? `${operation.client} ${operation.api}` : info.type;
    problems.push({
      message: `"${entry.key}" is not an input of ${of}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      range: entry.keyRange,
    });
  }

  if (operation) problems.push(...desiredValueProblems(inputs, operation.output, runbook));

  const missing = Object.entries(info.inputs)
    // Service and Api themselves are the unknown-api rule's concern.
    .filter(
      ([name, input]) =>
        input.required && !present(inputs, name) && !(info.operationMembers && (name === 'Service' || name === 'Api')),
    )
    .map(([name]) => name);
  if (apiInput && operation) {
    const filled = BOTO3_FILLED_MEMBERS[operation.client] ?? [];
    missing.push(...apiInput.required.filter((name) => !present(inputs, name) && !filled.includes(name)));
  }
  if (step.action === 'aws:executeScript' && /^python/i.test(scalarInput(inputs, 'Runtime') ?? '')) {
    // The handler function is required for Python scripts (automation-action-executeScript.html).
    if (!present(inputs, 'Handler')) missing.push('Handler');
  }
  const range = inputs?.range ?? step.headRange;
  if (missing.length > 0) {
    const of = apiInput && operation ? `${operation.client} ${operation.api}` : info.type;
    problems.push({ message: `${of} needs ${memberList(missing).replace('member', 'input')}.`, range });
  }
  for (const group of info.requireOneOf ?? []) {
    if (group.some((name) => given.has(name))) continue;
    problems.push({ message: `${info.type} needs one of ${group.join(', ')}.`, range });
  }
  return problems;
}

/**
 * DesiredValues of the property assert/wait actions, against the enum of the property PropertySelector selects
 * (`$.InstanceStatuses[0].InstanceState.Name`: pending, running, …): a misspelt value is never matched, so the wait
 * times out and the assert fails.
 */
function desiredValueProblems(inputs: MapNode | undefined, output: ApiShape, runbook: Runbook): InputProblem[] {
  const selector = scalarInput(inputs, 'PropertySelector');
  const desired = inputs?.entries.find((entry) => entry.key === 'DesiredValues')?.value;
  if (selector === undefined || selector.includes('{{') || !desired) return [];
  const selected = followSelector(selector, output);
  if (selected.ok !== true || selected.shape.kind !== 'string' || !selected.shape.enum) return [];
  return enumProblems('DesiredValues', desired, selected.shape.enum, runbook, selector);
}

/**
 * Required members boto3 fills in itself: Amazon S3 Glacier's accountId defaults to "-", the account of the
 * credentials (https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/glacier.html).
 */
const BOTO3_FILLED_MEMBERS: Record<string, string[]> = { glacier: ['accountId'] };

const present = (inputs: MapNode | undefined, name: string): boolean =>
  inputs?.entries.some((entry) => entry.key === name) ?? false;

/** The members of the operation an action forwards its inputs to (aws:runCommand → ssm SendCommand). */
function forwardedMembers(info: AutomationActionInfo): Set<string> | undefined {
  if (!info.acceptsMembersOf) return undefined;
  const [client = '', api = ''] = info.acceptsMembersOf.split('.');
  const input = lookupOperation(client, api) ? operationShapes(client, api)?.input : undefined;
  return input?.kind === 'structure' ? new Set(Object.keys(input.members)) : undefined;
}
