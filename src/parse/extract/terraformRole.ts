import { referencedParameter } from '../referenceSyntax.js';
import type { DocNode } from '../documentNode.js';
import { childOf, stringOf } from '../documentNode.js';
import type { HclJson } from './hclParser.js';
import type { KnownPolicy, RoleDescription } from './linkedRole.js';

type HclBlock = Record<string, unknown>;

export function blocksOf(json: HclJson, kind: 'resource' | 'data', type: string): Map<string, HclBlock> {
  const byName = new Map<string, HclBlock>();
  const group = (json[kind] as Record<string, Record<string, HclBlock[]>> | undefined)?.[type];
  for (const [name, blocks] of Object.entries(group ?? {}))
    if (Array.isArray(blocks) && blocks[0]) byName.set(name, blocks[0]);
  return byName;
}

const ROLE_REFERENCE = /^\$\{aws_iam_role\.([\w-]+)(?:\[[^\]]*\])?\.arn\}$/;

/**
 * The aws_iam_role an Automation document runs as, when the reference is static: `assumeRole` is
 * `${aws_iam_role.X.arn}`, or `{{ Param }}` where Param's default is, or an aws_config_remediation_configuration
 * (parameter static_value) or aws_ssm_association (parameters) targeting this document passes, that reference.
 */
export function linkTerraformRole(
  module: HclJson,
  documentName: string,
  content: DocNode,
): RoleDescription | undefined {
  const assumeRole = stringOf(childOf(content, 'assumeRole'));
  if (assumeRole === undefined) return undefined;
  const direct = ROLE_REFERENCE.exec(assumeRole)?.[1];
  if (direct) return describeTerraformRole(module, direct, `assumeRole: ${assumeRole}`);
  const parameter = referencedParameter(assumeRole);
  if (!parameter) return undefined;
  const candidates: { role: string; via: string }[] = [];
  const fallback = stringOf(childOf(childOf(childOf(content, 'parameters'), parameter), 'default'));
  const fromDefault = fallback === undefined ? undefined : ROLE_REFERENCE.exec(fallback)?.[1];
  if (fromDefault) candidates.push({ role: fromDefault, via: `default of parameter ${parameter}: ${fallback}` });
  const documentReference = new RegExp(`^\\$\\{aws_ssm_document\\.${documentName}(\\[[^\\]]*\\])?\\.(name|arn|id)\\}$`);
  for (const [name, remediation] of blocksOf(module, 'resource', 'aws_config_remediation_configuration')) {
    if (typeof remediation.target_id !== 'string' || !documentReference.test(remediation.target_id)) continue;
    for (const block of (remediation.parameter as HclBlock[] | undefined) ?? []) {
      const role =
        block.name === parameter && typeof block.static_value === 'string'
          ? ROLE_REFERENCE.exec(block.static_value)?.[1]
          : undefined;
      if (role) candidates.push({ role, via: `${parameter} given by aws_config_remediation_configuration.${name}` });
    }
  }
  for (const [name, association] of blocksOf(module, 'resource', 'aws_ssm_association')) {
    if (typeof association.name !== 'string' || !documentReference.test(association.name)) continue;
    const value = (association.parameters as Record<string, unknown> | undefined)?.[parameter];
    const role = typeof value === 'string' ? ROLE_REFERENCE.exec(value)?.[1] : undefined;
    if (role) candidates.push({ role, via: `${parameter} given by aws_ssm_association.${name}` });
  }
  const distinct = new Set(candidates.map((candidate) => candidate.role));
  const chosen = candidates[0];
  if (distinct.size !== 1 || !chosen) return undefined;
  return describeTerraformRole(module, chosen.role, chosen.via);
}

