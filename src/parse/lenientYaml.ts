import { CORE_SCHEMA, load, Type } from 'js-yaml';
import type { LoadOptions, State } from 'js-yaml';
import type { DocNode, MapEntry, ScalarStyle } from './documentNode.js';
import { LimitExceeded, nestingMessage } from './parseLimits.js';
import type { ParseLimits } from './parseLimits.js';
import type { SourceText } from './sourceText.js';
import { uniqueEntries } from './uniqueEntries.js';

/** A node as js-yaml composed it: its open and close offsets, and the nodes composed inside it. */
interface ComposedNode {
  open: number;
  close: number;
  kind: string | null;
  tag: string | null;
  result: unknown;
  children: ComposedNode[];
}

/** A value written with a local tag (`!Ref`, `!Sub`, CloudFormation's short forms): kept, as the primary parser keeps it. */
class TaggedValue {
  constructor(
    readonly tag: string,
    readonly data: unknown,
  ) {}
}

const LOCAL_TAGS = (['scalar', 'sequence', 'mapping'] as const).map(
  (kind) =>
    new Type('!', { kind, multi: true, construct: (data: unknown, tag?: string) => new TaggedValue(tag ?? '!', data) }),
);
/** YAML 1.2 core types only, as the primary parser resolves them: no timestamps, no `<<` merge keys. */
const SCHEMA = CORE_SCHEMA.extend(LOCAL_TAGS);

/**
 * Reads a YAML document with js-yaml, which accepts what YAML 1.1 parsers such as PyYAML accept (flow collections
 * indented less than their key, multi-line quoted scalars continued at column 1), and rebuilds the DocNode tree
 * with source ranges from js-yaml's open/close events. Throws js-yaml's error when it rejects the text too, and
 * LimitExceeded for nesting and alias expansion past the limits.
 */
export function loadLenientYaml(
  source: SourceText,
  limits: ParseLimits,
  onDuplicate: (earlier: MapEntry, later: MapEntry) => void,
): DocNode {
  const top: ComposedNode = { open: 0, close: 0, kind: null, tag: null, result: undefined, children: [] };
  const stack: ComposedNode[] = [top];
  const options: LoadOptions & { maxDepth: number } = {
    schema: SCHEMA,
    // Duplicate keys are reported as findings by the caller, not rejected (see docs/rules/duplicate-key.md).
    json: true,
    maxDepth: limits.maxDepth * 2 + 2,
    listener(event: 'open' | 'close', state: State) {
      if (event === 'open') {
        stack.push({ open: state.position, close: -1, kind: null, tag: null, result: undefined, children: [] });
        return;
      }
      const node = stack.pop() as ComposedNode;
      node.close = state.position;
      node.kind = state.kind;
      node.tag = (state as State & { tag: string | null }).tag;
      node.result = state.result;
      (stack[stack.length - 1] as ComposedNode).children.push(node);
    },
  };
  load(source.text, options);
  const root = top.children[top.children.length - 1];
  if (!root) throw new Error('js-yaml composed no document');
  return new TreeBuilder(source, limits, onDuplicate).build(root, 0);
}

class TreeBuilder {
  private aliasNodes = 0;
  /** The node built for each composed collection, by identity, so that an alias can be expanded from it. */
  private readonly built = new Map<object, DocNode>();

  constructor(
    private readonly source: SourceText,
    private readonly limits: ParseLimits,
    private readonly onDuplicate: (earlier: MapEntry, later: MapEntry) => void,
  ) {}

  build(composed: ComposedNode, depth: number): DocNode {
    const node = this.innermost(composed);
    if (depth > this.limits.maxDepth) throw new LimitExceeded(nestingMessage(this.limits.maxDepth), node.open);
    const text = this.source.text;
    const start = afterProperties(text, this.contentStart(node.open));
    const tag = node.tag?.startsWith('!') === true && node.tag.length > 1 ? node.tag : undefined;
    const value = node.result instanceof TaggedValue ? node.result.data : node.result;
    if (text[start] === '*' && node.children.length === 0) return this.alias(value, start, node.close, depth);
    const end = this.contentEnd(start, node.close, text[start] === '|' || text[start] === '>');
    const base = {
      offset: [start, end] as [number, number],
      range: this.source.range(start, end),
      ...(tag ? { tag } : {}),
    };
    let built: DocNode;
    if (node.kind === 'mapping') {
      const entries: MapEntry[] = [];
      for (let i = 0; i < node.children.length; i++) {
        const keyNode = this.build(node.children[i] as ComposedNode, depth + 1);
        // A key with no `:` after it (`{a, b: 1}`) has no value node: its value is null, right after the key.
        const next = node.children[i + 1];
        const valueNode =
          next && this.source.text[this.contentStart(keyNode.offset[1])] === ':'
            ? this.build(node.children[++i] as ComposedNode, depth + 1)
            : this.nullAt(keyNode.offset[1]);
        entries.push({ key: keyText(keyNode), keyRange: keyNode.range, value: valueNode });
      }
      built = { kind: 'map', entries: uniqueEntries(entries, this.onDuplicate), ...base };
    } else if (node.kind === 'sequence') {
      built = { kind: 'seq', items: node.children.map((child) => this.build(child, depth + 1)), ...base };
    } else if (node.kind === 'scalar') {
      built = { kind: 'scalar', value: scalarValue(value), style: scalarStyle(text[start]), ...base };
    } else {
      // An empty node (`key:` with nothing after it) is a null at the place it would have been.
      return this.nullAt(node.open);
    }
    for (const result of [node.result, value])
      if (result !== null && typeof result === 'object') this.built.set(result, built);
    return built;
  }

