// Proves a generated policy offline with @cloud-copilot/iam-simulate (through evaluateRole's simulateIdentity):
// every need it grants is allowed, and where a resource was narrowed, the same action on a resource outside the needs
// (another name, another account) is denied.
import {
  OTHER_ACCOUNT,
  SAMPLE_ACCOUNT,
  SAMPLE_EXECUTION_ID,
  SAMPLE_PARTITION,
  SAMPLE_REGION,
  simulateIdentity,
} from '../evaluateRole.js';
import type { PermissionNeed } from '../../permissions/permissionNeed.js';
import type { PolicyDocument, RoleInfo } from '../roleInfo.js';
import type { GeneratedPolicies } from './generatePolicy.js';
import { globCovers } from './identityStatements.js';
import { policyDocument } from './policyDocument.js';
import { OUTSIDE_NAME, outsideArn, sampleArns } from './sampleResource.js';
import { statementsAllow } from './statementsAllow.js';
import { iamActionInfo } from '../../permissions/actionMap.js';
import type { ArnValues, GeneratedPolicy } from './policyModel.js';

export interface SimulationCheck {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  expected: 'Allowed' | 'Denied';
  /** What the check proves, for messages. */
  about: string;
  /** Why the simulator cannot place the ARN in a resource type: the check matches the policy's statements instead. */
  matchLocally?: string;
}

export interface VerificationReport {
  /** Needs of the identity policy: simulated, and allowed. */
  needsChecked: number;
  needsAllowed: number;
  /** Requests outside the needs (another resource name or account; PassRole to another service): simulated, and denied. */
  outsideChecked: number;
  outsideDenied: number;
  /** Checks of the trust and passrole policies: simulated, and as expected. */
  otherChecked: number;
  otherPassed: number;
  /** Every check whose result was not the expected one, as a sentence. */
  failures: string[];
  /**
   * Checks made by matching the policy's statements instead of simulating, each with why: an ARN without an account,
   * such as an AWS-owned SSM document (`arn:aws:ssm:us-east-1::document/AWS-RunShellScript`), fits no ARN format of
   * the Service Authorization Reference, and two resource types of the same format (a Lambda function alias and
   * version) cannot be told apart.
   */
  matchedLocally: string[];
}

/**
 * Simulator answers that say the request's ARN fits none or several of the action's resource types, or that its IAM
 * data does not know the action yet: the statements are matched instead. Any other error (an invalid policy) fails.
 */
const UNPLACED = new Set(['no.resource.types', 'multiple.resource.types', 'invalid.action']);

