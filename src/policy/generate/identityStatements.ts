import { wildcardMatch } from '../../model/wildcardMatch.js';
import { describeNeed } from '../../permissions/describeNeed.js';
import { iamActionInfo } from '../../permissions/actionMap.js';
import type { PermissionNeed } from '../../permissions/permissionNeed.js';
import type { ConditionBlock, GeneratedStatement } from './policyModel.js';

export interface IdentityStatementOptions {
  /** Grant `service:*` for calls chosen at run time (a bare `*` is never granted). */
  allowDynamic?: boolean;
}

/** A need that the identity policy does not grant, and why. */
export interface LeftOutNeed {
  need: PermissionNeed;
  why: string;
}

export interface IdentityStatements {
  statements: GeneratedStatement[];
  /** The needs the statements grant (every need except the left-out ones). */
  granted: PermissionNeed[];
  leftOut: LeftOutNeed[];
}

interface ActionGrant {
  action: string;
  conditions?: ConditionBlock;
  resources: Set<string>;
  needs: PermissionNeed[];
}

/**
 * Groups needs into Allow statements: one per distinct (resources, conditions), actions sorted. An action's resources
 * are the union over its needs; a `*` resource absorbs the others, and an ARN that another ARN's wildcard covers is
 * dropped. `Resource: "*"` statements are kept apart — actions without a resource type in one, actions whose resource
 * is only known at run time in another — and carry a comment per action saying why.
 */
export function identityStatements(
  needs: readonly PermissionNeed[],
  options: IdentityStatementOptions = {},
): IdentityStatements {
  const leftOut: LeftOutNeed[] = [];
  const granted: PermissionNeed[] = [];
  const byAction = new Map<string, ActionGrant>();
  for (const need of needs) {
    const why = leaveOutReason(need, options);
    if (why) {
      leftOut.push({ need, why });
      continue;
    }
    granted.push(need);
    const conditions = need.conditions ? normaliseConditions(need.conditions) : undefined;
    const key = `${need.action.toLowerCase()}\u0000${conditions ? JSON.stringify(conditions) : ''}`;
    let grant = byAction.get(key);
    if (!grant)
      byAction.set(
        key,
        (grant = { action: need.action, resources: new Set(), needs: [], ...(conditions ? { conditions } : {}) }),
      );
    for (const resource of need.resources.length > 0 ? need.resources : ['*']) grant.resources.add(resource);
    grant.needs.push(need);
  }

  const groups = new Map<
    string,
    {
      resources: string[];
      conditions?: ConditionBlock;
      grants: ActionGrant[];
      anyResource?: 'no-resource-type' | 'run-time';
    }
  >();
  for (const grant of byAction.values()) {
    const resources = narrowestCover([...grant.resources]);
    const anyResource =
      resources.length === 1 && resources[0] === '*'
        ? hasNoResourceType(grant.action)
          ? 'no-resource-type'
          : 'run-time'
        : undefined;
    const key = `${resources.join('\u0001')}\u0000${grant.conditions ? JSON.stringify(grant.conditions) : ''}\u0000${anyResource ?? ''}`;
    let group = groups.get(key);
    if (!group)
      groups.set(
        key,
        (group = {
          resources,
          grants: [],
          ...(grant.conditions ? { conditions: grant.conditions } : {}),
          ...(anyResource ? { anyResource } : {}),
        }),
      );
    group.grants.push(grant);
  }

  const statements = [...groups.values()].map((group) => {
    const grants = [...group.grants].sort((a, b) => compareText(a.action, b.action));
    const actions = [...new Set(grants.map((grant) => grant.action))];
    const comments = group.anyResource
      ? grants.map((grant) => anyResourceComment(grant, group.anyResource as 'no-resource-type' | 'run-time'))
      : [];
    return {
      Sid: baseSid(actions, group.resources, group.conditions, group.anyResource),
      actions,
      resources: group.resources,
      ...(group.conditions ? { conditions: group.conditions } : {}),
      comments,
    };
  });
  statements.sort(
    (a, b) =>
      Number(a.resources[0] === '*') - Number(b.resources[0] === '*') ||
      compareText(a.Sid, b.Sid) ||
      compareText(a.actions.join(','), b.actions.join(',')) ||
      compareText(a.resources.join(','), b.resources.join(',')),
  );
  uniqueSids(statements);
  return { statements, granted, leftOut };
}

