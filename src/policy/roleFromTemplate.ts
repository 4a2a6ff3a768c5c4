import type { RoleDescription } from '../parse/extract/linkedRole.js';
import { managedPolicyByArn } from './managedPolicies.js';
import { isAwsManagedPolicyArn } from './roleInfo.js';
import type { PolicyDocument, RoleInfo, RolePolicy } from './roleInfo.js';
import { policyDocumentProblem } from './policyDocumentProblem.js';

/** Sample values for CloudFormation pseudo parameters in a template's policies (see docs/roles.md). */
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * The role a template links to an embedded runbook, as RoleInfo. CloudFormation intrinsics are resolved where they
 * are pseudo parameters (`${AWS::Partition}`...); any other reference (`!Ref Bucket`, `${Bucket.Arn}`, a Terraform
 * `${aws_s3_bucket.x.arn}`) becomes `*`, which can only make the role look broader than it is, never narrower.
 */
export function roleFromTemplate(description: RoleDescription): RoleInfo {
  const problems: string[] = [];
  const policies: RolePolicy[] = [];
  for (const policy of description.inlinePolicies) {
    let document = resolveIntrinsics(policy.document);
    if (typeof document === 'string') {
      try {
        document = JSON.parse(document);
      } catch {
        // e.g. a Terraform jsonencode(...) or a data source: known only when the template is deployed.
      }
    }
    const problem =
      typeof document === 'object' && document !== null && (document as PolicyDocument).Statement !== undefined
        ? policyDocumentProblem(document)
        : 'unreadable';
    if (problem === undefined) {
      policies.push({ name: policy.name, document: document as PolicyDocument, managed: false });
    } else if (problem !== 'unreadable') {
      problems.push(
        `${description.source}: the policy ${policy.name} (${policy.origin}) is not a valid policy document (PolicyDocument${problem}), so its permissions were not counted.`,
      );
    } else {
      problems.push(
        `${description.source}: the policy ${policy.name} (${policy.origin}) is built when the template is deployed, so runbook-iam cannot read it; checks of what the role does not allow were skipped for it.`,
      );
    }
  }
  for (const arn of description.managedPolicyArns) {
    const literal = typeof arn === 'string' ? String(resolveIntrinsics(arn)) : '';
    const snapshot = isAwsManagedPolicyArn(literal) ? managedPolicyByArn(literal) : undefined;
    if (snapshot) policies.push({ name: snapshot.name, arn: literal, document: snapshot.document, managed: true });
    else
      problems.push(
        `${description.source}: the managed policy ${literal || String(arn)} is not defined in the template nor in runbook-iam's AWS managed-policy snapshot, so its permissions were not counted.`,
      );
  }
  let trust =
    description.trustPolicy === undefined ? undefined : (resolveIntrinsics(description.trustPolicy) as PolicyDocument);
  const trustProblem = trust === undefined ? undefined : policyDocumentProblem(trust);
  if (trustProblem !== undefined) {
    problems.push(
      `${description.source}: the trust policy is not a valid policy document (AssumeRolePolicyDocument${trustProblem}), so it was not evaluated.`,
    );
    trust = undefined;
  }
  return {
    source: description.source,
    ...(description.roleName ? { name: description.roleName } : {}),
    ...(trust && typeof trust === 'object' ? { trustPolicy: trust } : {}),
    policies,
    problems,
    ...(problems.length > 0 ? { incomplete: true } : {}),
  };
}

function substitute(text: string): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (PSEUDO[name] !== undefined) return PSEUDO[name];
    // IAM policy variables (${aws:username}) stay; everything else is a template reference.
    if (/^aws:/.test(name) || /^[a-z]+:[A-Za-z]/.test(name)) return whole;
    return '*';
  });
}

function resolveIntrinsics(value: unknown): unknown {
  if (typeof value === 'string') return substitute(value);
  if (Array.isArray(value)) return value.map(resolveIntrinsics);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, argument] = entries[0] as [string, unknown];
    if (key === 'Fn::Sub' || key === '!Sub')
      return substitute(String(Array.isArray(argument) ? argument[0] : argument));
    if (key === 'Ref' || key === '!Ref') return PSEUDO[String(argument)] ?? '*';
    if (key === 'Fn::Join' || key === '!Join') {
      const [separator, parts] = Array.isArray(argument) ? argument : [];
      return Array.isArray(parts)
        ? parts.map((part) => String(resolveIntrinsics(part))).join(String(separator ?? ''))
        : '*';
    }
    if (key.startsWith('Fn::') || key.startsWith('!')) return '*';
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item)]));
}