/** Runs every check; `failures` is empty when the policies do exactly what they should. */
export async function verifyPolicies(generated: GeneratedPolicies): Promise<VerificationReport> {
  const values = sampleValues(generated.values);
  const fill = (text: string): string => fillAll(text, values);
  const report: VerificationReport = {
    needsChecked: 0,
    needsAllowed: 0,
    outsideChecked: 0,
    outsideDenied: 0,
    otherChecked: 0,
    otherPassed: 0,
    failures: [],
    matchedLocally: [],
  };

  if (generated.identity.length > 0) {
    const role = policyRole(generated.identity, fill, 'identity');
    const statements = generated.identity.flatMap((policy) => policy.statements);
    for (const check of identityChecks(generated, values)) {
      let unplaced = check.matchLocally;
      let result: boolean | string = false;
      if (unplaced === undefined) {
        result = await simulateIdentity(role, values.account, check.action, check.resource, check.context);
        if (typeof result === 'string' && UNPLACED.has(result))
          unplaced = `the simulator cannot place it in one resource type (${result})`;
      }
      if (unplaced !== undefined) {
        report.matchedLocally.push(`${check.action} on ${check.resource}: ${unplaced}.`);
        result = statementsAllow(statements, fill, check.action, check.resource, check.context);
      }
      const passed = typeof result === 'boolean' && (result ? 'Allowed' : 'Denied') === check.expected;
      if (check.expected === 'Allowed') {
        report.needsChecked++;
        if (passed) report.needsAllowed++;
      } else {
        report.outsideChecked++;
        if (passed) report.outsideDenied++;
      }
      if (!passed) report.failures.push(failure(check, result));
    }
  }

  if (generated.passrole) {
    const role = policyRole([generated.passrole], fill, 'passrole');
    const roleArn = fill(generated.roleArn);
    const checks: SimulationCheck[] = [
      ...generated.documentNames.map((document): SimulationCheck => ({
        action: 'ssm:StartAutomationExecution',
        resource: fill(`arn:\${Partition}:ssm:\${Region}:\${Account}:document/${document}`),
        context: {},
        expected: 'Allowed',
        about: `start ${document}`,
      })),
      {
        action: 'ssm:StartAutomationExecution',
        resource: fill(`arn:\${Partition}:ssm:\${Region}:\${Account}:document/${OUTSIDE_NAME}`),
        context: {},
        expected: 'Denied',
        about: 'start another document',
      },
      {
        action: 'ssm:GetAutomationExecution',
        resource: fill(`arn:\${Partition}:ssm:\${Region}:\${Account}:automation-execution/${SAMPLE_EXECUTION_ID}`),
        context: {},
        expected: 'Allowed',
        about: 'follow the execution',
      },
      {
        action: 'iam:PassRole',
        resource: roleArn,
        context: { 'iam:PassedToService': 'ssm.amazonaws.com' },
        expected: 'Allowed',
        about: 'pass the assume role to Systems Manager',
      },
      {
        action: 'iam:PassRole',
        resource: roleArn,
        context: { 'iam:PassedToService': 'ec2.amazonaws.com' },
        expected: 'Denied',
        about: 'pass the assume role to another service',
      },
      {
        action: 'iam:PassRole',
        resource: roleArn.replace(/role\/.*$/, `role/${OUTSIDE_NAME}`),
        context: { 'iam:PassedToService': 'ssm.amazonaws.com' },
        expected: 'Denied',
        about: 'pass another role',
      },
    ];
    for (const check of checks) {
      const result = await simulateIdentity(role, values.account, check.action, check.resource, check.context);
      report.otherChecked++;
      if (typeof result === 'boolean' && (result ? 'Allowed' : 'Denied') === check.expected) report.otherPassed++;
      else report.failures.push(failure(check, result));
    }
  }

  if (generated.trust) {
    // Automation assumes the role as ssm.amazonaws.com with aws:SourceAccount and aws:SourceArn set to the account
    // and the automation execution (Systems Manager User Guide, "Cross-service confused deputy prevention").
    const trustPolicy = policyDocument(generated.trust, fill);
    const roleArn = `arn:${values.partition}:iam::${values.account}:role/${generated.role.name}`;
    const execution = (account: string): Record<string, string> => ({
      'aws:SourceAccount': account,
      'aws:SourceArn': `arn:${values.partition}:ssm:${values.region}:${account}:automation-execution/${SAMPLE_EXECUTION_ID}`,
    });
    const checks: { principal: string; context: Record<string, string>; expected: boolean; about: string }[] = [
      {
        principal: 'ssm.amazonaws.com',
        context: execution(values.account),
        expected: true,
        about: "Automation of the role's own account assumes the role",
      },
      {
        principal: 'ssm.amazonaws.com',
        context: execution(OTHER_ACCOUNT),
        expected: false,
        about: 'Automation of another account assumes the role',
      },
      {
        principal: 'ec2.amazonaws.com',
        context: execution(values.account),
        expected: false,
        about: 'another service assumes the role',
      },
    ];
    for (const check of checks) {
      const allowed = await trustAllows(trustPolicy, roleArn, check.principal, check.context);
      report.otherChecked++;
      if (allowed === check.expected) report.otherPassed++;
      else
        report.failures.push(
          `The trust policy ${allowed ? 'allows' : 'does not allow'} that ${check.about}, but should ${check.expected ? '' : 'not '}(sts:AssumeRole by ${check.principal}).`,
        );
    }
  }
  return report;
}

/**
 * The checks for the identity policy: each granted need allowed on a sample of every resource type its resource can
 * name; each narrowed resource's neighbours (the same resource type with other names, the same ARN in another
 * account) denied.
 */
export function identityChecks(generated: GeneratedPolicies, values: Required<ArnValues>): SimulationCheck[] {
  const checks: SimulationCheck[] = [];
  const seen = new Set<string>();
  const add = (check: SimulationCheck): void => {
    const key = `${check.action}\u0000${check.resource}\u0000${JSON.stringify(check.context)}\u0000${check.expected}`;
    if (!seen.has(key)) {
      seen.add(key);
      checks.push(check);
    }
  };
  for (const need of generated.granted) {
    const context = contextOf(need.conditions);
    const about = `${need.action} for step ${need.step}`;
    for (const resource of need.resources.length > 0 ? need.resources : ['*']) {
      if (resource === '*') {
        add({ action: need.action, resource, context, expected: 'Allowed', about });
        continue;
      }
      const samples = sampleArns(need.action, fillAll(resource, values), values);
      for (const sample of samples)
        add({ action: need.action, resource: sample.resource, context, expected: 'Allowed', about });
      if (samples.length === 0)
        add({
          action: need.action,
          resource: fillAll(resource, values).replaceAll('*', 'sample'),
          context,
          expected: 'Allowed',
          about,
          matchLocally: unplacedReason(need.action),
        });
    }
  }
  // Outside the needs: for every narrowed resource of a need, the same action on another name and in another
  // account, unless some need of that action covers it too (a `*` resource, or a wildcard that covers it). Derived
  // from the needs, not from the policy, so that a policy broader than its needs fails.
  // The resources granted per action, filled once: exact names in a set, patterns with wildcards in a list.
  const grantedResources = new Map<string, { exact: Set<string>; patterns: string[] }>();
  for (const other of generated.granted) {
    const action = other.action.toLowerCase();
    let entry = grantedResources.get(action);
    if (!entry) grantedResources.set(action, (entry = { exact: new Set(), patterns: [] }));
    for (const resource of other.resources.length > 0 ? other.resources : ['*']) {
      const filled = fillAll(resource, values);
      if (filled.includes('*') || filled.includes('?')) entry.patterns.push(filled);
      else entry.exact.add(filled);
    }
  }
  const coveredFor = new Map<string, (resource: string) => boolean>();
  const coverage = (action: string): ((resource: string) => boolean) => {
    let covers = coveredFor.get(action);
    if (!covers) {
      const entries = [...grantedResources].filter(([other]) => globCovers(other, action)).map(([, entry]) => entry);
      covers = (resource) =>
        entries.some(
          (entry) => entry.exact.has(resource) || entry.patterns.some((pattern) => globCovers(pattern, resource)),
        );
      coveredFor.set(action, covers);
    }
    return covers;
  };
  for (const need of generated.granted) {
    if (need.resources.length === 0 || need.resources.includes('*')) continue;
    const context = contextOf(need.conditions);
    const covered = coverage(need.action.toLowerCase());
    for (const resource of need.resources) {
      for (const outside of outsideResources(need.action, resource, values)) {
        if (covered(outside.resource)) continue;
        add({
          action: need.action,
          resource: outside.resource,
          context,
          expected: 'Denied',
          about: `${need.action} outside the needs of step ${need.step}`,
          ...(outside.matchLocally ? { matchLocally: outside.matchLocally } : {}),
        });
      }
    }
  }
  return checks;
}

