import { commentText, hclLiteral, yamlQuote } from './codeText.js';
import type { GeneratedPolicies } from './generatePolicy.js';
import { policyDocument } from './policyDocument.js';
import { fillKnown, placeholdersIn } from './policyModel.js';
import type { GeneratedPolicy, Placeholder } from './policyModel.js';
import { policyTree } from './policyTree.js';
import type { TreeNode } from './policyTree.js';

export type PolicyFormat = 'json' | 'cloudformation' | 'terraform';
export const POLICY_FORMATS: readonly PolicyFormat[] = ['json', 'cloudformation', 'terraform'];

export interface RenderedPolicies {
  text: string;
  /** What the reader must know about this rendering (placeholders printed as `*`). */
  warnings: string[];
}

export interface RenderOptions {
  /** Comment lines at the top of CloudFormation and Terraform output (JSON has no comments). */
  header?: string[];
}

export class RenderPolicyError extends Error {}

/** The policies the kind asks for, in print order. `identity` prints only the identity policies in JSON. */
export function policiesToPrint(generated: GeneratedPolicies): GeneratedPolicy[] {
  const { kind } = generated;
  return [
    ...(kind === 'identity' || kind === 'all' ? generated.identity : []),
    ...(generated.trust && (kind === 'trust' || kind === 'all') ? [generated.trust] : []),
    ...(generated.passrole ? [generated.passrole] : []),
  ];
}

export function renderPolicies(
  generated: GeneratedPolicies,
  format: PolicyFormat,
  options: RenderOptions = {},
): RenderedPolicies {
  if (format === 'json') return renderJson(generated);
  return format === 'cloudformation' ? renderCloudFormation(generated, options) : renderTerraform(generated, options);
}

// ---------------------------------------------------------------------------------------------------------- JSON

/**
 * JSON: one IAM policy document, or — when several policies result (`--kind all`, or a policy split by size) — an
 * object of documents keyed by policy name. Placeholders without a value become `*`, with a warning; except the
 * trust policy's aws:SourceAccount, where `*` would let any account's automation assume the role.
 */
function renderJson(generated: GeneratedPolicies): RenderedPolicies {
  const policies = policiesToPrint(generated);
  const missing = new Set<Placeholder>();
  const fill = (value: string): string => {
    for (const name of placeholdersIn(fillKnown(value, generated.values))) missing.add(name);
    return jsonValue(value, generated);
  };
  if (policies.some((policy) => policy.kind === 'trust') && !generated.values.account) {
    throw new RenderPolicyError(
      "The trust policy pins aws:SourceAccount to the role's account, and JSON has no placeholder for it: give --account 123456789012 (or use --format cloudformation or terraform).",
    );
  }
  const documents = policies.map((policy) => ({ name: policy.name, document: policyDocument(policy, fill) }));
  const value =
    documents.length === 1
      ? documents[0]?.document
      : Object.fromEntries(documents.map(({ name, document }) => [name, document]));
  const warnings: string[] = [];
  if (missing.size > 0) {
    const flags = { Partition: '--partition aws', Region: '--region us-east-1', Account: '--account 123456789012' };
    const names = [...missing].sort();
    warnings.push(
      `The ARNs have "*" for the ${names.map((name) => name.toLowerCase()).join(', ')}, which grants the same names in every one of them; give ${names.map((name) => flags[name]).join(' ')} to narrow them.`,
    );
  }
  if (documents.length > 1)
    warnings.push(
      `${documents.length} policies are printed as one JSON object keyed by policy name (${documents.map((entry) => entry.name).join(', ')}); give each value to IAM as its own policy document.`,
    );
  return { text: `${JSON.stringify(value, null, 2)}\n`, warnings };
}

/** A string of the model as the JSON output writes it: known placeholders filled, the others `*`. */
export function jsonValue(value: string, generated: Pick<GeneratedPolicies, 'values'>): string {
  return fillKnown(value, generated.values)
    .replaceAll('${Partition}', '*')
    .replaceAll('${Region}', '*')
    .replaceAll('${Account}', '*');
}

