import { createRule, stepLabel } from '../src/analysis/ruleKit.js';
import type { ControlFlowGraph, DocNode, Step, StepPermissions } from '../src/analysis/ruleKit.js';

interface Grant {
  kind: string;
  creates: string[];
  removes: string[];
}

/**
 * What a runbook can create that grants privileges, and the actions that take it away again: a runbook that grants an
 * instance temporary permissions removes them before it ends
 * (https://aws.amazon.com/blogs/mt/providing-temporary-instance-permissions-with-aws-systems-manager-automations/).
 */
const GRANTS: Grant[] = [
  { kind: 'an IAM role', creates: ['iam:CreateRole'], removes: ['iam:DeleteRole'] },
  {
    kind: 'a managed policy attachment',
    creates: ['iam:AttachRolePolicy'],
    removes: ['iam:DetachRolePolicy', 'iam:DeleteRole'],
  },
  {
    kind: 'an inline role policy',
    creates: ['iam:PutRolePolicy'],
    removes: ['iam:DeleteRolePolicy', 'iam:DeleteRole'],
  },
  { kind: 'an instance profile', creates: ['iam:CreateInstanceProfile'], removes: ['iam:DeleteInstanceProfile'] },
  {
    kind: 'a role in an instance profile',
    creates: ['iam:AddRoleToInstanceProfile'],
    removes: ['iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
  },
  {
    kind: 'an instance profile association',
    creates: ['ec2:AssociateIamInstanceProfile', 'ec2:ReplaceIamInstanceProfileAssociation'],
    removes: ['ec2:DisassociateIamInstanceProfile', 'ec2:ReplaceIamInstanceProfileAssociation'],
  },
  { kind: 'an access key', creates: ['iam:CreateAccessKey'], removes: ['iam:DeleteAccessKey'] },
  { kind: 'an IAM user', creates: ['iam:CreateUser'], removes: ['iam:DeleteUser'] },
];

const normalEdges = new Set(['next', 'nextStep', 'choice', 'default', 'loopBody']);

// Values that differ on every run (Automation system variables,
// https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html): a grant named with one is
// new on every run, so it is temporary by construction and each run that does not remove it leaves one more behind.
const PER_EXECUTION = /\{\{\s*(automation:EXECUTION_ID|global:DATE_TIME)\s*\}\}/;

/** The per-execution value in a name the step gives what it creates (RoleName, InstanceProfileName, Name, …). */
function perExecutionName(node: DocNode | undefined, key = ''): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar')
    return /Name$/i.test(key) && typeof node.value === 'string' ? PER_EXECUTION.exec(node.value)?.[0] : undefined;
  const children =
    node.kind === 'seq'
      ? node.items.map((item) => [key, item] as const)
      : node.entries.map((entry) => [entry.key, entry.value] as const);
  for (const [childKey, child] of children) {
    const found = perExecutionName(child, childKey);
    if (found) return found;
  }
  return undefined;
}

/**
 * The actions a step calls for itself. The handler actions of a stack's resources (a stack step without a RoleARN)
 * are left out: what a template creates lives and goes with its stack, which a runbook deploys or updates to keep.
 */
function actionsOf(step: StepPermissions | undefined): Set<string> {
  return new Set(
    (step?.needs ?? [])
      .filter((need) => need.confidence !== 'unknown' && need.origin.kind !== 'stack-resource')
      .map((need) => need.action),
  );
}

/** How the run leaves `step` other than by its normal successors, if that ends the run (onFailure/onCancel Abort). */
function abortsOnFailure(step: Step): boolean {
  // onFailure defaults to Abort (Automation step properties); an aws:branch only routes and does not fail on its own.
  if (step.action === 'aws:branch') return false;
  return step.onFailure === undefined || step.onFailure.kind === 'Abort';
}

/**
 * The first path (breadth first) from just after `start` succeeds to an end of the run that passes no step in
 * `removers`, described for a message; undefined when every path removes the grant.
 */
