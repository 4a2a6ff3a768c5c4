import type { Runbook, Step } from '../model/runbook.js';
import { stepLabel } from '../model/stepLabel.js';
import type { DocNode, ScalarNode } from '../parse/documentNode.js';
import type { SourceRange } from '../parse/sourceRange.js';
import {
  automationActionInfo,
  iamActionInfo,
  iamResourceType,
  lookupOperation,
  operationForAutomationCall,
  serviceForClient,
} from './actionMap.js';
import type { AutomationCondition, OperationInfo, ResourceInput } from './actionMap.js';
import { inputsAt, scalarInput } from '../model/inputsAt.js';
import { unsettledCondition } from './unsettledCondition.js';
import { actionTypeFollowOnNeeds, followOnNeeds, settleFollowOns } from './followOnNeeds.js';
import { nestedRunbookGap, nestedRunbookNeeds } from './nestedRunbookNeeds.js';
import { stackHandlerNeeds, stackResourceGap } from './stackHandlerNeeds.js';
import type {
  Confidence,
  FollowOnKind,
  NeedOrigin,
  PermissionNeed,
  ResourceNote,
  StepPermissions,
  ValueNote,
} from './permissionNeed.js';
import { resolveText, resolveValues, weakest } from './resolveValues.js';
import { resourcesNamedByInputs } from './resourcesNamedByInputs.js';
import { scriptPermissions, stepScripts } from './scriptPermissions.js';
import type { StepScripts } from './scriptPermissions.js';

/** The scripts of a step, as analysed (RunbookAnalysis keeps each step's analysis so that it is done once). */
export type ScriptsOf = (step: Step) => StepScripts;

export interface PermissionOptions {
  /** Follow-on kinds to leave out (`cloudwatch-output` when the account does not send script output to CloudWatch). */
  exclude?: readonly FollowOnKind[];
  /** Runbooks by document name (file name without extension), for the children aws:executeAutomation runs. */
  documents?: ReadonlyMap<string, Runbook>;
  /** Documents whose needs are being computed, so that a cycle of runbooks starting each other ends. */
  visiting?: ReadonlySet<Runbook>;
  /** The analysed scripts of a step; by default each call analyses them anew. */
  scriptsOf?: ScriptsOf;
  catalog?: boolean; // false: AWS-owned children are not looked up in action-map/aws-documents.json
}

/** Every step's needs, in step order; a step whose code could not be read says why in `incomplete`. */
export function runbookPermissions(runbook: Runbook, options: PermissionOptions = {}): StepPermissions[] {
  // Scripts analysed once here when no RunbookAnalysis keeps them: the needs and the incompleteness check read them.
  const analysed = new Map<number, StepScripts>();
  const scriptsOf =
    options.scriptsOf ??
    ((step: Step) => {
      let scripts = analysed.get(step.index);
      if (!scripts) analysed.set(step.index, (scripts = stepScripts(runbook, step)));
      return scripts;
    });
  const withScripts = { ...options, scriptsOf };
  return runbook.steps.map((step) => {
    const needs = stepPermissions(runbook, step, withScripts);
    const incomplete =
      incompleteReason(step, needs, scriptsOf) ??
      nestedRunbookGap(runbook, step, options.documents ?? new Map()) ??
      stackResourceGap(runbook, step);
    return {
      step: stepLabel(step),
      action: step.action ?? '',
      needs,
      ...(incomplete ? { incomplete } : {}),
    };
  });
}

/** Why a step's needs cannot be complete: its script could not be read, or it calls a service chosen at run time. */
function incompleteReason(step: Step, needs: PermissionNeed[], scriptsOf: ScriptsOf): string | undefined {
  if (step.action === 'aws:executeScript') {
    const problem = scriptsOf(step).problem;
    if (problem) return problem;
  }
  const dynamic = needs.find((need) => need.action === '*');
  if (dynamic)
    return dynamic.origin.kind === 'script'
      ? `the script's ${dynamic.origin.call} (line ${dynamic.origin.line}) calls a service chosen at run time`
      : 'the step calls a service chosen at run time';
  return undefined;
}

/**
 * The IAM actions the assume role needs for one step: what Automation itself calls for the step's action type
 * (action map), the Service/Api operation of aws:executeAwsApi / assert / waitFor steps, the AWS calls in an
 * aws:executeScript script, and ssm:GetParameters for `{{ssm:...}}` references.
 */