function leaveOutReason(need: PermissionNeed, options: IdentityStatementOptions): string | undefined {
  if (need.action === '*')
    return `step ${need.step} calls an AWS API that is only known at run time (${describeNeed(need)}); a policy cannot grant "*" safely — list the calls it makes, or grant them by hand`;
  if (need.action.includes('*') && !options.allowDynamic)
    return `step ${need.step} calls a ${need.action.split(':')[0]} API chosen at run time (${describeNeed(need)}); "${need.action}" is not granted — add the actions it really calls, or pass --allow-dynamic to grant ${need.action}`;
  // iam:PassRole without iam:PassedToService would let the role hand the passed role to any service
  // (IAM User Guide, "Granting a user permissions to pass a role to an AWS service").
  if (
    need.action.toLowerCase() === 'iam:passrole' &&
    !need.conditions?.StringEquals?.['iam:PassedToService'] &&
    !need.conditions?.StringLike?.['iam:PassedToService']
  ) {
    return `step ${need.step} passes a role to a service runbook-iam cannot tell (${describeNeed(need)}); iam:PassRole is only granted with an iam:PassedToService condition — add a statement for it with the service that receives the role`;
  }
  return undefined;
}

function normaliseConditions(conditions: ConditionBlock): ConditionBlock {
  const sorted: ConditionBlock = {};
  for (const operator of Object.keys(conditions).sort()) {
    const keys = conditions[operator] ?? {};
    sorted[operator] = {};
    for (const key of Object.keys(keys).sort())
      (sorted[operator] as Record<string, string[]>)[key] = [...new Set(keys[key] ?? [])].sort();
  }
  return sorted;
}

function hasNoResourceType(action: string): boolean {
  const info = iamActionInfo(action);
  return info !== undefined && info.resourceTypes.length === 0;
}

function anyResourceComment(grant: ActionGrant, kind: 'no-resource-type' | 'run-time'): string {
  if (kind === 'no-resource-type')
    return `${grant.action}: IAM has no resource type for this action, so only "*" works.`;
  const steps = [...new Set(grant.needs.map((need) => need.step))].sort(compareText);
  const service = grant.action.endsWith(':*') ? ' (granted by --allow-dynamic: the API is chosen at run time)' : '';
  return `${grant.action}: the resource is only known at run time (step${steps.length === 1 ? '' : 's'} ${steps.join(', ')})${service}.`;
}

/** Drops duplicates and ARNs that a wildcard ARN of the list covers; `*` covers everything. */
export function narrowestCover(resources: string[]): string[] {
  const unique = [...new Set(resources)];
  if (unique.includes('*')) return ['*'];
  // Only a pattern with a wildcard covers another string: compare against those alone (a few, usually), not all.
  const wildcards = unique.filter((resource) => resource.includes('*') || resource.includes('?'));
  return unique
    .filter((resource) => !wildcards.some((other) => other !== resource && globCovers(other, resource)))
    .sort(compareText);
}

/** Whether the IAM wildcard pattern `pattern` matches every string `candidate` (itself possibly with wildcards) matches. */
export function globCovers(pattern: string, candidate: string): boolean {
  return wildcardMatch(pattern, candidate, { textHasWildcards: true });
}

function baseSid(
  actions: string[],
  resources: string[],
  conditions: ConditionBlock | undefined,
  anyResource: string | undefined,
): string {
  const services = [...new Set(actions.map((action) => pascal(action.split(':')[0] ?? 'Any')))].join('');
  if (conditions && actions.every((action) => action.toLowerCase() === 'iam:passrole'))
    return `${services}PassRole${passedTo(conditions)}`;
  if (anyResource === 'no-resource-type') return `${services}NoResourceType`;
  if (anyResource === 'run-time') return `${services}ResourceKnownAtRunTime${conditions ? passedTo(conditions) : ''}`;
  const types = [...new Set(resources.map(resourceTypeOf))].join('');
  return `${services}${types}${conditions ? passedTo(conditions) : ''}`.slice(0, 100);
}

function passedTo(conditions: ConditionBlock): string {
  const services = Object.values(conditions).flatMap((keys) => keys['iam:PassedToService'] ?? []);
  if (services.length > 0) return `To${services.map((service) => pascal(service.split('.')[0] ?? '')).join('')}`;
  const via = Object.values(conditions).flatMap((keys) => keys['kms:ViaService'] ?? []);
  if (via.length > 0) return `Via${via.map((service) => pascal(service.split('.')[0] ?? '')).join('')}`;
  return 'Conditional';
}

/** `arn:…:instance-profile/TempProfile-*` → `InstanceProfile`; an ARN without a type part → `Resource`. */
function resourceTypeOf(arn: string): string {
  const rest = arn.split(':').slice(5).join(':');
  const cut = rest.search(/[/:]/);
  return cut > 0 ? pascal(rest.slice(0, cut)) : 'Resource';
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function uniqueSids(statements: GeneratedStatement[]): void {
  const seen = new Map<string, number>();
  for (const statement of statements) {
    const count = (seen.get(statement.Sid) ?? 0) + 1;
    seen.set(statement.Sid, count);
    if (count > 1) statement.Sid = `${statement.Sid}${count}`;
  }
}

export function compareText(a: string, b: string): number {
  // Code-unit order, case-insensitive first: the same on every machine, unlike localeCompare.
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