// ------------------------------------------------------------------------------------------------ CloudFormation

const CFN_PSEUDO: Record<Placeholder, string> = {
  Partition: 'AWS::Partition',
  Region: 'AWS::Region',
  Account: 'AWS::AccountId',
};
const ROLE_ID = 'AutomationRole';

function renderCloudFormation(generated: GeneratedPolicies, options: RenderOptions): RenderedPolicies {
  const { kind } = generated;
  const withRole = kind !== 'passrole';
  const lines: string[] = [
    ...(options.header ?? []).map((line) => `# ${commentText(line)}`),
    `# Deploy: aws cloudformation deploy --template-file <this file> --stack-name <name> --capabilities CAPABILITY_NAMED_IAM`,
    `AWSTemplateFormatVersion: '2010-09-09'`,
    `Description: ${yamlQuote(`IAM for the Automation runbook${generated.documentNames.length === 1 ? '' : 's'} ${generated.documentNames.join(', ')} (generated by runbook-iam)`)}`,
    'Resources:',
  ];
  const roleRef: TreeNode = {
    kind: 'ref',
    cloudFormation: `!GetAtt ${ROLE_ID}.Arn`,
    terraform: 'aws_iam_role.automation.arn',
  };
  const special = (value: string): TreeNode | undefined =>
    withRole && value === generated.roleArn ? roleRef : undefined;
  const identityIds = generated.identity.map((_, index) =>
    generated.identity.length === 1 ? 'AutomationPolicy' : `AutomationPolicy${index + 1}`,
  );

  if (withRole && generated.trust) {
    lines.push(`  ${ROLE_ID}:`, '    Type: AWS::IAM::Role', '    Properties:');
    lines.push(`      RoleName: ${yamlQuote(generated.role.name)}`);
    lines.push(
      `      Description: ${yamlQuote('The role Systems Manager Automation assumes to run the runbook (assumeRole).')}`,
    );
    lines.push('      AssumeRolePolicyDocument:', ...yamlBlock(policyTree(generated.trust), 8, generated));
  }
  if (kind === 'identity' || kind === 'all') {
    generated.identity.forEach((policy, index) => {
      lines.push(`  ${identityIds[index]}:`, '    Type: AWS::IAM::ManagedPolicy', '    Properties:');
      lines.push(`      ManagedPolicyName: ${yamlQuote(policy.name)}`);
      const part =
        generated.identity.length > 1
          ? ` (part ${index + 1} of ${generated.identity.length}: the permissions exceed one managed policy's 6,144 characters)`
          : '';
      lines.push(`      Description: ${yamlQuote(`What the runbook's steps call${part}.`)}`);
      lines.push('      Roles:', `        - !Ref ${ROLE_ID}`);
      lines.push('      PolicyDocument:', ...yamlBlock(policyTree(policy, special), 8, generated));
    });
  }
  if (generated.passrole) {
    lines.push('  StartAutomationPolicy:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:');
    lines.push(`      ManagedPolicyName: ${yamlQuote(generated.passrole.name)}`);
    lines.push(`      Description: ${yamlQuote('Attach to the users, roles or groups that start the automation.')}`);
    lines.push('      PolicyDocument:', ...yamlBlock(policyTree(generated.passrole, special), 8, generated));
  }
  const outputs: string[] = [];
  if (withRole && generated.trust)
    outputs.push(
      '  AutomationRoleArn:',
      "    Description: Pass it as the runbook's AutomationAssumeRole.",
      `    Value: !GetAtt ${ROLE_ID}.Arn`,
    );
  if (generated.passrole) outputs.push('  StartAutomationPolicyArn:', '    Value: !Ref StartAutomationPolicy');
  if (outputs.length > 0) lines.push('Outputs:', ...outputs);
  return { text: `${lines.join('\n')}\n`, warnings: [] };
}

function yamlBlock(node: TreeNode, indent: number, generated: GeneratedPolicies): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (node.kind === 'map') {
    for (const [key, value] of node.entries) {
      const scalar = yamlScalar(value, generated);
      if (scalar !== undefined) lines.push(`${pad}${yamlKey(key)}: ${scalar}`);
      else lines.push(`${pad}${yamlKey(key)}:`, ...yamlBlock(value, indent + 2, generated));
    }
  } else if (node.kind === 'list') {
    for (const item of node.items) {
      const [inner, comments] = item.kind === 'commented' ? [item.node, item.comments] : [item, []];
      lines.push(...comments.map((comment) => `${pad}# ${commentText(comment)}`));
      const scalar = yamlScalar(inner, generated);
      if (scalar !== undefined) {
        lines.push(`${pad}- ${scalar}`);
        continue;
      }
      const nested = yamlBlock(inner, indent + 2, generated);
      lines.push(`${pad}- ${(nested[0] ?? '').trimStart()}`, ...nested.slice(1));
    }
  }
  return lines;
}

