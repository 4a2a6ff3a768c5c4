// Reads the printed policy text back with the parser of its format — the project's YAML parser for CloudFormation,
// HashiCorp's HCL parser (@cdktf/hcl2json) for Terraform, JSON.parse for JSON — and compares what it finds with the
// generated policies. Text from a runbook that escaped its comment or string would add or change a statement or a
// resource, and is caught here before anything is printed.
import { isDeepStrictEqual } from 'node:util';
import { valueOf } from '../../parse/documentNode.js';
import { parseDocument } from '../../parse/parseDocument.js';
import type { GeneratedPolicies } from './generatePolicy.js';
import { policyDocument } from './policyDocument.js';
import { fillKnown } from './policyModel.js';
import type { GeneratedPolicy } from './policyModel.js';
import { jsonValue, policiesToPrint } from './renderPolicy.js';
import type { PolicyFormat } from './renderPolicy.js';

/** One resource the rendered template must hold, with the policy document it must carry. */
interface ExpectedResource {
  type: string;
  name?: { key: string; value: string };
  document?: { key: string; policy: GeneratedPolicy };
  /** Property keys the renderer writes besides the name and the document. */
  otherKeys: string[];
}

/** Sentences saying how the rendered text differs from the generated policies; empty when it reads back exactly. */
export async function renderedPolicyMismatches(
  generated: GeneratedPolicies,
  format: PolicyFormat,
  text: string,
): Promise<string[]> {
  if (format === 'json') return jsonMismatches(generated, text);
  if (format === 'cloudformation') return cloudFormationMismatches(generated, text);
  return terraformMismatches(generated, text);
}

function jsonMismatches(generated: GeneratedPolicies, text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [`the JSON does not parse (${error instanceof Error ? error.message : String(error)})`];
  }
  const policies = policiesToPrint(generated);
  const documents = policies.map((policy) => policyDocument(policy, (value) => jsonValue(value, generated)));
  const expected =
    documents.length === 1
      ? documents[0]
      : Object.fromEntries(policies.map((policy, index) => [policy.name, documents[index]]));
  return same(parsed, expected) ? [] : ['the JSON holds other statements than the generated policy'];
}

// ------------------------------------------------------------------------------------------------ CloudFormation

function cloudFormationMismatches(generated: GeneratedPolicies, text: string): string[] {
  const parsed = parseDocument('generated.yaml', text, 'yaml');
  if (!parsed.ok) return [`the template does not parse (${parsed.error.message})`];
  const root = plain(valueOf(parsed.document.root));
  if (!isRecord(root)) return ['the template is not a mapping'];
  const problems: string[] = [];
  const topKeys = ['AWSTemplateFormatVersion', 'Description', 'Resources', 'Outputs'];
  for (const key of Object.keys(root))
    if (!topKeys.includes(key)) problems.push(`the template has a top-level key "${key}"`);

  const resources = new Map<string, ExpectedResource>();
  const withRole = generated.kind !== 'passrole';
  if (withRole && generated.trust)
    resources.set('AutomationRole', {
      type: 'AWS::IAM::Role',
      name: { key: 'RoleName', value: generated.role.name },
      document: { key: 'AssumeRolePolicyDocument', policy: generated.trust },
      otherKeys: ['Description'],
    });
  if (generated.kind === 'identity' || generated.kind === 'all')
    generated.identity.forEach((policy, index) =>
      resources.set(generated.identity.length === 1 ? 'AutomationPolicy' : `AutomationPolicy${index + 1}`, {
        type: 'AWS::IAM::ManagedPolicy',
        name: { key: 'ManagedPolicyName', value: policy.name },
        document: { key: 'PolicyDocument', policy },
        otherKeys: ['Description', 'Roles'],
      }),
    );
  if (generated.passrole)
    resources.set('StartAutomationPolicy', {
      type: 'AWS::IAM::ManagedPolicy',
      name: { key: 'ManagedPolicyName', value: generated.passrole.name },
      document: { key: 'PolicyDocument', policy: generated.passrole },
      otherKeys: ['Description'],
    });

  const written = isRecord(root.Resources) ? root.Resources : {};
  problems.push(...sameKeys('resource', Object.keys(written), [...resources.keys()]));
  const roleArn = fillKnown(generated.roleArn, generated.values);
  const decode = (value: unknown): unknown => decodeCloudFormation(value, roleArn);
  for (const [id, expected] of resources) {
    const resource = written[id];
    if (!isRecord(resource) || !isRecord(resource.Properties)) continue;
    if (resource.Type !== expected.type) problems.push(`resource ${id} has type ${String(resource.Type)}`);
    problems.push(...propertyMismatches(id, resource.Properties, expected, decode, generated));
  }
  return problems;
}

