// Input and output shapes of every operation of one boto3 client, from its aws-sdk v2 model (apis/*.min.json), in
// the compact form stored in action-map/shapes/. boto3 takes and returns the model's member names (PascalCase), so
// these are the names aws:executeAwsApi inputs and Selectors use.
//
// A reference to a shape is a one-letter primitive or the index of a stored shape:
//   s string, i integer/long, n float/double, b boolean, t timestamp, B blob, a document (any JSON value)
//   { s: { Member: ref }, r: [required members] }  structure    { l: ref }  list    { m: ref }  map (string keys)
//   { e: [values] }  a string member with enum values (from the SDK's type declarations, see sdkEnums.ts)

import type { ModelEnums } from './sdkEnums.js';

export type ShapeRef = string | number;
export type StoredShape =
  { s: Record<string, ShapeRef>; r?: string[] } | { l: ShapeRef } | { m: ShapeRef } | { e: string[] };
export interface ClientShapes {
  /** Operation → [input, output]; null when the operation has none. */
  operations: Record<string, [ShapeRef | null, ShapeRef | null]>;
  shapes: StoredShape[];
}

interface ModelMember {
  shape?: string;
  type?: string;
  members?: Record<string, ModelMember>;
  member?: ModelMember;
  value?: ModelMember;
  required?: string[];
  document?: boolean;
}
interface ShapeModel {
  operations: Record<string, { input?: ModelMember; output?: ModelMember }>;
  shapes: Record<string, ModelMember>;
}

const PRIMITIVES: Record<string, string> = {
  string: 's',
  character: 's',
  integer: 'i',
  long: 'i',
  short: 'i',
  byte: 'i',
  float: 'n',
  double: 'n',
  bigdecimal: 'n',
  biginteger: 'i',
  boolean: 'b',
  timestamp: 't',
  blob: 'B',
};

export function operationShapes(model: ShapeModel, enums?: ModelEnums): ClientShapes {
  const shapes: StoredShape[] = [];
  const named = new Map<string, ShapeRef>();
  const enumShapes = new Map<string, number>();

  /** A member in a slot of a container (structure member, list item, map value), with its enum when it has one. */
  const encodeSlot = (container: ModelMember, slot: string, member: ModelMember): ShapeRef => {
    const ref = encode(member);
    const values = ref === 's' ? enums?.get(container)?.get(slot) : undefined;
    if (!values) return ref;
    const key = JSON.stringify(values);
    let index = enumShapes.get(key);
    if (index === undefined) {
      index = shapes.length;
      shapes.push({ e: values });
      enumShapes.set(key, index);
    }
    return index;
  };

  const encode = (member: ModelMember): ShapeRef => {
    if (member.shape !== undefined) {
      const known = named.get(member.shape);
      if (known !== undefined) return known;
      const target = model.shapes[member.shape] ?? {};
      const primitive = primitiveOf(target);
      if (primitive) {
        named.set(member.shape, primitive);
        return primitive;
      }
      // Reserve the index first: shapes can refer to themselves (recursive structures).
      const index = shapes.length;
      shapes.push({ s: {} });
      named.set(member.shape, index);
      shapes[index] = encodeComposite(target);
      return index;
    }
    const primitive = primitiveOf(member);
    if (primitive) return primitive;
    const index = shapes.length;
    shapes.push({ s: {} });
    shapes[index] = encodeComposite(member);
    return index;
  };

  const encodeComposite = (shape: ModelMember): StoredShape => {
    if (shape.type === 'list') return { l: encodeSlot(shape, '[]', shape.member ?? {}) };
    if (shape.type === 'map') return { m: encodeSlot(shape, '{}', shape.value ?? {}) };
    const members: Record<string, ShapeRef> = {};
    for (const [name, child] of Object.entries(shape.members ?? {})) members[name] = encodeSlot(shape, name, child);
    const required = (shape.required ?? []).filter((name) => Object.hasOwn(members, name));
    return required.length > 0 ? { s: members, r: required } : { s: members };
  };

  const operations: ClientShapes['operations'] = {};
  for (const name of Object.keys(model.operations).sort()) {
    const op = model.operations[name] ?? {};
    operations[name] = [op.input ? encode(op.input) : null, op.output ? encode(op.output) : null];
  }
  return { operations, shapes };
}

function primitiveOf(shape: ModelMember): string | undefined {
  if (shape.document) return 'a';
  const type = shape.type ?? (shape.members || shape.member ? undefined : 'string');
  return type === undefined ? undefined : PRIMITIVES[type];
}