function yamlScalar(node: TreeNode, generated: GeneratedPolicies): string | undefined {
  if (node.kind === 'ref') return node.cloudFormation;
  if (node.kind !== 'text') return undefined;
  const known = fillKnown(node.text, generated.values);
  const open = placeholdersIn(known);
  if (open.length === 0) return yamlQuote(known);
  if (known === '${Account}') return '!Ref AWS::AccountId';
  // !Sub reads ${Name}; any other literal ${ must be written ${! (CloudFormation User Guide, Fn::Sub).
  const escaped = known.replace(/\$\{(?!(Partition|Region|Account)\})/g, '${!');
  return `!Sub ${yamlQuote(escaped.replace(/\$\{(Partition|Region|Account)\}/g, (_, name: Placeholder) => `\${${CFN_PSEUDO[name]}}`))}`;
}

function yamlKey(key: string): string {
  return /^[A-Za-z][\w]*$/.test(key) ? key : yamlQuote(key);
}

// ----------------------------------------------------------------------------------------------------- Terraform

const TF_DATA: Record<Placeholder, { block: string; expression: string }> = {
  Partition: { block: 'data "aws_partition" "current" {}', expression: 'data.aws_partition.current.partition' },
  Region: { block: 'data "aws_region" "current" {}', expression: 'data.aws_region.current.name' },
  Account: {
    block: 'data "aws_caller_identity" "current" {}',
    expression: 'data.aws_caller_identity.current.account_id',
  },
};