function unplacedReason(action: string): string {
  return iamActionInfo(action)?.resourceTypes.length === 0
    ? 'IAM has no resource type for this action'
    : 'the ARN fits none of the ARN formats IAM lists for this action (an ARN without an account, such as an AWS-owned document)';
}

/**
 * Resources nobody named: each resource type the need's resource can name, with other names; and the need's own
 * sample ARN in another account when it has an account.
 */
function outsideResources(
  action: string,
  resource: string,
  values: Required<ArnValues>,
): { resource: string; matchLocally?: string }[] {
  const filled = fillAll(resource, values);
  const parts = filled.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return [];
  const account = resource.split(':')[4];
  const hasAccount = account === '${Account}' || (account !== undefined && /^\d{12}$/.test(account));
  const inOtherAccount = (arn: string): string =>
    [...arn.split(':').slice(0, 4), OTHER_ACCOUNT, ...arn.split(':').slice(5)].join(':');
  const samples = sampleArns(action, filled, values);
  if (samples.length === 0) {
    const rest = parts.slice(5).join(':');
    const cut = rest.search(/[/:]/);
    const renamed = [...parts.slice(0, 5), cut > 0 ? `${rest.slice(0, cut + 1)}${OUTSIDE_NAME}` : OUTSIDE_NAME].join(
      ':',
    );
    const matchLocally = unplacedReason(action);
    return [
      { resource: renamed, matchLocally },
      ...(hasAccount ? [{ resource: inOtherAccount(filled).replaceAll('*', 'sample'), matchLocally }] : []),
    ];
  }
  return samples.flatMap((sample) => [
    { resource: outsideArn(sample.arnFormat, values) },
    ...(hasAccount ? [{ resource: inOtherAccount(sample.resource) }] : []),
  ]);
}

function contextOf(conditions: PermissionNeed['conditions']): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const keys of Object.values(conditions ?? {}))
    for (const [key, value] of Object.entries(keys)) context[key] = value.length === 1 ? (value[0] as string) : value;
  return context;
}

function sampleValues(values: ArnValues): Required<ArnValues> {
  return {
    partition: values.partition ?? SAMPLE_PARTITION,
    region: values.region ?? SAMPLE_REGION,
    account: values.account ?? SAMPLE_ACCOUNT,
  };
}

function fillAll(text: string, values: Required<ArnValues>): string {
  return text
    .replaceAll('${Partition}', values.partition)
    .replaceAll('${Region}', values.region)
    .replaceAll('${Account}', values.account);
}

function policyRole(policies: GeneratedPolicy[], fill: (text: string) => string, label: string): RoleInfo {
  return {
    source: `generated ${label} policy`,
    name: 'GeneratedPolicyCheck',
    policies: policies.map((policy) => ({ name: policy.name, document: policyDocument(policy, fill), managed: false })),
    problems: [],
  };
}

function failure(check: SimulationCheck, result: boolean | string): string {
  const got = typeof result === 'string' ? `could not be simulated (${result})` : result ? 'is allowed' : 'is denied';
  const context = Object.keys(check.context).length > 0 ? ` with ${JSON.stringify(check.context)}` : '';
  return `${check.action} on ${check.resource}${context} ${got}, but should be ${check.expected.toLowerCase()} (${check.about}).`;
}

async function trustAllows(
  trustPolicy: PolicyDocument,
  roleArn: string,
  principal: string,
  context: Record<string, string>,
): Promise<boolean> {
  const { runSimulation } = await import('@cloud-copilot/iam-simulate');
  const result = await runSimulation(
    {
      request: {
        principal,
        action: 'sts:AssumeRole',
        resource: { resource: roleArn, accountId: roleArn.split(':')[4] ?? SAMPLE_ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trustPolicy,
    },
    {},
  );
  return result.resultType !== 'error' && result.overallResult === 'Allowed';
}