function describeTerraformRole(module: HclJson, roleName: string, via: string): RoleDescription | undefined {
  const role = blocksOf(module, 'resource', 'aws_iam_role').get(roleName);
  if (!role) return undefined;
  const address = `aws_iam_role.${roleName}`;
  const roleReference = new RegExp(`^\\$\\{aws_iam_role\\.${roleName}(\\[[^\\]]*\\])?\\.(id|name)\\}$`);
  const inlinePolicies: KnownPolicy[] = [];
  const managedPolicyArns: string[] = [];
  for (const block of (role.inline_policy as HclBlock[] | undefined) ?? []) {
    inlinePolicies.push({
      name: String(block.name ?? `${address} inline policy`),
      document: policyDocument(module, block.policy),
      origin: `inline_policy of ${address}`,
    });
  }
  const addArn = (arn: unknown, origin: string): void => {
    const policy =
      typeof arn === 'string' ? /^\$\{aws_iam_policy\.([\w-]+)(?:\[[^\]]*\])?\.arn\}$/.exec(arn)?.[1] : undefined;
    const resource = policy === undefined ? undefined : blocksOf(module, 'resource', 'aws_iam_policy').get(policy);
    if (policy && resource)
      inlinePolicies.push({
        name: String(resource.name ?? policy),
        document: policyDocument(module, resource.policy),
        origin: `aws_iam_policy.${policy} (${origin})`,
      });
    else if (typeof arn === 'string') managedPolicyArns.push(arn);
  };
  for (const arn of (role.managed_policy_arns as unknown[] | undefined) ?? [])
    addArn(arn, `managed_policy_arns of ${address}`);
  for (const [name, policy] of blocksOf(module, 'resource', 'aws_iam_role_policy')) {
    if (typeof policy.role === 'string' && roleReference.test(policy.role)) {
      inlinePolicies.push({
        name: String(policy.name ?? name),
        document: policyDocument(module, policy.policy),
        origin: `aws_iam_role_policy.${name}`,
      });
    }
  }
  for (const [name, attachment] of blocksOf(module, 'resource', 'aws_iam_role_policy_attachment')) {
    if (typeof attachment.role === 'string' && roleReference.test(attachment.role))
      addArn(attachment.policy_arn, `aws_iam_role_policy_attachment.${name}`);
  }
  return {
    source: `Terraform ${address}`,
    via,
    ...(typeof role.name === 'string' && !role.name.includes('${') ? { roleName: role.name } : {}),
    ...(role.assume_role_policy === undefined ? {} : { trustPolicy: policyDocument(module, role.assume_role_policy) }),
    inlinePolicies,
    managedPolicyArns,
  };
}

/**
 * A policy argument as a document: literal JSON (heredoc) is parsed, `data.aws_iam_policy_document.X.json` is
 * rendered from its statement blocks (Terraform AWS provider: aws_iam_policy_document); anything else
 * (jsonencode, file, variables) stays as the expression string.
 */
function policyDocument(module: HclJson, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const data = /^\$\{data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]]*\])?\.json\}$/.exec(value)?.[1];
  if (data) {
    const block = blocksOf(module, 'data', 'aws_iam_policy_document').get(data);
    return block ? renderPolicyDocument(block) : value;
  }
  if (value.startsWith('${')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function renderPolicyDocument(block: HclBlock): unknown {
  const statements = ((block.statement as HclBlock[] | undefined) ?? []).map((statement) => {
    const rendered: Record<string, unknown> = {};
    if (statement.sid !== undefined) rendered.Sid = statement.sid;
    rendered.Effect = statement.effect ?? 'Allow';
    if (statement.actions !== undefined) rendered.Action = statement.actions;
    if (statement.not_actions !== undefined) rendered.NotAction = statement.not_actions;
    if (statement.resources !== undefined) rendered.Resource = statement.resources;
    if (statement.not_resources !== undefined) rendered.NotResource = statement.not_resources;
    for (const [key, field] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const principals = statement[key] as HclBlock[] | undefined;
      if (!principals) continue;
      const byType: Record<string, unknown> = {};
      for (const principal of principals) byType[String(principal.type)] = principal.identifiers;
      rendered[field] = byType;
    }
    const conditions = statement.condition as HclBlock[] | undefined;
    if (conditions) {
      const byTest: Record<string, Record<string, unknown>> = {};
      for (const condition of conditions)
        (byTest[String(condition.test)] ??= {})[String(condition.variable)] = condition.values;
      rendered.Condition = byTest;
    }
    return rendered;
  });
  return { Version: block.version ?? '2012-10-17', Statement: statements };
}