export function stepPermissions(runbook: Runbook, step: Step, options: PermissionOptions = {}): PermissionNeed[] {
  const scriptsOf = options.scriptsOf ?? ((candidate: Step) => stepScripts(runbook, candidate));
  const name = stepLabel(step);
  const info = step.action === undefined ? undefined : automationActionInfo(step.action);
  if (!info) return [];
  const needs: PermissionNeed[] = [];
  for (const permission of info.actions) {
    const unsettled = unsettledCondition(runbook, step, info, permission.when);
    if (unsettled ? !unsettled.holds : permission.when && !conditionHolds(step, permission.when)) continue;
    if (permission.unless && conditionHolds(step, permission.unless)) continue;
    const origin: NeedOrigin = {
      kind: 'automation',
      actionType: step.action as string,
      ...(permission.when ? { when: permission.when.input } : {}),
      ...(unsettled ? { unsettled: unsettled.value } : {}),
    };
    if (permission.action === 'iam:PassRole') {
      needs.push(passRoleNeed(runbook, step, name, permission.when?.input, permission.passedToService, origin));
      continue;
    }
    const need = needFor(
      runbook,
      step,
      name,
      permission.action,
      operationForAutomationCall(permission.action),
      origin,
      unsettled?.confidence ?? 'certain',
      step.headRange,
    );
    const placed = permission.when ? withArnFromInput(runbook, step, need, permission.when.input) : need;
    needs.push(placed, ...followOnNeeds(runbook, step, name, placed, stepHasInput(step), needFor));
  }
  if (info.delegatesTo === 'operation') needs.push(...operationNeeds(runbook, step, name));
  if (info.delegatesTo === 'script') needs.push(...scriptPermissions(runbook, step, name, needFor, scriptsOf(step)));
  needs.push(...actionTypeFollowOnNeeds(runbook, step, name, needFor));
  const childNeeds = (child: Runbook): PermissionNeed[] | undefined => {
    const visiting = new Set(options.visiting ?? []).add(runbook);
    if (visiting.has(child)) return undefined;
    const { scriptsOf: _own, ...childOptions } = options;
    return runbookPermissions(child, { ...childOptions, visiting }).flatMap((childStep) => childStep.needs);
  };
  const catalog = options.catalog === false ? undefined : { exclude: options.exclude ?? [], needFor };
  needs.push(...nestedRunbookNeeds(runbook, step, name, options.documents ?? new Map(), childNeeds, catalog));
  needs.push(...parameterStoreNeeds(runbook, step, name), ...stackHandlerNeeds(runbook, step, name, needFor));
  return settleFollowOns(needs, options.exclude ?? []);
}

function stepHasInput(step: Step): (input: string) => boolean {
  return (input) => inputsAt(step.inputs, input).length > 0;
}

/** An input that triggers a permission and holds ARNs (aws:approve NotificationArn) names that permission's resource. */
function withArnFromInput(runbook: Runbook, step: Step, need: PermissionNeed, input: string): PermissionNeed {
  const resolved = inputsAt(step.inputs, input).map((node) => resolveValues(node, runbook));
  const values = resolved.flatMap((part) => part.values);
  if (values.length === 0 || !values.every((value) => value.startsWith('arn:'))) return need;
  const inputs = resolved.filter((part) => part.notes.length > 0).map((part) => ({ input, values: part.notes }));
  const { resourceNote: _replaced, ...rest } = need;
  return {
    ...rest,
    resources: [...new Set(values)].sort(),
    resourceConfidence: weakest(resolved.map((part) => part.confidence)),
    ...(inputs.length > 0 ? { resourceNote: { kind: 'inputs', inputs } } : {}),
  };
}

function conditionHolds(step: Step, condition: AutomationCondition): boolean {
  const nodes = inputsAt(step.inputs, condition.input);
  if (nodes.length === 0) return false;
  if (!condition.equals) return true;
  return nodes.some(
    (node) =>
      node.kind === 'scalar' &&
      condition.equals!.some((value) => value === node.value || String(value) === String(node.value)),
  );
}

/** The Service/Api operation of aws:executeAwsApi, aws:assertAwsResourceProperty and aws:waitForAwsResourceProperty. */
function operationNeeds(runbook: Runbook, step: Step, name: string): PermissionNeed[] {
  const serviceNode = inputsAt(step.inputs, 'Service')[0];
  const apiNode = inputsAt(step.inputs, 'Api')[0];
  const client = scalarInput(step.inputs, 'Service');
  const api = scalarInput(step.inputs, 'Api');
  if (client === undefined || api === undefined) return [];
  const range = apiNode?.range ?? serviceNode?.range ?? step.headRange;
  if (client.includes('{{') || api.includes('{{')) {
    const prefix = client.includes('{{') ? undefined : serviceForClient(client)?.iamPrefix;
    return [
      {
        action: prefix ? `${prefix}:*` : '*',
        resources: ['*'],
        step: name,
        origin: { kind: 'dynamic-api', actionType: step.action as string, service: client, operation: api },
        confidence: 'unknown',
        resourceConfidence: 'unknown',
        range,
      },
    ];
  }
  const operation = lookupOperation(client, api);
  if (!operation) return [];
  const origin = { kind: 'api' as const, actionType: step.action as string, service: client, operation: api };
  return operationActions(runbook, step, name, operation, origin, range);
}

