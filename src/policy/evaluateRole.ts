// Whether a role allows what a runbook needs, evaluated offline with @cloud-copilot/iam-simulate (wildcards,
// NotAction/NotResource, conditions). The simulator is imported on first use, so a lint run without a role never
// loads it. Results are cached per role, because thousands of runbooks repeat the same needs.
import type { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PermissionNeed, StepPermissions } from '../permissions/permissionNeed.js';
import { boundedPolicy } from './boundedPolicy.js';
import { accountOfArn, listOf, statementsOf } from './roleInfo.js';
import type { PolicyDocument, RoleInfo } from './roleInfo.js';

/** Sample values put in for the placeholders of need ARNs (README "Roles"). */
export const SAMPLE_PARTITION = 'aws';
export const SAMPLE_REGION = 'us-east-1';
export const SAMPLE_ACCOUNT = '123456789012';
/** The id of an automation execution in sample ARNs (`automation-execution/<id>`). */
export const SAMPLE_EXECUTION_ID = '00000000-0000-0000-0000-000000000000';
/** An account that is surely not the role's: used to ask "could another account's automation assume this role?". */
export const OTHER_ACCOUNT = '999988887777';

export interface NeedDecision {
  /** Allowed on every resource of the need (a `*` resource: allowed on some resource the policies name). */
  allowed: boolean;
  /** The resources (with sample values) the role does not allow the action on. */
  deniedResources: string[];
  /** Why the need was not evaluated (an action the simulator does not know, an action chosen at run time). */
  skipped?: string;
}

export interface TrustFacts {
  /** ssm.amazonaws.com may assume the role for an automation in the role's own account. */
  ssmAllowed: boolean;
  /** ssm.amazonaws.com may assume the role for an automation in another account (no SourceAccount/SourceArn condition). */
  ssmAllowedForOtherAccount: boolean;
  /** Principals (as written) of another account, or `*`, that may assume the role with no condition in the way. */
  broadPrincipals: string[];
}

export interface RoleEvaluation {
  role: RoleInfo;
  /** The role's account (from its ARN or its trust policy), or the sample account. */
  account: string;
  decision(need: PermissionNeed): NeedDecision | undefined;
  /** Answers for the extra (action, resource) pairs asked for in evaluateRole's `probes`; undefined when not asked or not simulable. */
  allows(action: string, resource: string): boolean | undefined;
  trust?: TrustFacts;
}

export interface RoleProbe {
  action: string;
  /** A concrete ARN (sample values already filled in). */
  resource: string;
}

type Simulator = { runSimulation: typeof runSimulation };
let simulator: Promise<Simulator> | undefined;
const loadSimulator = (): Promise<Simulator> => (simulator ??= import('@cloud-copilot/iam-simulate'));

type SimulationCache = Map<string, Promise<boolean | string>>;

/**
 * Decides needs against roles. One evaluator serves a whole run: thousands of runbooks repeat the same needs and
 * share a few roles, so simulations and trust facts are kept per role for as long as the evaluator lives.
 */
export class RoleEvaluator {
  private readonly simulations = new WeakMap<RoleInfo, SimulationCache>();
  private readonly trust = new WeakMap<RoleInfo, Promise<TrustFacts>>();

  /** Every need of every step decided against the role, plus the trust facts the trust-policy rules read. */
  async evaluate(
    role: RoleInfo,
    permissions: readonly StepPermissions[],
    probes: (account: string) => RoleProbe[] = () => [],
  ): Promise<RoleEvaluation> {
    let cache = this.simulations.get(role);
    if (!cache) this.simulations.set(role, (cache = new Map()));
    const simulations = cache;
    const account = roleAccount(role);
    const decisions = new Map<PermissionNeed, NeedDecision>();
    await Promise.all(
      permissions.flatMap((step) =>
        step.needs.map(async (need) => decisions.set(need, await decideNeed(role, account, need, simulations))),
      ),
    );
    const answers = new Map<string, boolean>();
    for (const probe of probes(account)) {
      const result = await simulateIdentity(role, account, probe.action, probe.resource, {}, simulations);
      if (typeof result === 'boolean') answers.set(`${probe.action} ${probe.resource}`, result);
    }
    let trust: TrustFacts | undefined;
    if (role.trustPolicy) {
      let facts = this.trust.get(role);
      if (!facts) this.trust.set(role, (facts = trustFacts(role, account)));
      trust = await facts;
    }
    return {
      role,
      account,
      decision: (need) => decisions.get(need),
      allows: (action, resource) => answers.get(`${action} ${resource}`),
      ...(trust ? { trust } : {}),
    };
  }
}

