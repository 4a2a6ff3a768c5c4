import { basename, extname } from 'node:path';
import type { Runbook } from '../../model/runbook.js';
import { referencedParameter } from '../../model/findReferences.js';
import type { FollowOnKind, PermissionNeed } from '../../permissions/permissionNeed.js';
import { runbookPermissions } from '../../permissions/stepPermissions.js';
import { compareText, identityStatements } from './identityStatements.js';
import type { LeftOutNeed } from './identityStatements.js';
import {
  ATTACHED_POLICIES_LIMIT,
  MANAGED_POLICY_LIMIT,
  policySize,
  splitStatements,
  TRUST_POLICY_LIMIT,
} from './policyDocument.js';
import type { ArnValues, AssumeRoleTarget, GeneratedPolicy, GeneratedStatement, PolicyKind } from './policyModel.js';

export type PolicyKindOption = PolicyKind | 'all';

export interface GeneratePolicyOptions {
  kind?: PolicyKindOption;
  /** --partition, --region, --account: fill the ARN placeholders. */
  values?: ArnValues;
  /** Grant `service:*` for calls chosen at run time instead of leaving them out. */
  allowDynamic?: boolean;
  /** Base of the names: `<name>Role`, `<name>Policy`, `<name>StartPolicy`. Default: the runbook's file name in PascalCase. */
  name?: string;
  /** The assume role's ARN (over the runbook's assumeRole default). */
  roleArn?: string;
  /** The assume role's name when no ARN is known. */
  roleName?: string;
  /** The Automation document names for the passrole policy (default: each runbook's file name without extension). */
  documentNames?: string[];
  /** Follow-on kinds to leave out (`cloudwatch-output` when the account does not send script output to CloudWatch). */
  exclude?: readonly FollowOnKind[];
  /** Runbooks by document name, for the children aws:executeAutomation steps run with the parent's role. */
  documents?: ReadonlyMap<string, Runbook>;
}

/** A step whose code could not be read, so the policy cannot cover it. */
export interface IncompleteStep {
  runbook: string;
  step: string;
  why: string;
}

export interface GeneratedPolicies {
  kind: PolicyKindOption;
  values: ArnValues;
  /** Base name, role and document names. */
  name: string;
  role: AssumeRoleTarget;
  /** The ARN of the role as the policies write it (literal, or built from the name with placeholders). */
  roleArn: string;
  documentNames: string[];
  runbooks: string[];
  /** Identity policies (several when one would exceed IAM's size limit); empty unless the kind asks for them. */
  identity: GeneratedPolicy[];
  trust?: GeneratedPolicy;
  passrole?: GeneratedPolicy;
  /** Every need of every runbook, the ones the identity policy grants, and the ones left out with why. */
  needs: PermissionNeed[];
  granted: PermissionNeed[];
  leftOut: LeftOutNeed[];
  /** Steps whose needs could not all be found (placeholder script, absent attachment, service chosen at run time). */
  incomplete: IncompleteStep[];
  /** What the reader must know: left-out needs, split policies, quotas. Sorted, each once. */
  warnings: string[];
}

export class GeneratePolicyError extends Error {}

/**
 * Generates the policies a set of runbooks needs: the assume role's identity policy (merged over the runbooks), its
 * trust policy for Automation, and the policy of whoever starts the automation. Pure and deterministic: the same
 * runbooks and options give the same policies, statements and actions sorted.
 */