/** The IAM actions of one operation with the step's inputs: conditional actions only when their input is given. */
function operationActions(
  runbook: Runbook,
  step: Step,
  name: string,
  operation: OperationInfo,
  origin: Extract<NeedOrigin, { kind: 'api' }>,
  range: SourceRange,
): PermissionNeed[] {
  const needs: PermissionNeed[] = [];
  for (const entry of operation.actions) {
    if (entry.whenInput !== undefined && inputsAt(step.inputs, entry.whenInput).length === 0) continue;
    const triggered = entry.whenInput === undefined ? origin : { ...origin, whenInput: entry.whenInput };
    if (entry.action === 'iam:PassRole') {
      needs.push(passRoleNeed(runbook, step, name, entry.whenInput, entry.passedToService, triggered));
      continue;
    }
    const need = needFor(runbook, step, name, entry.action, operation, triggered, 'certain', range);
    needs.push(need, ...followOnNeeds(runbook, step, name, need, stepHasInput(step), needFor));
  }
  return needs;
}

export type NeedFor = typeof needFor;

function needFor(
  runbook: Runbook,
  step: Step,
  name: string,
  action: string,
  operation: OperationInfo | undefined,
  origin: NeedOrigin,
  confidence: Confidence,
  range: SourceRange,
): PermissionNeed {
  const { resources, resourceConfidence, resourceNote } = resourcesFor(runbook, step, action, operation);
  return {
    action,
    resources,
    step: name,
    origin,
    ...(resourceNote ? { resourceNote } : {}),
    confidence,
    resourceConfidence,
    range,
  };
}

/** ARNs for an action from the inputs that name its resources, or `*` (and why) when they cannot be known. */
function resourcesFor(
  runbook: Runbook,
  step: Step,
  action: string,
  operation: OperationInfo | undefined,
): { resources: string[]; resourceConfidence: Confidence; resourceNote?: ResourceNote } {
  const info = iamActionInfo(action);
  if (!info || info.resourceTypes.length === 0) return { resources: ['*'], resourceConfidence: 'certain' };
  const typeNames = new Set(info.resourceTypes.map((type) => type.name));
  const prefix = action.split(':')[0];
  const arns = new Set<string>();
  const covered = new Set<string>();
  const levels: Confidence[] = [];
  const inputs: { input: string; values: ValueNote[] }[] = [];
  // Inputs that fill variables of the same ARN format (an S3 object's Bucket and Key) make one ARN together.
  const byType = new Map<string, { input: ResourceInput; values: string[] }[]>();
  for (const [member, input] of Object.entries(operation?.resourceInputs ?? {})) {
    const [typePrefix, typeName] = input.resourceType.split(':') as [string, string];
    if (typePrefix !== prefix || !typeNames.has(typeName)) continue;
    const nodes = inputsAt(step.inputs, member);
    if (nodes.length === 0) continue;
    covered.add(typeName);
    for (const resolved of nodes.map((node) => resolveValues(node, runbook))) {
      const key = input.form === 'id' ? input.resourceType : `${input.resourceType}#${member}`;
      byType.set(key, [...(byType.get(key) ?? []), { input, values: resolved.values }]);
      levels.push(resolved.confidence);
      if (resolved.notes.length > 0) inputs.push({ input: member, values: resolved.notes });
    }
  }
  for (const entries of byType.values()) for (const arn of arnsFor(entries)) arns.add(arn);
  if (arns.size === 0) {
    const named = resourcesNamedByInputs(runbook, step, info.resourceTypes);
    if (named) return named;
  }
  // IAM checks every resource type an action marks required (RunInstances: image, instance, subnet, ...): the ones no
  // input names are allowed by their ARN template with the name part wildcarded.
  for (const type of info.resourceTypes) {
    if (!type.required || covered.has(type.name)) continue;
    for (const template of type.arnTemplates) arns.add(wildcardTemplate(template));
    levels.push('unknown');
  }
  if (arns.size === 0) return { resources: ['*'], resourceConfidence: 'unknown', resourceNote: { kind: 'not-named' } };
  const resources = arns.has('*') ? ['*'] : [...arns].sort();
  return {
    resources,
    resourceConfidence: weakest(levels),
    ...(inputs.length > 0 ? { resourceNote: { kind: 'inputs', inputs } } : {}),
  };
}

/** An ARN template with every variable but the partition, Region and account replaced by `*`. */
function wildcardTemplate(template: string): string {
  return template.replace(/\$\{(?!Partition\}|Region\}|Account\})[A-Za-z0-9]+\}/g, '*');
}

