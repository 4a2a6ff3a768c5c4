import type { DocNode, MapNode } from '../documentNode.js';
import { childOf, stringOf, walkNodes } from '../documentNode.js';

/**
 * The plain value of a CloudFormation node, with short-form tags written the long way, as CloudFormation's JSON
 * form has them: `!Ref X` → `{ Ref: X }`, `!GetAtt A.B` → `{ "Fn::GetAtt": ["A", "B"] }`, `!Sub s` →
 * `{ "Fn::Sub": s }` (CloudFormation template reference, "Intrinsic function reference"). Objects have no prototype.
 */
export function cloudFormationValue(node: DocNode): unknown {
  let value: unknown;
  if (node.kind === 'scalar') value = node.value;
  else if (node.kind === 'seq') value = node.items.map(cloudFormationValue);
  else {
    const object = Object.create(null) as Record<string, unknown>;
    for (const entry of node.entries) object[entry.key] = cloudFormationValue(entry.value);
    value = object;
  }
  if (node.tag === undefined || !node.tag.startsWith('!')) return value;
  const name = node.tag.slice(1);
  const wrapped = Object.create(null) as Record<string, unknown>;
  if (name === 'Ref') wrapped.Ref = value;
  else if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    wrapped['Fn::GetAtt'] = dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
  } else wrapped[`Fn::${name}`] = value;
  return wrapped;
}

/** The resource map's entries: logical id → resource definition. */
export function resourcesOf(root: DocNode): Map<string, MapNode> {
  const resources = new Map<string, MapNode>();
  const node = childOf(root, 'Resources');
  if (node?.kind !== 'map') return resources;
  for (const entry of node.entries) if (entry.value.kind === 'map') resources.set(entry.key, entry.value);
  return resources;
}

export function resourceType(resource: DocNode): string | undefined {
  return stringOf(childOf(resource, 'Type'));
}

/** A node written as `!Sub`, `Fn::Sub`, with a string or `[string, variables]`: the template string. */
export function subTemplate(node: DocNode): string | undefined {
  if (node.tag === '!Sub') return node.kind === 'seq' ? stringOf(node.items[0]) : stringOf(node);
  const long = node.kind === 'map' && node.entries.length === 1 ? childOf(node, 'Fn::Sub') : undefined;
  if (!long) return undefined;
  return long.kind === 'seq' ? stringOf(long.items[0]) : stringOf(long);
}

/** `!Ref X` / `{ Ref: X }`: X. */
export function refTarget(node: DocNode): string | undefined {
  if (node.tag === '!Ref') return stringOf(node);
  if (node.kind === 'map' && node.entries.length === 1) return stringOf(childOf(node, 'Ref'));
  return undefined;
}

/** `!GetAtt X.Arn` / `{ "Fn::GetAtt": [X, Arn] }`: [X, Arn]. */
export function getAttTarget(node: DocNode): [string, string] | undefined {
  let value: DocNode | undefined;
  if (node.tag === '!GetAtt') value = node;
  else if (node.kind === 'map' && node.entries.length === 1) value = childOf(node, 'Fn::GetAtt');
  if (!value) return undefined;
  if (value.kind === 'scalar' && typeof value.value === 'string') {
    const dot = value.value.indexOf('.');
    return dot === -1 ? undefined : [value.value.slice(0, dot), value.value.slice(dot + 1)];
  }
  if (value.kind === 'seq') {
    const [id, attribute] = value.items.map(stringOf);
    return id && attribute ? [id, attribute] : undefined;
  }
  return undefined;
}

/** Logical ids that a value refers to: `!Ref`, `!GetAtt`, and `${X}` / `${X.Attr}` inside `!Sub`, anywhere inside it. */
export function referencedIds(node: DocNode): { id: string; attribute?: string; how: string }[] {
  const found: { id: string; attribute?: string; how: string }[] = [];
  for (const inner of walkNodes(node)) {
    const ref = refTarget(inner);
    if (ref) found.push({ id: ref, how: `!Ref ${ref}` });
    const getAtt = getAttTarget(inner);
    if (getAtt) found.push({ id: getAtt[0], attribute: getAtt[1], how: `!GetAtt ${getAtt[0]}.${getAtt[1]}` });
    const sub = subTemplate(inner);
    if (sub) {
      for (const match of sub.matchAll(/\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}/g)) {
        const [, id, attribute] = match as unknown as [string, string, string | undefined];
        found.push({
          id,
          ...(attribute === undefined ? {} : { attribute }),
          how: `!Sub "${sub.length > 80 ? `${sub.slice(0, 77)}...` : sub}"`,
        });
      }
    }
  }
  return found;
}