export function generatePolicy(runbooks: readonly Runbook[], options: GeneratePolicyOptions = {}): GeneratedPolicies {
  if (runbooks.length === 0) throw new GeneratePolicyError('Name at least one runbook to generate a policy for.');
  const kind = options.kind ?? 'identity';
  const values = options.values ?? {};
  const documentNames = options.documentNames ?? runbooks.map((runbook) => documentNameOf(runbook.path));
  if (documentNames.length !== runbooks.length)
    throw new GeneratePolicyError(
      `Give one document name per runbook (${runbooks.length} runbooks, ${documentNames.length} names).`,
    );
  const name = options.name ?? (runbooks.length === 1 ? pascalName(documentNames[0] as string) : 'RunbookAutomation');
  if (!/^[\w+=,.@-]{1,50}$/.test(name))
    throw new GeneratePolicyError(
      `"${name}" cannot start an IAM name: use up to 50 letters, digits and +=,.@_- (--name).`,
    );
  const role = assumeRoleTarget(runbooks, options, name);
  const roleArn = role.arn ?? `arn:\${Partition}:iam::\${Account}:role/${role.name}`;
  const warnings = new Set<string>();

  const permissions = runbooks.map((runbook) => ({
    runbook,
    steps: runbookPermissions(runbook, {
      exclude: options.exclude ?? [],
      ...(options.documents ? { documents: options.documents } : {}),
    }),
  }));
  const needs = permissions.flatMap(({ steps }) => steps.flatMap((step) => step.needs));
  const incomplete = permissions.flatMap(({ runbook, steps }) =>
    steps.flatMap((step) =>
      step.incomplete ? [{ runbook: runbook.path, step: step.step, why: step.incomplete }] : [],
    ),
  );
  const built = identityStatements(needs, { allowDynamic: options.allowDynamic === true });
  for (const { why } of built.leftOut) warnings.add(`Not granted: ${why}.`);
  for (const [kind, actions] of conditionalKinds(built.granted))
    warnings.add(
      `Granted on condition: ${actions.join(', ')} (${kind}: ${conditionalWhy[kind]}); leave them out with --exclude ${kind} when that does not hold.`,
    );

  const identity: GeneratedPolicy[] = [];
  if (kind === 'identity' || kind === 'all') {
    if (built.statements.length === 0)
      warnings.add(
        'The runbooks need no IAM permission that can be granted: the identity policy would be empty, so none is generated.',
      );
    const parts =
      built.statements.length === 0 ? [] : splitStatements('identity', built.statements, MANAGED_POLICY_LIMIT, values);
    parts.forEach((statements, index) =>
      identity.push({
        name: parts.length === 1 ? `${name}Policy` : `${name}Policy${index + 1}`,
        kind: 'identity',
        statements,
        size: policySize({ kind: 'identity', statements }, values),
      }),
    );
    if (parts.length > 1) {
      warnings.add(
        `The identity policy is larger than IAM's ${MANAGED_POLICY_LIMIT.toLocaleString('en-US')}-character limit for a managed policy, so it is split into ${parts.length} policies (${identity.map((policy) => policy.name).join(', ')}); attach them all to the role.`,
      );
    }
    if (parts.length > ATTACHED_POLICIES_LIMIT)
      warnings.add(
        `${parts.length} managed policies exceed the default quota of ${ATTACHED_POLICIES_LIMIT} per role; ask for a quota increase (up to 20) or generate for fewer runbooks.`,
      );
    for (const policy of identity) {
      if (policy.size > MANAGED_POLICY_LIMIT)
        warnings.add(
          `Statement ${policy.statements[0]?.Sid} alone is ${policy.size} characters, more than IAM's ${MANAGED_POLICY_LIMIT}: shorten its resource list by hand.`,
        );
    }
  }

  let trust: GeneratedPolicy | undefined;
  if (kind === 'trust' || kind === 'all' || kind === 'identity') {
    // The trust policy is part of every role (CloudFormation/Terraform need it to create the role), so `identity`
    // builds it too; the renderers print it as a policy of its own only for `trust` and `all`.
    const statements = [trustStatement()];
    trust = {
      name: `${name}TrustPolicy`,
      kind: 'trust',
      statements,
      size: policySize({ kind: 'trust', statements }, values),
    };
    if (trust.size > TRUST_POLICY_LIMIT)
      warnings.add(`The trust policy is ${trust.size} characters, over IAM's default limit of ${TRUST_POLICY_LIMIT}.`);
  }

  let passrole: GeneratedPolicy | undefined;
  if (kind === 'passrole' || kind === 'all') {
    const statements = passRoleStatements(documentNames, roleArn);
    passrole = {
      name: `${name}StartPolicy`,
      kind: 'passrole',
      statements,
      size: policySize({ kind: 'passrole', statements }, values),
    };
    if (passrole.size > MANAGED_POLICY_LIMIT)
      warnings.add(
        `The start policy is ${passrole.size.toLocaleString('en-US')} characters, more than IAM's ${MANAGED_POLICY_LIMIT.toLocaleString('en-US')} for a managed policy: name the documents with a common prefix and a wildcard (document/Team-*), or generate it for fewer runbooks.`,
      );
  }

  return {
    kind,
    values,
    name,
    role,
    roleArn,
    documentNames,
    runbooks: runbooks.map((runbook) => runbook.path),
    identity,
    ...(trust ? { trust } : {}),
    ...(passrole ? { passrole } : {}),
    needs,
    granted: built.granted,
    leftOut: built.leftOut,
    incomplete,
    warnings: [...warnings].sort(compareText),
  };
}

/**
 * Automation assumes the role as ssm.amazonaws.com; aws:SourceAccount and aws:SourceArn keep another account's
 * automation from using it (Systems Manager User Guide, "Cross-service confused deputy prevention").
 */
function trustStatement(): GeneratedStatement {
  return {
    Sid: 'AllowSsmAutomation',
    actions: ['sts:AssumeRole'],
    resources: [],
    conditions: {
      ArnLike: { 'aws:SourceArn': ['arn:${Partition}:ssm:${Region}:${Account}:automation-execution/*'] },
      StringEquals: { 'aws:SourceAccount': ['${Account}'] },
    },
    comments: [],
  };
}

