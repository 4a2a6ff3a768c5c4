// Input and output shapes of API operations (action-map/shapes/, generated from the aws-sdk models by
// action-map/scripts/operationShapes.ts), with boto3's member names, expanded on first use.
import { shapesFileText } from './actionMap.js';
import type { ApiShape } from './actionMapTypes.js';

/** shapes/ as the generator stores it (action-map/scripts/operationShapes.ts). */
type StoredShapeRef = string | number;
type StoredShape =
  { s: Record<string, StoredShapeRef>; r?: string[] } | { l: StoredShapeRef } | { m: StoredShapeRef } | { e: string[] };
/** One client's shapes as stored, read lazily: an operation's refs and a shape by index. */
interface StoredClientShapes {
  operation(name: string): [StoredShapeRef | null, StoredShapeRef | null] | undefined;
  shape(index: number): StoredShape | undefined;
}

const storedByClient = new Map<string, StoredClientShapes | undefined>();

function storedShapes(client: string): StoredClientShapes | undefined {
  if (!storedByClient.has(client)) {
    const text = shapesFileText(client);
    storedByClient.set(client, text === undefined ? undefined : (byLine(text, client) ?? parsed(text, client)));
  }
  return storedByClient.get(client);
}

/**
 * The generator writes one operation and one shape per line (stringifyByLine, three levels deep): the client's
 * section is found by text and only the lines asked for are parsed. ec2's file is 250 KB, of which a runbook needs a
 * few dozen lines; parsing it whole costs more than the rest of a lint.
 */
function byLine(text: string, client: string): StoredClientShapes | undefined {
  const start = text.indexOf(`\n ${JSON.stringify(client)}:{\n  "operations":{\n`);
  const shapesHead = '\n  "shapes":[\n';
  const shapesStart = start < 0 ? -1 : text.indexOf(shapesHead, start);
  const shapesEnd = shapesStart < 0 ? -1 : text.indexOf('\n  ]', shapesStart + shapesHead.length - 1);
  if (shapesEnd < 0) return undefined;
  let lines: string[] | undefined;
  const parseLine = (line: string): unknown => JSON.parse(line.trim().replace(/,$/, ''));
  return {
    operation(name) {
      const key = `\n   ${JSON.stringify(name)}:`;
      const at = text.indexOf(key, start);
      if (at < 0 || at > shapesStart) return undefined;
      const end = text.indexOf('\n', at + 1);
      return parseLine(text.slice(at + key.length, end)) as [StoredShapeRef | null, StoredShapeRef | null];
    },
    shape(index) {
      lines ??= text.slice(shapesStart + shapesHead.length, shapesEnd).split('\n');
      const line = lines[index];
      return line === undefined ? undefined : (parseLine(line) as StoredShape);
    },
  };
}

/** Any other layout of the same JSON: parse the file whole. */
function parsed(text: string, client: string): StoredClientShapes | undefined {
  const entry = (
    JSON.parse(text) as Record<
      string,
      { operations: Record<string, [StoredShapeRef | null, StoredShapeRef | null]>; shapes: StoredShape[] }
    >
  )[client];
  if (!entry) return undefined;
  return {
    operation: (name) => (Object.hasOwn(entry.operations, name) ? entry.operations[name] : undefined),
    shape: (index) => entry.shapes[index],
  };
}

const PRIMITIVE_KINDS: Record<string, ApiShape> = {
  s: { kind: 'string' },
  i: { kind: 'integer' },
  n: { kind: 'number' },
  b: { kind: 'boolean' },
  t: { kind: 'timestamp' },
  B: { kind: 'blob' },
  a: { kind: 'any' },
};
const EMPTY_STRUCTURE: ApiShape = { kind: 'structure', members: {}, required: [] };
const expandedShapes = new Map<string, Map<number, ApiShape>>();

/** One client's shapes, expanded on demand; a recursive shape becomes a cyclic object graph. */
function shapeResolver(client: string, stored: StoredClientShapes): (ref: StoredShapeRef) => ApiShape {
  let done = expandedShapes.get(client);
  if (!done) {
    done = new Map();
    expandedShapes.set(client, done);
  }
  const cache = done;
  const resolve = (ref: StoredShapeRef): ApiShape => {
    if (typeof ref === 'string') return PRIMITIVE_KINDS[ref] ?? { kind: 'any' };
    const known = cache.get(ref);
    if (known) return known;
    const raw = stored.shape(ref);
    if (!raw) return { kind: 'any' };
    if ('e' in raw) {
      const enumerated: ApiShape = { kind: 'string', enum: raw.e };
      cache.set(ref, enumerated);
      return enumerated;
    }
    if ('l' in raw) {
      const list = { kind: 'list', member: { kind: 'any' } } as { kind: 'list'; member: ApiShape };
      cache.set(ref, list);
      list.member = resolve(raw.l);
      return list;
    }
    if ('m' in raw) {
      const map = { kind: 'map', value: { kind: 'any' } } as { kind: 'map'; value: ApiShape };
      cache.set(ref, map);
      map.value = resolve(raw.m);
      return map;
    }
    const structure: ApiShape = { kind: 'structure', members: {}, required: raw.r ?? [] };
    cache.set(ref, structure);
    for (const [name, child] of Object.entries(raw.s)) structure.members[name] = resolve(child);
    return structure;
  };
  return resolve;
}

/**
 * The input and output shapes of `client` / `operation` with boto3's member names (aws-sdk model); undefined when
 * the client or operation does not exist. An operation without input or output gets an empty structure.
 */
export function operationShapes(client: string, operation: string): { input: ApiShape; output: ApiShape } | undefined {
  const stored = storedShapes(client);
  const refs = stored?.operation(operation);
  if (!stored || !refs) return undefined;
  const resolve = shapeResolver(client, stored);
  return {
    input: refs[0] === null ? EMPTY_STRUCTURE : resolve(refs[0]),
    output: refs[1] === null ? EMPTY_STRUCTURE : resolve(refs[1]),
  };
}
