import type { Command } from 'commander';
import {
  automationActionInfo,
  automationActionTypes,
  iamActionInfo,
  lookupOperation,
  serviceForClient,
  suggestClient,
  suggestOperation,
} from '../permissions/actionMap.js';
import type { ApiShape, AutomationActionInfo, AutomationCondition } from '../permissions/actionMap.js';
import { operationShapes } from '../permissions/operationShapes.js';
import { followOnsOf } from '../permissions/followOnTable.js';
import { didYouMean } from '../model/closestMatch.js';
import type { CliIo } from './cliIo.js';
import { UsageError } from './usageError.js';
import { isRuleId, ruleIds, rulePage } from './rulePage.js';

export function registerExplain(program: Command, io: CliIo): void {
  program
    .command('explain')
    .description(
      "Explain what a Service/Api call (e.g. `ec2 DescribeInstances`) or an aws: action type needs, and why; or print a rule's page (e.g. `missing-permission`).",
    )
    .argument(
      '<subject>',
      'boto3 client name (ec2, logs, stepfunctions...), an aws: action type, or a rule id (see `runbook-iam rules`)',
    )
    .argument('[api]', 'PascalCase operation name, with a service')
    .action((subject: string, api: string | undefined) => {
      if (subject.startsWith('aws:')) io.stdout(explainAction(subject));
      else if (api === undefined && isRuleId(subject)) io.stdout(rulePage(subject));
      else io.stdout(explainOperation(subject, api));
    });
}