/** The value CloudFormation gives a `!Sub`, `!Ref AWS::AccountId` or `!GetAtt AutomationRole.Arn`, with placeholders. */
function decodeCloudFormation(value: unknown, roleArn: string): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeCloudFormation(item, roleArn));
  if (!isRecord(value)) return value;
  const [tag, ...others] = Object.keys(value);
  if (others.length === 0 && tag === '!Ref' && value[tag] === 'AWS::AccountId') return '${Account}';
  if (others.length === 0 && tag === '!GetAtt' && value[tag] === 'AutomationRole.Arn') return roleArn;
  if (others.length === 0 && tag === '!Sub' && typeof value[tag] === 'string') {
    // Fn::Sub: ${!Text} is the literal ${Text}; ${AWS::Partition} and the like are pseudo parameters.
    const pseudo: Record<string, string> = {
      'AWS::Partition': '${Partition}',
      'AWS::Region': '${Region}',
      'AWS::AccountId': '${Account}',
    };
    return value[tag].replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) =>
      bang ? `\${${name}}` : (pseudo[name] ?? `\u0000unknown ${whole}`),
    );
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodeCloudFormation(item, roleArn)]));
}

// ----------------------------------------------------------------------------------------------------- Terraform

const TF_REFERENCES: Record<string, string> = {
  'data.aws_partition.current.partition': '${Partition}',
  'data.aws_region.current.name': '${Region}',
  'data.aws_caller_identity.current.account_id': '${Account}',
};

