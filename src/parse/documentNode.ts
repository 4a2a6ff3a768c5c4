import type { SourceRange } from './sourceRange.js';

/** How a scalar was written; block styles matter for mapping lines inside a script back to the file. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

interface NodeBase {
  range: SourceRange;
  /** Character offsets [start, end) of the node in its file's text. */
  offset: [number, number];
  /** A YAML tag such as CloudFormation's `!Ref`, `!Sub`, `!GetAtt` (kept, never an error). */
  tag?: string;
}

export interface MapEntry {
  key: string;
  keyRange: SourceRange;
  value: DocNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: MapEntry[];
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: DocNode[];
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  style: ScalarStyle;
}

export type DocNode = MapNode | SeqNode | ScalarNode;

export function entryOf(node: DocNode | undefined, key: string): MapEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  return node.entries.find((entry) => entry.key === key);
}

export function childOf(node: DocNode | undefined, key: string): DocNode | undefined {
  return entryOf(node, key)?.value;
}

export function stringOf(node: DocNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

export function scalarOf(node: DocNode | undefined): string | number | boolean | null | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

/**
 * The plain JavaScript value of a node. Objects have no prototype, so a `__proto__` key in a runbook is an
 * ordinary property and can never reach Object.prototype. Tagged values become `{ "!Tag": value }`.
 */
export function valueOf(node: DocNode): unknown {
  let value: unknown;
  if (node.kind === 'scalar') value = node.value;
  else if (node.kind === 'seq') value = node.items.map(valueOf);
  else {
    const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const entry of node.entries) object[entry.key] = valueOf(entry.value);
    value = object;
  }
  if (node.tag === undefined) return value;
  const tagged: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  tagged[node.tag] = value;
  return tagged;
}

/** Every node in the tree, depth first, parents before children. */
export function* walkNodes(node: DocNode): Generator<DocNode> {
  const stack: DocNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as DocNode;
    yield current;
    if (current.kind === 'map')
      for (let i = current.entries.length - 1; i >= 0; i--) stack.push(current.entries[i]!.value);
    else if (current.kind === 'seq') for (let i = current.items.length - 1; i >= 0; i--) stack.push(current.items[i]!);
  }
}