function renderTerraform(generated: GeneratedPolicies, options: RenderOptions): RenderedPolicies {
  const { kind } = generated;
  const withRole = kind !== 'passrole';
  const used = new Set<Placeholder>();
  const roleRef: TreeNode = { kind: 'ref', cloudFormation: '', terraform: 'aws_iam_role.automation.arn' };
  const special = (value: string): TreeNode | undefined =>
    withRole && value === generated.roleArn ? roleRef : undefined;
  const expression = (node: TreeNode): string => hclExpression(node, 2, generated, used);
  const blocks: string[] = [];
  const identityIds = generated.identity.map((_, index) =>
    generated.identity.length === 1 ? 'automation' : `automation_${index + 1}`,
  );

  if (withRole && generated.trust) {
    blocks.push(
      [
        'resource "aws_iam_role" "automation" {',
        `  name               = ${hclString(generated.role.name, generated, used)}`,
        `  description        = ${hclString('The role Systems Manager Automation assumes to run the runbook (assumeRole).', generated, used)}`,
        `  assume_role_policy = jsonencode(${expression(policyTree(generated.trust))})`,
        '}',
      ].join('\n'),
    );
  }
  if (kind === 'identity' || kind === 'all') {
    generated.identity.forEach((policy, index) => {
      const id = identityIds[index] as string;
      const part =
        generated.identity.length > 1
          ? ` (part ${index + 1} of ${generated.identity.length}: the permissions exceed one managed policy's 6,144 characters)`
          : '';
      blocks.push(
        [
          `resource "aws_iam_policy" "${id}" {`,
          `  name        = ${hclString(policy.name, generated, used)}`,
          `  description = ${hclString(`What the runbook's steps call${part}.`, generated, used)}`,
          `  policy      = jsonencode(${expression(policyTree(policy, special))})`,
          '}',
        ].join('\n'),
        [
          `resource "aws_iam_role_policy_attachment" "${id}" {`,
          '  role       = aws_iam_role.automation.name',
          `  policy_arn = aws_iam_policy.${id}.arn`,
          '}',
        ].join('\n'),
      );
    });
  }
  if (generated.passrole) {
    blocks.push(
      [
        '# Attach to the users, roles or groups that start the automation.',
        'resource "aws_iam_policy" "start_automation" {',
        `  name        = ${hclString(generated.passrole.name, generated, used)}`,
        `  description = ${hclString('Start and follow the automation, and pass its role to Systems Manager.', generated, used)}`,
        `  policy      = jsonencode(${expression(policyTree(generated.passrole, special))})`,
        '}',
      ].join('\n'),
    );
  }
  if (withRole && generated.trust)
    blocks.push(
      [
        'output "automation_role_arn" {',
        '  description = "Pass it as the runbook\'s AutomationAssumeRole."',
        '  value       = aws_iam_role.automation.arn',
        '}',
      ].join('\n'),
    );
  if (generated.passrole)
    blocks.push(
      ['output "start_automation_policy_arn" {', '  value = aws_iam_policy.start_automation.arn', '}'].join('\n'),
    );

  const data = (['Partition', 'Region', 'Account'] as const)
    .filter((name) => used.has(name))
    .map((name) => TF_DATA[name].block);
  const header = (options.header ?? []).map((line) => `# ${commentText(line)}`);
  return {
    text: `${[...(header.length > 0 ? [header.join('\n')] : []), ...(data.length > 0 ? [data.join('\n')] : []), ...blocks].join('\n\n')}\n`,
    warnings: [],
  };
}

function hclExpression(node: TreeNode, indent: number, generated: GeneratedPolicies, used: Set<Placeholder>): string {
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + 2);
  switch (node.kind) {
    case 'text':
      return hclString(node.text, generated, used);
    case 'ref':
      return node.terraform;
    case 'commented':
      return hclExpression(node.node, indent, generated, used);
    case 'list': {
      const items = node.items.flatMap((item) => [
        ...(item.kind === 'commented' ? item.comments.map((comment) => `${inner}# ${commentText(comment)}`) : []),
        `${inner}${hclExpression(item, indent + 2, generated, used)},`,
      ]);
      return `[\n${items.join('\n')}\n${pad}]`;
    }
    case 'map': {
      const width = Math.max(...node.entries.map(([key]) => hclKey(key).length));
      const entries = node.entries.map(
        ([key, value]) => `${inner}${hclKey(key).padEnd(width)} = ${hclExpression(value, indent + 2, generated, used)}`,
      );
      return `{\n${entries.join('\n')}\n${pad}}`;
    }
  }
}

function hclKey(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : `"${hclTemplateLiteral(hclLiteral(key))}"`;
}

/** HCL reads ${ and %{ as template sequences; literal ones are written $${ and %%{ (Terraform language, Strings and Templates). */
function hclTemplateLiteral(escaped: string): string {
  return escaped.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * An HCL string; placeholders without a value become interpolations of the data sources, which are then emitted. The
 * text between placeholders is escaped on its own, so that nothing in it can open or close an interpolation.
 */
function hclString(value: string, generated: GeneratedPolicies, used: Set<Placeholder>): string {
  const parts = fillKnown(value, generated.values).split(/\$\{(Partition|Region|Account)\}/);
  const text = parts
    .map((part, index) => {
      if (index % 2 === 0) return hclTemplateLiteral(hclLiteral(part));
      used.add(part as Placeholder);
      return `\${${TF_DATA[part as Placeholder].expression}}`;
    })
    .join('');
  return `"${text}"`;
}
