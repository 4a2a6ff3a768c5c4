// Enum values of service model members. The aws-sdk v2 package ships its models minified (apis/*.min.json: no
// enums), but its type declarations (clients/<id>.d.ts), generated from the full models, keep each enum as a union of
// string literals (`export type InstanceStateName = "pending"|"running"|…|string;`). This walks an operation's input
// and output in the minified model and in the declarations side by side, and records which string members are enums.

import { readFileSync } from 'node:fs';

interface ModelMember {
  shape?: string;
  type?: string;
  members?: Record<string, ModelMember>;
  member?: ModelMember;
  value?: ModelMember;
}
interface EnumModel {
  operations: Record<string, { input?: ModelMember; output?: ModelMember }>;
  shapes: Record<string, ModelMember>;
}

/** Enum values by container (a structure, list or map object of the minified model) and slot (member, `[]`, `{}`). */
export type ModelEnums = WeakMap<object, Map<string, string[]>>;

interface Declarations {
  interfaces: Map<string, Map<string, string>>;
  aliases: Map<string, string>;
  /** lower-cased operation name → [input type, output type] */
  methods: Map<string, [string, string]>;
}

function parseDeclarations(text: string): Declarations {
  const interfaces = new Map<string, Map<string, string>>();
  const aliases = new Map<string, string>();
  const methods = new Map<string, [string, string]>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    const method =
      /^ {2}([a-z][A-Za-z0-9]*)\(params: \w+\.Types\.(\w+), callback\?: \(err: AWSError, data: \w+\.Types\.(\w+)\)/.exec(
        line,
      );
    if (method) {
      methods.set((method[1] as string).toLowerCase(), [method[2] as string, method[3] as string]);
      continue;
    }
    const open = /^ {2}export interface (\w+) \{/.exec(line);
    if (open) {
      current = new Map();
      interfaces.set(open[1] as string, current);
      continue;
    }
    if (current && /^ {2}\}/.test(line)) {
      current = undefined;
      continue;
    }
    const member = current ? /^ {4}"?([A-Za-z0-9_.:-]+)"?\??: ([^;]+);/.exec(line) : null;
    if (member && current) {
      current.set(member[1] as string, (member[2] as string).trim());
      continue;
    }
    const alias = /^ {2}export type (\w+) = (.+);$/.exec(line);
    if (alias) aliases.set(alias[1] as string, (alias[2] as string).trim());
  }
  return { interfaces, aliases, methods };
}

/** `"a"|"b"|string` → [a, b]; undefined when the type is not a union of string literals. */
function enumValues(type: string): string[] | undefined {
  const parts = type.split('|').filter((part) => part !== 'string');
  if (parts.length === 0 || !parts.every((part) => /^"[^"]*"$/.test(part))) return undefined;
  return parts.map((part) => part.slice(1, -1));
}

export function modelEnums(model: EnumModel, declarationFile: string): ModelEnums {
  const enums: ModelEnums = new WeakMap();
  const { interfaces, aliases, methods } = parseDeclarations(readFileSync(declarationFile, 'utf8'));
  const resolve = (member: ModelMember): ModelMember => (member.shape ? (model.shapes[member.shape] ?? {}) : member);
  const seen = new Set<string>();
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (object: object): number => {
    let id = ids.get(object);
    if (id === undefined) {
      id = nextId++;
      ids.set(object, id);
    }
    return id;
  };
  const record = (container: object, slot: string, values: string[]): void => {
    let slots = enums.get(container);
    if (!slots) {
      slots = new Map();
      enums.set(container, slots);
    }
    slots.set(slot, values);
  };
  /** Walks a model member and its declared type together; `container`/`slot` say where the member sits. */
  const walk = (member: ModelMember, typeName: string, container: object | undefined, slot: string): void => {
    const shape = resolve(member);
    const type = aliases.get(typeName) ?? typeName;
    const kind = shape.type ?? (shape.members || shape.member ? undefined : 'string');
    if (kind === 'string') {
      const values = enumValues(type);
      if (values && container) record(container, slot, values);
      return;
    }
    const key = `${idOf(shape)} ${typeName}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (kind === 'structure') {
      const declared = interfaces.get(typeName);
      if (!declared) return;
      for (const [name, child] of Object.entries(shape.members ?? {})) {
        const childType = declared.get(name);
        if (childType) walk(child, childType, shape, name);
      }
    } else if (kind === 'list') {
      const item = /^(\w+)\[\]$/.exec(type);
      if (item && shape.member) walk(shape.member, item[1] as string, shape, '[]');
    } else if (kind === 'map') {
      const value = /^\{\[key: string\]: (\w+)\}$/.exec(type);
      if (value && shape.value) walk(shape.value, value[1] as string, shape, '{}');
    }
  };
  for (const [name, operation] of Object.entries(model.operations)) {
    const types = methods.get(name.toLowerCase());
    if (!types) continue;
    if (operation.input) walk(operation.input, types[0], undefined, '');
    if (operation.output) walk(operation.output, types[1], undefined, '');
  }
  return enums;
}