  private nullAt(offset: number): DocNode {
    return {
      kind: 'scalar',
      value: null,
      style: 'plain',
      offset: [offset, offset],
      range: this.source.range(offset, offset),
    };
  }

  /** js-yaml may compose one node in two nested calls (a sequence entry, a node with a tag or anchor): the innermost holds the content. */
  private innermost(node: ComposedNode): ComposedNode {
    let current = node;
    while (current.children.length === 1) {
      const only = current.children[0] as ComposedNode;
      if (!Object.is(only.result, current.result) || this.contentStart(only.open) < this.contentStart(current.open))
        break;
      if (this.source.text[this.contentStart(only.open)] === '*') break;
      current = { ...only, tag: only.tag ?? current.tag };
    }
    return current;
  }

  /** An alias (`*name`): the anchored node again, every part of it located at the alias, counted against alias bombs. */
  private alias(value: unknown, start: number, close: number, depth: number): DocNode {
    const end = this.contentEnd(start, close, false);
    const target = value !== null && typeof value === 'object' ? this.built.get(value) : undefined;
    if (value !== null && typeof value === 'object' && !target)
      throw new LimitExceeded('A YAML alias refers to the node that contains it; write the value out instead.', start);
    if (!target)
      return {
        kind: 'scalar',
        value: scalarValue(value),
        style: 'plain',
        offset: [start, end],
        range: this.source.range(start, end),
      };
    return this.relocate(target, [start, end], depth);
  }

  private relocate(node: DocNode, offset: [number, number], depth: number): DocNode {
    if (depth > this.limits.maxDepth) throw new LimitExceeded(nestingMessage(this.limits.maxDepth), offset[0]);
    if (++this.aliasNodes > this.limits.maxAliasNodes) {
      throw new LimitExceeded(
        `YAML aliases expand to more than ${this.limits.maxAliasNodes} nodes (an alias bomb); expand the anchors by hand if this is intended.`,
        offset[0],
      );
    }
    const base = { offset, range: this.source.range(offset[0], offset[1]), ...(node.tag ? { tag: node.tag } : {}) };
    if (node.kind === 'scalar') return { ...node, ...base };
    if (node.kind === 'seq')
      return { kind: 'seq', items: node.items.map((item) => this.relocate(item, offset, depth + 1)), ...base };
    return {
      kind: 'map',
      entries: node.entries.map((entry) => ({
        key: entry.key,
        keyRange: base.range,
        value: this.relocate(entry.value, offset, depth + 1),
      })),
      ...base,
    };
  }

  /** The first character of a node's content: js-yaml opens a node before the spaces, line breaks and comments ahead of it. */
  private contentStart(offset: number): number {
    const text = this.source.text;
    let at = offset;
    while (at < text.length) {
      const char = text[at] as string;
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') at++;
      else if (char === '#' && (at === 0 || /\s/.test(text[at - 1] as string))) {
        while (at < text.length && text[at] !== '\n') at++;
      } else break;
    }
    return at;
  }

  /**
   * The end of a node's content: js-yaml closes a block collection after the line breaks (and comment lines) that
   * follow it. A block scalar keeps its final line break, so its range ends at the start of the next line, as the
   * primary parser's does.
   */
  private contentEnd(start: number, close: number, blockScalar: boolean): number {
    const text = this.source.text;
    let end = Math.max(start, close);
    for (;;) {
      while (end > start && /\s/.test(text[end - 1] as string)) end--;
      const lineStart = text.lastIndexOf('\n', end - 1) + 1;
      if (lineStart > start && text.slice(lineStart, end).trimStart().startsWith('#')) end = lineStart;
      else break;
    }
    if (blockScalar && text[end] === '\r') end++;
    if (blockScalar && text[end] === '\n') end++;
    return end;
  }
}

/** Skips a node's tag and anchor (`!Sub `, `&name `): the primary parser's range starts at the content after them. */
function afterProperties(text: string, start: number): number {
  let at = start;
  while (text[at] === '!' || text[at] === '&') {
    const property = /^[!&][^\s,[\]{}]*[ \t]*/.exec(text.slice(at, at + 1024));
    if (!property) break;
    at += property[0].length;
    while (text[at] === '\n' || text[at] === '\r' || text[at] === ' ' || text[at] === '\t') at++;
  }
  return at;
}

function keyText(key: DocNode): string {
  return key.kind === 'scalar' ? String(key.value) : JSON.stringify(key);
}

function scalarValue(value: unknown): string | number | boolean | null {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null)
    return value;
  return value === undefined ? null : String(value);
}

function scalarStyle(first: string | undefined): ScalarStyle {
  switch (first) {
    case "'":
      return 'single';
    case '"':
      return 'double';
    case '|':
      return 'literal';
    case '>':
      return 'folded';
    default:
      return 'plain';
  }
}