function leakingPath(
  graph: ControlFlowGraph,
  start: number,
  removers: Set<number>,
  removerName: string,
  reach?: LeakReach,
): string | undefined {
  // A leak on the way every step succeeds is the worse one: report it first.
  return (
    leakingPathVia(graph, start, removers, removerName, false, reach?.normal) ??
    leakingPathVia(graph, start, removers, removerName, true, reach?.withFailures)
  );
}

interface LeakReach {
  normal: Set<number>;
  withFailures: Set<number>;
}

/**
 * The steps from which a leak is reachable without passing `removers` (once per grant, walking the graph backwards),
 * so that a step whose paths all pass a remover is settled without a search: thousands of create steps then cost
 * one walk, not one each.
 */
function leakReach(graph: ControlFlowGraph, removers: Set<number>): LeakReach {
  const reach = (failures: boolean): Set<number> => {
    const follows = (kind: string): boolean =>
      normalEdges.has(kind) || (failures && (kind === 'onFailure' || kind === 'onCancel'));
    const predecessors = new Map<number, number[]>();
    const reached = new Set<number>();
    const queue: number[] = [];
    graph.steps.forEach((step, index) => {
      const edges = graph.successors(index);
      for (const edge of edges) {
        if (edge.to === undefined || !follows(edge.kind)) continue;
        const list = predecessors.get(edge.to);
        if (list) list.push(index);
        else predecessors.set(edge.to, [index]);
      }
      const leaks = (failures && abortsOnFailure(step)) || !edges.some((edge) => normalEdges.has(edge.kind));
      if (leaks && !removers.has(index)) {
        reached.add(index);
        queue.push(index);
      }
    });
    while (queue.length > 0) {
      for (const before of predecessors.get(queue.pop() as number) ?? []) {
        if (removers.has(before) || reached.has(before)) continue;
        reached.add(before);
        queue.push(before);
      }
    }
    return reached;
  };
  return { normal: reach(false), withFailures: reach(true) };
}

function leakingPathVia(
  graph: ControlFlowGraph,
  start: number,
  removers: Set<number>,
  removerName: string,
  failures: boolean,
  reach?: Set<number>,
): string | undefined {
  const queue: number[] = [];
  const seen = new Set<number>();
  const enqueue = (index: number | undefined): void => {
    if (index === undefined || seen.has(index)) return;
    seen.add(index);
    queue.push(index);
  };
  const startSteps = graph.successors(start).filter((edge) => normalEdges.has(edge.kind));
  const first = graph.steps[start] as Step;
  if (startSteps.length === 0)
    return `the run ends after ${stepLabel(first)}${first.isEnd ? ' (isEnd: true)' : ''} before ${removerName}`;
  if (reach && !startSteps.some((edge) => edge.to !== undefined && !removers.has(edge.to) && reach.has(edge.to)))
    return undefined;
  for (const edge of startSteps) enqueue(edge.to);
  while (queue.length > 0) {
    const index = queue.shift() as number;
    if (removers.has(index)) continue;
    const step = graph.steps[index] as Step;
    const edges = graph.successors(index);
    const normal = edges.filter((edge) => normalEdges.has(edge.kind));
    if (failures && abortsOnFailure(step))
      return `if ${stepLabel(step)} fails (onFailure ${step.onFailure?.raw ?? 'Abort'}), the run ends before ${removerName}`;
    if (normal.length === 0)
      return `the run ends after ${stepLabel(step)}${step.isEnd ? ' (isEnd: true)' : ''} before ${removerName}`;
    for (const edge of edges) {
      if (normalEdges.has(edge.kind) || (failures && (edge.kind === 'onFailure' || edge.kind === 'onCancel')))
        enqueue(edge.to);
    }
  }
  return undefined;
}

