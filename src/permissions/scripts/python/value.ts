/** What the analysis knows about the value of a Python expression. */
export type Value =
  | { kind: 'module'; path: string }
  | { kind: 'session' }
  | { kind: 'client'; services: string[] | null }
  | { kind: 'resource'; services: string[] | null; type: string }
  | { kind: 'collection'; services: string[]; type: string; name: string }
  | { kind: 'resourceMeta'; services: string[] | null }
  | { kind: 'boundMethod'; services: string[]; method: string | null }
  | { kind: 'paginator' }
  | { kind: 'waiter' }
  | { kind: 'strings'; values: string[] }
  | { kind: 'function'; keys: string[]; bound: boolean }
  | { kind: 'class'; name: string }
  | { kind: 'instance'; cls: string }
  | { kind: 'list'; item: Value }
  /** Some value the analysis could not follow (only recorded for function parameters). */
  | { kind: 'unknown' };

export type ResourceValue = Extract<Value, { kind: 'resource' }>;
export type CollectionValue = Extract<Value, { kind: 'collection' }>;

/** Services of either side, or null (computed at run time) when either side's service is not known. */
function joinServices(a: string[] | null, b: string[] | null): string[] | null {
  return a === null || b === null ? null : [...new Set([...a, ...b])];
}

/**
 * Joins what two code paths may hold: string sets union, clients and resources of the same type union their services,
 * function values union their targets, and an AWS value wins over a string or nothing. Values of unrelated kinds keep
 * the first one.
 */
export function joinValues(a: Value | undefined, b: Value | undefined): Value | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.kind === 'unknown' || b.kind === 'unknown') {
    const other = a.kind === 'unknown' ? b : a;
    return other.kind === 'strings' ? { kind: 'unknown' } : other;
  }
  if (a.kind === 'strings' && b.kind === 'strings')
    return { kind: 'strings', values: [...new Set([...a.values, ...b.values])] };
  if (a.kind === 'client' && b.kind === 'client')
    return { kind: 'client', services: joinServices(a.services, b.services) };
  if (a.kind === 'resource' && b.kind === 'resource' && a.type === b.type)
    return { kind: 'resource', type: a.type, services: joinServices(a.services, b.services) };
  if (a.kind === 'function' && b.kind === 'function')
    return { kind: 'function', keys: [...new Set([...a.keys, ...b.keys])], bound: a.bound || b.bound };
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', item: joinValues(a.item, b.item) ?? a.item };
  if (a.kind === 'strings') return b;
  return a;
}

/** Joins two values that may be absent, and keeps neither when one side is a string: `x or 'default'` is not AWS. */
export function joinBranches(a: Value | undefined, b: Value | undefined): Value | undefined {
  if (a && b) return joinValues(a, b);
  return a?.kind === 'strings' || b?.kind === 'strings' ? undefined : (a ?? b);
}

function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** Whether two values are the same (lists compared in order), so that the analysis knows when nothing changed. */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'module':
      return a.path === (b as typeof a).path;
    case 'client':
    case 'resourceMeta':
      return sameList(a.services, (b as typeof a).services);
    case 'resource':
      return a.type === (b as typeof a).type && sameList(a.services, (b as typeof a).services);
    case 'collection': {
      const other = b as typeof a;
      return a.type === other.type && a.name === other.name && sameList(a.services, other.services);
    }
    case 'boundMethod':
      return a.method === (b as typeof a).method && sameList(a.services, (b as typeof a).services);
    case 'strings':
      return sameList(a.values, (b as typeof a).values);
    case 'function':
      return a.bound === (b as typeof a).bound && sameList(a.keys, (b as typeof a).keys);
    case 'class':
      return a.name === (b as typeof a).name;
    case 'instance':
      return a.cls === (b as typeof a).cls;
    case 'list':
      return sameValue(a.item, (b as typeof a).item);
    default:
      return true;
  }
}
