import { referencedParameter } from '../referenceSyntax.js';
import type { DocNode, MapNode } from '../documentNode.js';
import { childOf, stringOf } from '../documentNode.js';
import { cloudFormationValue, referencedIds, refTarget, resourceType, subTemplate } from './cloudFormationValue.js';
import type { KnownPolicy, RoleDescription } from './linkedRole.js';

const ROLE_ARN = /^arn:[^:]*:iam::[^:]*:role\/(?:[^/]*\/)*([\w+=,.@-]+)$/;

/**
 * The AWS::IAM::Role in the same template that an embedded runbook runs as, when it can be told statically:
 * the runbook's `assumeRole` names it directly (`!GetAtt Role.Arn`, `!Sub ...${Role.Arn}`, or a literal ARN whose
 * name is a role's RoleName), or `assumeRole` is `{{ Param }}` and the role reaches that parameter through the
 * parameter's default, an AWS::SSM::Association's Parameters, an AWS::Config::RemediationConfiguration's static
 * value, or an AWS::FIS::ExperimentTemplate's documentParameters. Several different candidates: no link.
 */
export function linkCloudFormationRole(
  resources: Map<string, MapNode>,
  documentId: string,
  content: DocNode,
): RoleDescription | undefined {
  const assumeRole = childOf(content, 'assumeRole');
  if (!assumeRole) return undefined;
  const direct = roleIn(resources, assumeRole);
  if (direct) return describeRole(resources, direct.id, `assumeRole: ${direct.how}`);
  const parameter = referencedParameter(stringOf(assumeRole) ?? '');
  if (!parameter) return undefined;

  const candidates: { id: string; via: string }[] = [];
  const defaultNode = childOf(childOf(childOf(content, 'parameters'), parameter), 'default');
  const fromDefault = defaultNode && roleIn(resources, defaultNode);
  if (fromDefault)
    candidates.push({ id: fromDefault.id, via: `default of parameter ${parameter}: ${fromDefault.how}` });
  for (const [id, resource] of resources) {
    const properties = childOf(resource, 'Properties');
    switch (resourceType(resource)) {
      case 'AWS::SSM::Association': {
        if (!refersTo(childOf(properties, 'Name'), documentId)) break;
        const value = childOf(childOf(properties, 'Parameters'), parameter);
        const role = value && roleIn(resources, value);
        if (role)
          candidates.push({ id: role.id, via: `${parameter} given by AWS::SSM::Association ${id}: ${role.how}` });
        break;
      }
      case 'AWS::Config::RemediationConfiguration': {
        if (!refersTo(childOf(properties, 'TargetId'), documentId)) break;
        const value = childOf(childOf(childOf(properties, 'Parameters'), parameter), 'StaticValue');
        const role = value && roleIn(resources, value);
        if (role)
          candidates.push({
            id: role.id,
            via: `${parameter} given by AWS::Config::RemediationConfiguration ${id}: ${role.how}`,
          });
        break;
      }
      case 'AWS::FIS::ExperimentTemplate': {
        const actions = childOf(properties, 'Actions');
        if (actions?.kind !== 'map') break;
        for (const action of actions.entries) {
          const actionParameters = childOf(action.value, 'Parameters');
          if (!refersTo(childOf(actionParameters, 'documentArn'), documentId)) continue;
          const documentParameters = childOf(actionParameters, 'documentParameters');
          const text = documentParameters && (subTemplate(documentParameters) ?? stringOf(documentParameters));
          const value =
            text === undefined
              ? undefined
              : new RegExp(`"${escapeRegExp(parameter)}"\\s*:\\s*"([^"]*)"`).exec(text)?.[1];
          const roleId = value === undefined ? undefined : /\$\{([A-Za-z0-9]+)\.Arn\}/.exec(value)?.[1];
          if (roleId && isRole(resources, roleId)) {
            candidates.push({
              id: roleId,
              via: `${parameter} given by AWS::FIS::ExperimentTemplate ${id} action ${action.key}: \${${roleId}.Arn}`,
            });
          }
        }
        break;
      }
      default:
        break;
    }
  }
  const distinct = new Set(candidates.map((candidate) => candidate.id));
  const chosen = candidates[0];
  if (distinct.size !== 1 || !chosen) return undefined;
  return describeRole(resources, chosen.id, chosen.via);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isRole(resources: Map<string, MapNode>, id: string): boolean {
  const resource = resources.get(id);
  return resource !== undefined && resourceType(resource) === 'AWS::IAM::Role';
}

function refersTo(node: DocNode | undefined, id: string): boolean {
  return node !== undefined && referencedIds(node).some((reference) => reference.id === id);
}

/** The one role a value names: by `Arn` attribute, by Ref (the role name inside a `:role/${Role}` ARN), or by literal ARN. */
function roleIn(resources: Map<string, MapNode>, value: DocNode): { id: string; how: string } | undefined {
  const references = referencedIds(value).filter((reference) => isRole(resources, reference.id));
  const ids = new Set(references.map((reference) => reference.id));
  const first = references[0];
  if (ids.size === 1 && first) return { id: first.id, how: first.how };
  if (ids.size > 1) return undefined;
  const name = ROLE_ARN.exec(stringOf(value) ?? '')?.[1];
  if (!name) return undefined;
  const matches = [...resources].filter(
    ([, resource]) =>
      resourceType(resource) === 'AWS::IAM::Role' &&
      stringOf(childOf(childOf(resource, 'Properties'), 'RoleName')) === name,
  );
  const [match] = matches;
  return matches.length === 1 && match ? { id: match[0], how: `role name ${name}` } : undefined;
}

/** The role's trust policy and every identity policy the template attaches to it. */
export function describeRole(resources: Map<string, MapNode>, roleId: string, via: string): RoleDescription {
  const role = resources.get(roleId) as MapNode;
  const properties = childOf(role, 'Properties');
  const roleName = stringOf(childOf(properties, 'RoleName'));
  const trust = childOf(properties, 'AssumeRolePolicyDocument');
  const inlinePolicies: KnownPolicy[] = [];
  const managedPolicyArns: string[] = [];
  const policies = childOf(properties, 'Policies');
  if (policies?.kind === 'seq') {
    for (const policy of policies.items) {
      const document = childOf(policy, 'PolicyDocument');
      if (!document) continue;
      inlinePolicies.push({
        name: stringOf(childOf(policy, 'PolicyName')) ?? `${roleId} policy`,
        document: cloudFormationValue(document),
        origin: `inline policy of ${roleId}`,
        range: policy.range,
      });
    }
  }
  const managed = childOf(properties, 'ManagedPolicyArns');
  if (managed?.kind === 'seq') {
    for (const item of managed.items) {
      const target = refTarget(item);
      const resource = target === undefined ? undefined : resources.get(target);
      if (target && resource && resourceType(resource) === 'AWS::IAM::ManagedPolicy') continue; // added below, with its document
      // ${AWS::Partition} is `aws` outside China and GovCloud; AWS managed policy ARNs are compared in that form.
      const arn = item.tag === undefined ? (stringOf(item) ?? subTemplate(item)) : subTemplate(item);
      managedPolicyArns.push(arn?.replaceAll('${AWS::Partition}', 'aws') ?? JSON.stringify(cloudFormationValue(item)));
    }
  }
  for (const [id, resource] of resources) {
    const type = resourceType(resource);
    if (type !== 'AWS::IAM::Policy' && type !== 'AWS::IAM::ManagedPolicy' && type !== 'AWS::IAM::RolePolicy') continue;
    const policyProperties = childOf(resource, 'Properties');
    const document = childOf(policyProperties, 'PolicyDocument');
    if (!document) continue;
    const roles = childOf(policyProperties, type === 'AWS::IAM::RolePolicy' ? 'RoleName' : 'Roles');
    const attachedHere = (roles?.kind === 'seq' ? roles.items : roles ? [roles] : []).some(
      (item) => refTarget(item) === roleId || (roleName !== undefined && stringOf(item) === roleName),
    );
    const listedOnRole =
      type === 'AWS::IAM::ManagedPolicy' &&
      managed?.kind === 'seq' &&
      managed.items.some((item) => refTarget(item) === id);
    if (!attachedHere && !listedOnRole) continue;
    inlinePolicies.push({
      name:
        stringOf(childOf(policyProperties, type === 'AWS::IAM::ManagedPolicy' ? 'ManagedPolicyName' : 'PolicyName')) ??
        id,
      document: cloudFormationValue(document),
      origin: `${type} ${id}`,
      range: resource.range,
    });
  }
  return {
    source: `CloudFormation resource ${roleId}`,
    via,
    ...(roleName === undefined ? {} : { roleName }),
    ...(trust === undefined ? {} : { trustPolicy: cloudFormationValue(trust) }),
    inlinePolicies,
    managedPolicyArns,
    range: role.range,
  };
}