async function terraformMismatches(generated: GeneratedPolicies, text: string): Promise<string[]> {
  const { parse } = (await import('@cdktf/hcl2json')) as {
    parse: (file: string, text: string) => Promise<Record<string, unknown>>;
  };
  let root: Record<string, unknown>;
  try {
    root = await parse('generated.tf', text);
  } catch (error) {
    return [`the Terraform does not parse (${error instanceof Error ? error.message : String(error)})`];
  }
  const problems: string[] = [];
  for (const key of Object.keys(root))
    if (!['data', 'resource', 'output'].includes(key)) problems.push(`the Terraform has a top-level "${key}" block`);
  const data = isRecord(root.data) ? root.data : {};
  problems.push(
    ...Object.keys(data)
      .filter((type) => !['aws_partition', 'aws_region', 'aws_caller_identity'].includes(type))
      .map((type) => `the Terraform reads data "${type}"`),
  );

  const withRole = generated.kind !== 'passrole';
  const expected = new Map<string, ExpectedResource>();
  if (withRole && generated.trust)
    expected.set('aws_iam_role.automation', {
      type: 'aws_iam_role',
      name: { key: 'name', value: generated.role.name },
      document: { key: 'assume_role_policy', policy: generated.trust },
      otherKeys: ['description'],
    });
  if (generated.kind === 'identity' || generated.kind === 'all')
    generated.identity.forEach((policy, index) => {
      const id = generated.identity.length === 1 ? 'automation' : `automation_${index + 1}`;
      expected.set(`aws_iam_policy.${id}`, {
        type: 'aws_iam_policy',
        name: { key: 'name', value: policy.name },
        document: { key: 'policy', policy },
        otherKeys: ['description'],
      });
      expected.set(`aws_iam_role_policy_attachment.${id}`, {
        type: 'aws_iam_role_policy_attachment',
        otherKeys: ['role', 'policy_arn'],
      });
    });
  if (generated.passrole)
    expected.set('aws_iam_policy.start_automation', {
      type: 'aws_iam_policy',
      name: { key: 'name', value: generated.passrole.name },
      document: { key: 'policy', policy: generated.passrole },
      otherKeys: ['description'],
    });

  const written = new Map<string, Record<string, unknown>>();
  for (const [type, byName] of Object.entries(isRecord(root.resource) ? root.resource : {}))
    for (const [name, blocks] of Object.entries(isRecord(byName) ? byName : {})) {
      const block = Array.isArray(blocks) && blocks.length === 1 ? (blocks[0] as unknown) : undefined;
      written.set(`${type}.${name}`, isRecord(block) ? block : {});
    }
  problems.push(...sameKeys('resource', [...written.keys()], [...expected.keys()]));

  const roleArn = fillKnown(generated.roleArn, generated.values);
  for (const [id, resource] of expected) {
    const block = written.get(id);
    if (!block) continue;
    const properties: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(block)) {
      // jsonencode({...}) comes back as its source text; its object is read by parsing it as an attribute.
      const encoded = typeof value === 'string' ? /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(value) : null;
      if (key === resource.document?.key && encoded) {
        try {
          properties[key] = (await parse('generated.tf', `value = ${encoded[1] ?? ''}\n`)).value;
        } catch (error) {
          problems.push(
            `the policy of ${id} does not parse (${error instanceof Error ? error.message : String(error)})`,
          );
        }
      } else properties[key] = value;
    }
    problems.push(
      ...propertyMismatches(id, properties, resource, (value) => decodeTerraform(value, roleArn), generated),
    );
  }
  return problems;
}

/** hcl2json writes strings as Terraform JSON templates: `$${` and `%%{` are literal, `${…}` an interpolation. */
function decodeTerraform(value: unknown, roleArn: string): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeTerraform(item, roleArn));
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        decodeTerraform(key, roleArn) as string,
        decodeTerraform(item, roleArn),
      ]),
    );
  if (typeof value !== 'string') return value;
  return value.replace(/\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g, (whole, reference: string | undefined) => {
    if (whole === '$${') return '${';
    if (whole === '%%{') return '%{';
    if (reference === 'aws_iam_role.automation.arn') return roleArn;
    return (reference !== undefined ? TF_REFERENCES[reference] : undefined) ?? `\u0000unknown ${whole}`;
  });
}

// ------------------------------------------------------------------------------------------------------- shared

function propertyMismatches(
  id: string,
  properties: Record<string, unknown>,
  expected: ExpectedResource,
  decode: (value: unknown) => unknown,
  generated: GeneratedPolicies,
): string[] {
  const problems: string[] = [];
  const allowed = [...expected.otherKeys, ...(expected.name ? [expected.name.key] : [])];
  if (expected.document) allowed.push(expected.document.key);
  for (const key of Object.keys(properties))
    if (!allowed.includes(key)) problems.push(`resource ${id} has a property "${key}"`);
  if (expected.name && decode(properties[expected.name.key]) !== expected.name.value)
    problems.push(`resource ${id} is not named ${expected.name.value}`);
  if (expected.document) {
    const want = policyDocument(expected.document.policy, (value) => fillKnown(value, generated.values));
    if (!same(decode(properties[expected.document.key]), want))
      problems.push(`the policy document of ${id} holds other statements than ${expected.document.policy.name}`);
  }
  return problems;
}

function sameKeys(what: string, written: string[], expected: string[]): string[] {
  return [
    ...written.filter((key) => !expected.includes(key)).map((key) => `the text has an unexpected ${what} ${key}`),
    ...expected.filter((key) => !written.includes(key)).map((key) => `the text lacks the ${what} ${key}`),
  ];
}

/** Deep equality of plain JSON values (parsers give objects without a prototype). */
function same(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(plain(a), plain(b));
}

function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