/** Every combination of the values of inputs that fill variables of one ARN format, as ARNs. */
function arnsFor(entries: { input: ResourceInput; values: string[] }[]): string[] {
  const [first] = entries;
  if (!first) return [];
  if (first.input.form !== 'id') return first.values.map((value) => arnFor(first.input, value));
  let combinations: Record<string, string>[] = [{}];
  for (const { input, values } of entries)
    combinations = combinations.flatMap((filled) =>
      values.map((value) => ({ ...filled, [input.variable as string]: value })),
    );
  return combinations.map((filled) => arnFor(first.input, filled[first.input.variable as string] as string, filled));
}

/** The ARN for one input value; a value known only at run time becomes `*` in the template's name part. */
export function arnFor(input: ResourceInput, value: string, others: Record<string, string> = {}): string {
  if (input.form === 'arn') {
    if (!value.startsWith('arn:')) return '*';
    // An allowedPattern's literal prefix (`arn:*`) says no more than the resource type's own ARN format does.
    const template = iamResourceType(input.resourceType)?.arnTemplate;
    return value.split(':').length < 6 && value.endsWith('*') && template ? wildcardTemplate(template) : value;
  }
  if (input.form === 'url') {
    if (value === '*') return '*';
    // An SQS queue URL is https://sqs.<region>.amazonaws.com/<account>/<name>.
    const match = /^https:\/\/sqs\.([^.]+)\.[^/]+\/(\d{12}|\$\{Account\}|\*)\/([^/]+)$/.exec(value);
    return match ? `arn:\${Partition}:sqs:${match[1]}:${match[2]}:${match[3]}` : '*';
  }
  const template = iamResourceType(input.resourceType)?.arnTemplate;
  if (!template || input.variable === undefined) return '*';
  let filled = template.replace(`\${${input.variable}}`, value);
  for (const [variable, other] of Object.entries(others)) filled = filled.replace(`\${${variable}}`, other);
  // Documents owned by AWS (AWS-RunShellScript, AWSSupport-*, Amazon*) have no account in their ARN.
  if (input.resourceType === 'ssm:document' && /^(AWS|Amazon)/.test(value))
    filled = filled.replace(':${Account}:', '::');
  // Other variables of the template (a bucket's key, an instance's region...) are not known: wildcard them.
  return wildcardTemplate(filled);
}

/** iam:PassRole for the role in `input` (an ARN, a role name, or an instance profile), narrowed to the receiving service. */
function passRoleNeed(
  runbook: Runbook,
  step: Step,
  name: string,
  input: string | undefined,
  passedToService: string | undefined,
  origin: NeedOrigin,
): PermissionNeed {
  const nodes = input === undefined ? [] : inputsAt(step.inputs, input);
  let resources = ['*'];
  let resourceConfidence: Confidence = 'unknown';
  let resourceNote: ResourceNote | undefined = { kind: 'role-run-time' };
  // Automation's RuntimeParameters take lists of strings: a role ARN comes as a one-item list.
  const values = nodes
    .flatMap((node) => (node.kind === 'seq' ? node.items : [node]))
    .filter((node): node is ScalarNode => node.kind === 'scalar')
    .map((node) => resolveText(String(node.value), runbook));
  if (
    values.length > 0 &&
    values.every((value) => value.values.every((text) => text.startsWith('arn:') && text.includes(':role/')))
  ) {
    resources = [...new Set(values.flatMap((value) => value.values))].sort();
    resourceConfidence = weakest(values.map((value) => value.confidence));
    resourceNote = undefined;
  } else if (nodes.some((node) => node.kind === 'map') || /InstanceProfile/.test(input ?? '')) {
    resourceNote = { kind: 'instance-profile' };
  }
  return {
    action: 'iam:PassRole',
    resources,
    ...(passedToService ? { conditions: { StringEquals: { 'iam:PassedToService': [passedToService] } } } : {}),
    step: name,
    origin,
    ...(resourceNote ? { resourceNote } : {}),
    confidence: 'certain',
    resourceConfidence,
    range: (nodes[0] as DocNode | undefined)?.range ?? step.headRange,
  };
}

/** `{{ssm:/name}}` in a step: Automation reads the parameter with ssm:GetParameters (Automation system variables page). */
function parameterStoreNeeds(runbook: Runbook, step: Step, name: string): PermissionNeed[] {
  return runbook.references
    .filter(
      (reference) => reference.kind === 'ssmParameter' && reference.inStep === step.name && step.name !== undefined,
    )
    .map((reference) => ({
      action: 'ssm:GetParameters',
      resources: [
        `arn:\${Partition}:ssm:\${Region}:\${Account}:parameter/${reference.name.replace(/^\//, '').replace(/:\d+$/, '')}`,
      ],
      step: name,
      origin: { kind: 'reference' as const, expression: reference.expression },
      confidence: 'certain' as const,
      resourceConfidence: 'certain' as const,
      range: reference.range,
    }));
}