/** One role decided once (the diff command); a run of many runbooks shares a RoleEvaluator instead. */
export function evaluateRole(
  role: RoleInfo,
  permissions: readonly StepPermissions[],
  probes: (account: string) => RoleProbe[] = () => [],
): Promise<RoleEvaluation> {
  return new RoleEvaluator().evaluate(role, permissions, probes);
}

export function roleAccount(role: RoleInfo): string {
  const fromArn = accountOfArn(role.arn);
  if (fromArn) return fromArn;
  // Without an ARN, the account a trust policy pins (aws:SourceAccount) is the role's own.
  const pinned = JSON.stringify(role.trustPolicy ?? {}).match(/"aws:SourceAccount"\s*:\s*\[?\s*"(\d{12})"/i);
  return pinned?.[1] ?? SAMPLE_ACCOUNT;
}

/** `${Partition}`, `${Region}`, `${Account}` in a need's ARN replaced by sample values and the role's account. */
export function concreteResource(resource: string, account: string): string {
  return resource
    .replaceAll('${Partition}', SAMPLE_PARTITION)
    .replaceAll('${Region}', SAMPLE_REGION)
    .replaceAll('${Account}', account);
}

async function decideNeed(
  role: RoleInfo,
  account: string,
  need: PermissionNeed,
  cache: SimulationCache,
): Promise<NeedDecision> {
  if (need.confidence === 'unknown' || need.action.includes('*'))
    return { allowed: true, deniedResources: [], skipped: 'the action is known only at run time' };
  // A conditional need (a customer managed key, CloudWatch output on) depends on the account, not on the runbook.
  if (need.confidence === 'conditional')
    return { allowed: true, deniedResources: [], skipped: 'needed only under a condition the runbook cannot show' };
  const context: Record<string, string | string[]> = {};
  for (const values of Object.values(need.conditions ?? {}))
    for (const [key, value] of Object.entries(values)) context[key] = value.length === 1 ? (value[0] as string) : value;
  const denied: string[] = [];
  for (const resource of need.resources.length > 0 ? need.resources : ['*']) {
    const concrete = concreteResource(resource, account);
    const result = await simulateIdentity(role, account, need.action, concrete, context, cache);
    if (typeof result === 'string') return { allowed: true, deniedResources: [], skipped: result };
    if (!result) denied.push(concrete);
  }
  return { allowed: denied.length === 0, deniedResources: denied };
}

function isKmsKey(action: string, resource: string): boolean {
  return action.toLowerCase().startsWith('kms:') && /^arn:[\w-]+:kms:[^:]*:\d{12}:key\//.test(resource);
}

/**
 * An IAM policy grants access to a KMS key only when the key policy lets the account's IAM policies decide; the
 * default key policy does, with a statement for the account root (AWS KMS Developer Guide, "Default key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html). The key policy of a real key is not
 * known offline, so the default one is assumed.
 */
function defaultKeyPolicy(keyArn: string): PolicyDocument {
  const [, partition, , , account] = keyArn.split(':');
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

/** Whether the role's identity policies allow `action` on `resource`; a string says why it could not be simulated. */
export async function simulateIdentity(
  role: RoleInfo,
  account: string,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
  cache: SimulationCache = new Map(),
): Promise<boolean | string> {
  const key = `${action}\u0000${resource}\u0000${JSON.stringify(context)}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = (async () => {
      const identityPolicies = [];
      for (const policy of role.policies) {
        const bounded = boundedPolicy(policy.document, { action, resource, context });
        if ('unsafe' in bounded) return `${bounded.unsafe} (policy ${policy.name})`;
        identityPolicies.push({ name: policy.name, policy: bounded.document });
      }
      const { runSimulation } = await loadSimulator();
      const result = await runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${account}:role/${role.name ?? 'AutomationRole'}`,
            action,
            resource: { resource, accountId: account },
            contextVariables: context,
          },
          identityPolicies,
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          ...(isKmsKey(action, resource) ? { resourcePolicy: defaultKeyPolicy(resource) } : {}),
        },
        {},
      );
      if (result.resultType === 'error') return result.errors.message;
      if (result.overallResult === 'Allowed') return true;
      // A KMS key is usable only when its key policy also allows the principal (the default key policy delegates to
      // IAM): the simulation has no key policy, so for keys the identity policies' own answer is the one asked for
      // (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam).
      return /^arn:[^:]+:kms:[^:]*:[^:]*:key\//.test(resource) && identityAllowed(result);
    })();
    cache.set(key, pending);
  }
  return pending;
}