export const temporaryPrivilegeNotRevoked = createRule({
  meta: {
    id: 'temporary-privilege-not-revoked',
    shortDescription:
      'A role, policy, instance profile association or access key the runbook creates is not removed on every path.',
    fullDescription:
      'A runbook that grants privileges for a while (creates a role, attaches or writes a policy, adds a role to an instance profile, associates an instance profile, creates an access key or user) must take them away on every path through the run: after success, and when any later step fails or is cancelled. A step fails with onFailure Abort by default, which ends the run at once; every step between the grant and its cleanup needs onFailure: step:<cleanup> (the pattern of the AWS blog on temporary instance permissions). A grant whose name holds a value that is new on every run ({{ automation:EXECUTION_ID }}, {{ global:DATE_TIME }}) is temporary by construction, so it is checked even in a runbook that removes nothing: each run that leaves it behind adds one more. The IAM resources a CloudFormation stack step creates belong to the stack and are not counted.',
    defaultSeverity: 'error',
    tags: ['security', 'reliability'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html#failProperties',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeAwsApi.html',
    ],
  },
  check({ runbook, steps, graph, permissions, report }) {
    const actions = runbook.steps.map((step) => actionsOf(permissions[step.index]));
    // Only a runbook that takes some grant away again, or names what it creates per execution, is about temporary
    // privileges; one that only creates under fixed names (a Config remediation that attaches a policy for good) means
    // to keep what it creates.
    const removesSomething = GRANTS.some((grant) =>
      actions.some((stepActions) =>
        grant.removes.some(
          (action) => action !== 'ec2:ReplaceIamInstanceProfileAssociation' && stepActions.has(action),
        ),
      ),
    );
    const perExecution = runbook.steps.map((step) => perExecutionName(step.inputs));
    if (!removesSomething && perExecution.every((name) => name === undefined)) return;
    for (const grant of GRANTS) {
      const removers = new Set(
        runbook.steps
          .filter((step) => grant.removes.some((action) => actions[step.index]?.has(action)))
          .map((step) => step.index),
      );
      let reach: LeakReach | undefined;
      const onlyCreatorIsReplace = !runbook.steps.some((step) =>
        grant.creates.some(
          (action) => action !== 'ec2:ReplaceIamInstanceProfileAssociation' && actions[step.index]?.has(action),
        ),
      );
      for (const step of steps) {
        const stepActions = actions[step.step.index] as Set<string>;
        const creates = grant.creates.filter((action) => stepActions.has(action));
        if (creates.length === 0) continue;
        const unique = perExecution[step.step.index];
        if (!removesSomething && unique === undefined) continue;
        // Replace… restores the original profile when an Associate… created the temporary one: then it is the cleanup.
        if (creates.every((action) => action === 'ec2:ReplaceIamInstanceProfileAssociation') && !onlyCreatorIsReplace)
          continue;
        // A step (a script) that both creates and removes handles its own cleanup.
        if (
          grant.removes.some(
            (action) => action !== 'ec2:ReplaceIamInstanceProfileAssociation' && stepActions.has(action),
          )
        )
          continue;
        const isRemover = removers.has(step.step.index);
        const otherRemovers = isRemover
          ? new Set([...removers].filter((index) => index !== step.step.index))
          : removers;
        // Name one remover and count the rest, so that a message stays one line however many steps there are.
        const firstIndex = otherRemovers.values().next();
        const firstRemover = firstIndex.done ? undefined : stepLabel(runbook.steps[firstIndex.value] as Step);
        const removerName =
          firstRemover === undefined
            ? `a step that calls ${grant.removes[0]}`
            : otherRemovers.size > 1
              ? `${firstRemover} (or ${otherRemovers.size - 1} more)`
              : firstRemover;
        const path =
          otherRemovers.size === 0
            ? 'no step removes it'
            : leakingPath(
                graph,
                step.step.index,
                otherRemovers,
                removerName,
                isRemover ? undefined : (reach ??= leakReach(graph, removers)),
              );
        if (!path) continue;
        report({
          step,
          message:
            unique !== undefined && otherRemovers.size === 0
              ? `Step ${step.label} creates ${grant.kind} named per run (${unique}) that no step removes.`
              : `Step ${step.label} creates ${grant.kind} that is not always removed: ${path}.`,
          key: grant.kind,
        });
      }
    }
  },
});