function explainAction(type: string): string {
  const info = automationActionInfo(type);
  if (!info)
    throw new UsageError(`"${type}" is not an Automation action type.${didYouMean(type, automationActionTypes())}`);
  const lines = [`${type}: ${info.summary}`, `Documentation: ${info.doc}`, '', ...inputLines(info), ''];
  if (info.actions.length === 0 && !info.delegatesTo)
    lines.push('Automation makes no AWS call for this action itself.');
  if (info.actions.length > 0) lines.push('IAM actions Automation performs for it:');
  for (const permission of info.actions) {
    const when = [
      permission.when ? `when ${condition(permission.when)}` : '',
      permission.unless ? `unless ${condition(permission.unless)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const passed = permission.passedToService ? ` (iam:PassedToService = ${permission.passedToService})` : '';
    lines.push(`  ${permission.action}${passed}${when ? `  — ${when}` : ''}`);
    if (permission.note) lines.push(`      ${permission.note}`);
  }
  lines.push(...followOnLines(type));
  if (type === 'aws:executeAutomation')
    lines.push(
      '',
      "Plus the child runbook's own actions when it runs with this runbook's role (no AutomationAssumeRole, or this one): `permissions` adds them when the child is among the files analysed or beside the runbook as <DocumentName>.yaml, and marks the step incomplete otherwise.",
    );
  if (type === 'aws:createStack') lines.push(...stackHandlerLines('create'));
  if (type === 'aws:deleteStack') lines.push(...stackHandlerLines('delete'));
  if (info.delegatesTo === 'operation')
    lines.push('', 'Plus the actions of its Service/Api call: run `runbook-iam explain <service> <Api>`.');
  if (info.delegatesTo === 'script')
    lines.push(
      '',
      'Plus the actions of the AWS calls its script makes (boto3 or AWS Tools for PowerShell); see `runbook-iam permissions <runbook>`.',
    );
  return `${lines.join('\n')}\n`;
}

/** The action's inputs from the same table the invalid-step-input rule checks against. */
function inputLines(info: AutomationActionInfo): string[] {
  const entries = Object.entries(info.inputs);
  const lines = [entries.length === 0 ? 'Inputs: none.' : 'Inputs:'];
  const width = Math.max(0, ...entries.map(([name]) => name.length));
  for (const [name, input] of entries) {
    const allowed = input.allowedValues ? `; one of ${input.allowedValues.join(', ')}` : '';
    const note = input.note ? ` — ${input.note}` : '';
    lines.push(
      `  ${name.padEnd(width)}  ${input.type === 'Any' ? 'any type' : input.type}, ${input.required ? 'required' : 'optional'}${allowed}${note}`,
    );
  }
  for (const group of info.requireOneOf ?? []) lines.push(`  (one of ${group.join(', ')} is required)`);
  if (info.operationMembers)
    lines.push('  …plus the input members of the Service/Api operation (`runbook-iam explain <service> <Api>`).');
  if (info.acceptsMembersOf) {
    const [client, api] = info.acceptsMembersOf.split('.');
    lines.push(`  …and the other input members of ${client} ${api}, which Automation passes on.`);
  }
  return lines;
}

/** The follow-ons (action-map/follow-ons.json) of an IAM action or action type, with their conditions and sources. */
function followOnLines(trigger: string): string[] {
  const entries = followOnsOf(trigger);
  if (entries.length === 0) return [];
  const lines = ['', 'Follow-on actions:'];
  for (const entry of entries) {
    const when = [
      entry.whenInput ? `when ${entry.whenInput} is given` : '',
      entry.condition ? `only if ${entry.condition}` : 'always',
    ]
      .filter(Boolean)
      .join(', ');
    const via = entry.viaService ? ` (kms:ViaService = ${entry.viaService}.<region>.amazonaws.com)` : '';
    lines.push(
      `  ${entry.actions.join(', ')}${via}  — ${entry.kind}, ${entry.condition ? 'conditional' : 'certain'}: ${when}`,
    );
    lines.push(`      ${entry.why} (${entry.source})`);
  }
  return lines;
}

/** Without a RoleARN, CloudFormation acts on the template's resources with the caller's credentials. */
function stackHandlerLines(handlers: string): string[] {
  return [
    '',
    `Without a RoleARN, plus the ${handlers} handler permissions of each resource type of the template (action-map/cfn-handlers.json, from the CloudFormation registry schemas): CloudFormation then acts with the caller's credentials (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html). \`permissions\` adds them for an inline TemplateBody, and marks the step incomplete for a template or resource types it cannot read.`,
  ];
}

function condition(when: AutomationCondition): string {
  return when.equals ? `${when.input} is ${when.equals.map(String).join(' or ')}` : `${when.input} is set`;
}

function explainOperation(client: string, api: string | undefined): string {
  const service = serviceForClient(client);
  if (!service) {
    const suggestion = suggestClient(client);
    throw new UsageError(
      `"${client}" is not a boto3 client name${api === undefined ? ' or a rule id' : ''}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}${api === undefined ? didYouMean(client, ruleIds()) : ''}`,
    );
  }
  if (api === undefined)
    throw new UsageError(
      `Name the operation too: runbook-iam explain ${client} <Api> (e.g. one of ${service.operationCount} ${client} operations).`,
    );
  const operation = lookupOperation(client, api);
  if (!operation) {
    const suggestion = suggestOperation(client, api);
    throw new UsageError(
      `"${api}" is not an operation of ${client}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    );
  }
  const how = {
    exact: `the IAM action of the same name`,
    override: 'a reviewed override (action-map/overrides.json)',
    unresolved: 'nothing: no IAM action is documented for it',
  }[operation.source];
  const lines = [`${client}.${api} (IAM prefix ${service.iamPrefix ?? 'none'}) maps to ${how}.`, ''];
  if (operation.actions.length === 0 && operation.source !== 'unresolved') lines.push('It needs no IAM permission.');
  for (const entry of operation.actions) {
    const info = iamActionInfo(entry.action);
    const when = entry.whenInput ? `  — only when ${entry.whenInput} is given` : '';
    const passed = entry.passedToService ? ` with iam:PassedToService = ${entry.passedToService}` : '';
    lines.push(`${entry.action}${passed}${when}`);
    if (!info) continue;
    lines.push(`  access level: ${info.accessLevel}`);
    if (info.resourceTypes.length === 0) lines.push('  resources: * only (the action has no resource type)');
    for (const type of info.resourceTypes) {
      lines.push(`  resource ${type.name}${type.required ? ' (required)' : ''}: ${type.arnTemplates.join(', ')}`);
    }
    if (info.conditionKeys.length > 0) lines.push(`  condition keys: ${info.conditionKeys.join(', ')}`);
  }
  const shapes = operationShapes(client, api);
  if (shapes?.input.kind === 'structure' && Object.keys(shapes.input.members).length > 0) {
    const { members, required } = shapes.input;
    const width = Math.max(...Object.keys(members).map((name) => name.length));
    lines.push('', 'Input members (as boto3 takes them):');
    for (const [name, shape] of Object.entries(members))
      lines.push(`  ${name.padEnd(width)}  ${shapeName(shape)}${required.includes(name) ? ', required' : ''}`);
  }
  const actions = [...new Set(operation.actions.map((entry) => entry.action))];
  lines.push(...actions.flatMap((action) => followOnLines(action)));
  const stackHandlers = { CreateStack: 'create', UpdateStack: 'create, update and delete', DeleteStack: 'delete' };
  if (client === 'cloudformation' && Object.hasOwn(stackHandlers, api))
    lines.push(...stackHandlerLines(stackHandlers[api as keyof typeof stackHandlers]));
  const inputs = Object.entries(operation.resourceInputs ?? {});
  if (inputs.length > 0) {
    lines.push('', 'Inputs that name resources (used to build ARNs):');
    for (const [member, input] of inputs)
      lines.push(
        `  ${member} → ${input.resourceType}${input.variable ? ` (\${${input.variable}})` : ` (${input.form})`}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** A member's type in a few words: `string`, `list of string`, `structure`, `map of list of string`. */
function shapeName(shape: ApiShape): string {
  if (shape.kind === 'list') return `list of ${shapeName(shape.member)}`;
  if (shape.kind === 'map') return `map of ${shapeName(shape.value)}`;
  if (shape.kind === 'string' && shape.enum) {
    const shown = shape.enum.slice(0, 8).join(' | ');
    return `string (${shown}${shape.enum.length > 8 ? ` | … ${shape.enum.length - 8} more` : ''})`;
  }
  return shape.kind;
}
