// Resources an operation names through inputs the action map does not link to a resource type: an input whose name
// says which ARN variable it fills (rds DescribeDBInstances DBInstanceIdentifier → `db:${DbInstanceName}`), and EC2
// resource ids whose prefix says their type (ec2 CreateTags `Resources: ['{{ InstanceId }}']`, aws:createTags
// ResourceIds). EC2 ids start with a prefix per resource type (Amazon EC2 API Reference, "Resource IDs",
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html).
import type { Runbook, Step } from '../model/runbook.js';
import type { DocNode } from '../parse/documentNode.js';
import type { IamResourceTypeRef } from './actionMapTypes.js';
import type { Confidence, ResourceNote, ValueNote } from './permissionNeed.js';
import { resolveValues, weakest } from './resolveValues.js';

const EC2_ID_PREFIXES: Record<string, string> = {
  i: 'instance',
  vol: 'volume',
  snap: 'snapshot',
  ami: 'image',
  sg: 'security-group',
  subnet: 'subnet',
  vpc: 'vpc',
  eni: 'network-interface',
  igw: 'internet-gateway',
  rtb: 'route-table',
  acl: 'network-acl',
  nat: 'natgateway',
  eipalloc: 'elastic-ip',
  lt: 'launch-template',
  pcx: 'vpc-peering-connection',
  vpce: 'vpc-endpoint',
  tgw: 'transit-gateway',
  dopt: 'dhcp-options',
  key: 'key-pair',
};

export interface NamedResources {
  resources: string[];
  resourceConfidence: Confidence;
  resourceNote?: ResourceNote;
}

/** The ARNs the step's inputs name for the action's resource types, or undefined when no input names one. */
export function resourcesNamedByInputs(
  runbook: Runbook,
  step: Step,
  resourceTypes: readonly IamResourceTypeRef[],
): NamedResources | undefined {
  const arns = new Set<string>();
  const levels: Confidence[] = [];
  const inputs: { input: string; values: ValueNote[] }[] = [];
  for (const entry of step.inputs?.entries ?? []) {
    const nodes = entry.value.kind === 'seq' ? entry.value.items : [entry.value];
    for (const node of nodes) {
      if (node.kind !== 'scalar' || node.value === null) continue;
      const type = typeOfValue(runbook, entry.key, String(node.value), resourceTypes);
      if (!type) continue;
      const resolved = resolveValues(node as DocNode, runbook);
      for (const value of resolved.values) arns.add(arnOf(type.template, type.variable, value));
      levels.push(resolved.confidence);
      if (resolved.notes.length > 0) inputs.push({ input: entry.key, values: resolved.notes });
    }
  }
  if (arns.size === 0) return undefined;
  return {
    resources: arns.has('*') ? ['*'] : [...arns].sort(),
    resourceConfidence: weakest(levels),
    ...(inputs.length > 0 ? { resourceNote: { kind: 'inputs' as const, inputs } } : {}),
  };
}

interface NamedType {
  name: string;
  template: string;
  variable: string;
}

function typeOfValue(
  runbook: Runbook,
  inputName: string,
  text: string,
  resourceTypes: readonly IamResourceTypeRef[],
): NamedType | undefined {
  const reference = /^\{\{\s*([\w.-]+)\s*\}\}$/.exec(text.trim())?.[1];
  const parameter = reference ? runbook.parameters.find((candidate) => candidate.name === reference) : undefined;
  // The id's own prefix, or that of the parameter's default or allowedPattern (`^i-[a-z0-9]{8,17}$`).
  const samples = [
    reference ? undefined : text,
    typeof parameter?.default === 'string' ? parameter.default : undefined,
    parameter?.allowedPattern?.value.replace(/^\^/, ''),
  ];
  for (const sample of samples) {
    const prefix = sample === undefined ? undefined : /^([a-z]+)-/.exec(sample)?.[1];
    const typeName = prefix === undefined ? undefined : EC2_ID_PREFIXES[prefix];
    const found = typeName ? byName(resourceTypes, typeName) : undefined;
    if (found) return found;
  }
  // The input's or the parameter's name is the ARN variable's (InstanceId, DBInstanceIdentifier ~ DbInstanceName), or
  // ends with it (DBSnapshotIdentifier ~ SnapshotName), or names its cluster (DBClusterIdentifier ~ DbClusterInstanceName).
  // A step output (`{{ CreateImage.ImageId }}`) is named by its last part.
  const candidates = candidatesOf(resourceTypes);
  const matchers: ((name: string, variable: string) => boolean)[] = [
    (name, variable) => name === variable,
    (name, variable) => variable === `${name}instance`,
    (name, variable) => variable.length >= 6 && name.endsWith(variable),
  ];
  for (const matches of matchers) {
    for (const name of [inputName, reference?.split('.').at(-1)]) {
      if (name === undefined || stem(name).length < 3) continue;
      const found = candidates.find((candidate) => matches(stem(name), candidate.stem));
      if (found) return { name: found.name, template: found.template, variable: found.variable };
    }
  }
  return undefined;
}

interface Candidate extends NamedType {
  stem: string;
}

/** The resource types whose ARN has one variable besides partition, Region and account: once per action's list. */
const candidateCache = new WeakMap<readonly IamResourceTypeRef[], Candidate[]>();
function candidatesOf(resourceTypes: readonly IamResourceTypeRef[]): Candidate[] {
  let candidates = candidateCache.get(resourceTypes);
  if (!candidates) {
    candidates = resourceTypes.flatMap((type) => {
      const template = type.arnTemplates[0];
      const variables = [...(template?.matchAll(/\$\{(\w+)\}/g) ?? [])]
        .map((match) => match[1] as string)
        .filter((variable) => !['Partition', 'Region', 'Account'].includes(variable));
      return template && variables.length === 1
        ? [{ name: type.name, template, variable: variables[0] as string, stem: stem(variables[0] as string) }]
        : [];
    });
    candidateCache.set(resourceTypes, candidates);
  }
  return candidates;
}

function byName(resourceTypes: readonly IamResourceTypeRef[], name: string): NamedType | undefined {
  const type = resourceTypes.find((candidate) => candidate.name === name);
  const template = type?.arnTemplates[0];
  const variable = template ? /\$\{(?!Partition\}|Region\}|Account\})(\w+)\}/.exec(template)?.[1] : undefined;
  return type && template && variable ? { name, template, variable } : undefined;
}

/** `DBInstanceIdentifier`, `DbInstanceName`, `db_instance_id` → `dbinstance`. */
function stem(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/(identifier|name|id)$/, '');
}

function arnOf(template: string, variable: string, value: string): string {
  // A whole ARN is the resource; an allowedPattern's prefix (`arn:*`) says no more than the ARN format does.
  if (value.startsWith('arn:') && value.split(':').length >= 6) return value;
  if (value.startsWith('arn:')) value = '*';
  return template
    .replace(`\${${variable}}`, value)
    .replace(/\$\{(?!Partition\}|Region\}|Account\})[A-Za-z0-9]+\}/g, '*')
    .replace(/\*+/g, '*');
}