/**
 * What the person or pipeline that starts the automation needs: ssm:StartAutomationExecution on the documents (and on
 * the automation-execution resource IAM also requires, Service Authorization Reference for Systems Manager),
 * ssm:GetAutomationExecution to follow the execution it started (the console's execution page and
 * `aws ssm get-automation-execution` call it; Systems Manager User Guide, "Setting up identity based policies
 * examples", example 1), and iam:PassRole on exactly the assume role, only towards ssm.amazonaws.com.
 */
function passRoleStatements(documentNames: string[], roleArn: string): GeneratedStatement[] {
  const documents = [...new Set(documentNames)]
    .sort(compareText)
    .map((document) => `arn:\${Partition}:ssm:\${Region}:\${Account}:document/${document}`);
  return [
    {
      Sid: 'StartAutomation',
      actions: ['ssm:StartAutomationExecution'],
      resources: [...documents, 'arn:${Partition}:ssm:${Region}:${Account}:automation-execution/*'],
      comments: [],
    },
    {
      Sid: 'FollowAutomation',
      actions: ['ssm:GetAutomationExecution'],
      resources: ['arn:${Partition}:ssm:${Region}:${Account}:automation-execution/*'],
      comments: [],
    },
    {
      Sid: 'PassAutomationRoleToSsm',
      actions: ['iam:PassRole'],
      resources: [roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': ['ssm.amazonaws.com'] } },
      comments: [],
    },
  ];
}

function assumeRoleTarget(
  runbooks: readonly Runbook[],
  options: GeneratePolicyOptions,
  name: string,
): AssumeRoleTarget {
  if (options.roleArn) {
    const roleName = roleNameOfArn(options.roleArn);
    if (!roleName)
      throw new GeneratePolicyError(
        `--role-arn "${options.roleArn}" is not a role ARN; write it as arn:aws:iam::123456789012:role/Name.`,
      );
    return { name: roleName, arn: options.roleArn };
  }
  const named = runbooks
    .map((runbook) => ({ path: runbook.path, arn: assumeRoleArnOf(runbook) }))
    .filter((entry): entry is { path: string; arn: string } => entry.arn !== undefined);
  const distinct = [...new Set(named.map((entry) => entry.arn))];
  if (distinct.length > 1) {
    throw new GeneratePolicyError(
      `The runbooks name different assume roles (${named.map((entry) => `${entry.path}: ${entry.arn}`).join('; ')}); generate their policies separately, or give the one role with --role-arn.`,
    );
  }
  const arn = distinct[0];
  const fromArn = arn ? roleNameOfArn(arn) : undefined;
  if (arn && fromArn) return { name: fromArn, arn };
  return { name: options.roleName ?? `${name}Role` };
}

/** The role ARN a runbook's assumeRole names: a literal ARN, or the default of the `{{ Parameter }}` it references. */
export function assumeRoleArnOf(runbook: Runbook): string | undefined {
  const written = runbook.assumeRole?.value.trim();
  if (!written) return undefined;
  const reference = referencedParameter(written);
  const value =
    reference !== undefined ? runbook.parameters.find((parameter) => parameter.name === reference)?.default : written;
  return typeof value === 'string' && roleNameOfArn(value) ? value : undefined;
}

export function roleNameOfArn(arn: string): string | undefined {
  const match = /^arn:[\w-]+:iam::(\d{12}|\$\{Account\}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(arn);
  return match?.[2];
}

/** `examples/restart-instance.yaml` → `restart-instance`: the name the document is created with, by convention. */
export function documentNameOf(path: string): string {
  return basename(path, extname(path));
}

/** `restart-instance` → `RestartInstance`. */
function pascalName(text: string): string {
  const pascal = text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
  return pascal.slice(0, 50) || 'RunbookAutomation';
}

const conditionalWhy: Record<FollowOnKind, string> = {
  kms: 'needed when the resources use customer managed KMS keys',
  'cloudwatch-output': 'needed when Automation sends aws:executeScript output to CloudWatch Logs',
  dependent: "performed by the service with the caller's credentials",
};

/** The conditional follow-on actions a policy grants, by kind. */
function conditionalKinds(granted: readonly PermissionNeed[]): Map<FollowOnKind, string[]> {
  const kinds = new Map<FollowOnKind, Set<string>>();
  for (const need of granted) {
    if (need.confidence !== 'conditional' || need.origin.kind !== 'follow-on') continue;
    const actions = kinds.get(need.origin.followOn) ?? new Set<string>();
    actions.add(need.action);
    kinds.set(need.origin.followOn, actions);
  }
  return new Map([...kinds].map(([kind, actions]) => [kind, [...actions].sort(compareText)]));
}