function identityAllowed(result: object): boolean {
  const analysis = (result as { result?: { analysis?: { identityAnalysis?: { result?: string } } } }).result?.analysis;
  return analysis?.identityAnalysis?.result === 'Allowed';
}

async function trustAllows(
  trustPolicy: PolicyDocument,
  roleArn: string,
  principal: string,
  context: Record<string, string>,
  callerAccount: string,
): Promise<boolean> {
  const bounded = boundedPolicy(trustPolicy, { action: 'sts:AssumeRole', resource: roleArn, context });
  if ('unsafe' in bounded) return false;
  const { runSimulation } = await loadSimulator();
  const result = await runSimulation(
    {
      request: {
        principal,
        action: 'sts:AssumeRole',
        resource: { resource: roleArn, accountId: roleArn.split(':')[4] ?? SAMPLE_ACCOUNT },
        contextVariables: context,
      },
      // A principal of another account also needs its own account's permission to call sts:AssumeRole: grant it,
      // so that only the trust policy decides.
      identityPolicies: principal.startsWith('arn:')
        ? [
            {
              name: `${callerAccount}-caller`,
              policy: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
              },
            },
          ]
        : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: bounded.document,
    },
    {},
  );
  return result.resultType !== 'error' && result.overallResult === 'Allowed';
}

async function trustFacts(role: RoleInfo, account: string): Promise<TrustFacts> {
  const trust = role.trustPolicy as PolicyDocument;
  const roleArn =
    role.arn && accountOfArn(role.arn) ? role.arn : `arn:aws:iam::${account}:role/${role.name ?? 'AutomationRole'}`;
  // Automation assumes the role as ssm.amazonaws.com, with aws:SourceAccount and aws:SourceArn set to the account and
  // the automation execution (IAM User Guide, "The confused deputy problem"; Systems Manager "Cross-service confused
  // deputy prevention").
  const automationContext = (inAccount: string): Record<string, string> => ({
    'aws:SourceAccount': inAccount,
    'aws:SourceArn': `arn:aws:ssm:${SAMPLE_REGION}:${inAccount}:automation-execution/${SAMPLE_EXECUTION_ID}`,
  });
  const ssmAllowed = await trustAllows(trust, roleArn, 'ssm.amazonaws.com', automationContext(account), account);
  const ssmAllowedForOtherAccount = await trustAllows(
    trust,
    roleArn,
    'ssm.amazonaws.com',
    automationContext(OTHER_ACCOUNT),
    OTHER_ACCOUNT,
  );
  const broadPrincipals: string[] = [];
  for (const written of awsPrincipals(trust)) {
    const principalAccount =
      written === '*' ? OTHER_ACCOUNT : /^\d{12}$/.test(written) ? written : accountOfArn(written);
    if (principalAccount === undefined || principalAccount === account) continue;
    const caller = `arn:aws:iam::${principalAccount}:role/AnyRoleInThatAccount`;
    if (await trustAllows(trust, roleArn, caller, {}, principalAccount)) broadPrincipals.push(written);
  }
  return { ssmAllowed, ssmAllowedForOtherAccount, broadPrincipals: [...new Set(broadPrincipals)] };
}

/** `"*"` and the `AWS` principals of the trust policy's Allow statements, as written. */
function awsPrincipals(trust: PolicyDocument): string[] {
  const principals: string[] = [];
  for (const statement of statementsOf(trust)) {
    if (statement.Effect !== 'Allow') continue;
    const principal = statement.Principal;
    if (principal === '*') principals.push('*');
    else if (typeof principal === 'object' && principal !== null) {
      const aws = (principal as Record<string, string | string[]>).AWS;
      principals.push(...listOf(aws));
    }
  }
  return principals;
}
