import { closestMatch } from '../model/closestMatch.js';
import type { ApiShape } from './actionMapTypes.js';

/** One step of a JSONPath selector: a member, an index, every element or member (`*`), or a deep scan (`..Name`). */
type PathStep =
  | { kind: 'member'; name: string }
  | { kind: 'index' }
  | { kind: 'all' }
  | { kind: 'filter' }
  | { kind: 'deep'; name: string };

/**
 * The steps of a selector as Automation writes them (`$.Reservations[0].Instances[*].InstanceId`,
 * `$..InstanceId`, `$.Tags[?(@.Key=='Name')].Value`); undefined when it is not a path this check understands.
 */
export function parseSelector(selector: string): PathStep[] | undefined {
  const text = selector.trim();
  if (!text.startsWith('$')) return undefined;
  const steps: PathStep[] = [];
  let at = 1;
  const name = /^[A-Za-z_][A-Za-z0-9_-]*/;
  while (at < text.length) {
    const rest = text.slice(at);
    if (rest.startsWith('..')) {
      const found = name.exec(rest.slice(2));
      if (!found) return undefined;
      steps.push({ kind: 'deep', name: found[0] });
      at += 2 + found[0].length;
    } else if (rest.startsWith('.*')) {
      steps.push({ kind: 'all' });
      at += 2;
    } else if (rest.startsWith('.')) {
      const found = name.exec(rest.slice(1));
      if (!found) return undefined;
      steps.push({ kind: 'member', name: found[0] });
      at += 1 + found[0].length;
    } else if (rest.startsWith('[')) {
      const bracket =
        /^\[\s*(?:(-?\d+)|\*|'([^']*)'|"([^"]*)"|(\?\(.*?\))|(-?\d*:-?\d*)|(\d+(?:\s*,\s*\d+)+))\s*\]/.exec(rest);
      if (!bracket) return undefined;
      if (bracket[1] !== undefined) steps.push({ kind: 'index' });
      else if (bracket[2] !== undefined || bracket[3] !== undefined)
        steps.push({ kind: 'member', name: (bracket[2] ?? bracket[3]) as string });
      else if (bracket[4] !== undefined) steps.push({ kind: 'filter' });
      else if (bracket[5] !== undefined || bracket[6] !== undefined) steps.push({ kind: 'filter' });
      else steps.push({ kind: 'all' });
      at += bracket[0].length;
    } else return undefined;
  }
  return steps;
}

export type SelectorResult =
  { ok: true; shape: ApiShape; many: boolean } | { ok: false; message: string } | { ok: 'unknown' };

/** boto3 adds ResponseMetadata (RequestId, HTTPStatusCode, …) to every response. */
const RESPONSE_METADATA = 'ResponseMetadata';

/** Where a selector leads in an operation's output shape, or why that path cannot exist. */
export function followSelector(selector: string, output: ApiShape, responseName = 'the response'): SelectorResult {
  const steps = parseSelector(selector);
  if (!steps) return { ok: 'unknown' };
  let shape = output;
  let many = false;
  let path = '$';
  for (const [index, step] of steps.entries()) {
    if (shape.kind === 'any') return { ok: 'unknown' };
    if (step.kind === 'deep') {
      const found = deepMembers(shape, step.name);
      if (found.length === 0)
        return {
          ok: false,
          message: `no member "${step.name}" exists anywhere under ${path}${suggestDeep(shape, step.name)}`,
        };
      many = true;
      const [first] = found;
      shape = found.every((s) => s.kind === first?.kind) && first ? first : { kind: 'any' };
      path += `..${step.name}`;
      continue;
    }
    if (step.kind === 'member') {
      if (index === 0 && step.name === RESPONSE_METADATA) return { ok: 'unknown' };
      if (shape.kind === 'map') {
        shape = shape.value;
      } else if (shape.kind === 'structure') {
        const member = Object.hasOwn(shape.members, step.name) ? shape.members[step.name] : undefined;
        if (!member) {
          const suggestion = closestMatch(step.name, Object.keys(shape.members));
          const where = path === '$' ? responseName : path;
          return {
            ok: false,
            message: `"${step.name}" is not a member of ${where}${suggestion ? `. Did you mean "${suggestion}"?` : ''}`,
          };
        }
        shape = member;
      } else if (shape.kind === 'list') {
        return { ok: false, message: `${path} is a list: select an element first (${path}[0].${step.name})` };
      } else {
        return { ok: false, message: `${path} is a ${shape.kind} and has no member "${step.name}"` };
      }
      path += `.${step.name}`;
      continue;
    }
    // index, all, filter
    if (shape.kind === 'list') {
      shape = shape.member;
      if (step.kind !== 'index') many = true;
    } else if (step.kind === 'index') {
      return {
        ok: false,
        message: `${path} is a ${shape.kind === 'structure' ? 'structure' : shape.kind}, not a list: it cannot be indexed`,
      };
    } else if (shape.kind === 'map') {
      shape = shape.value;
      many = true;
    } else if (shape.kind === 'structure') {
      shape = { kind: 'any' };
      many = true;
    } else {
      return { ok: false, message: `${path} is a ${shape.kind}, not a list` };
    }
    path += step.kind === 'index' ? '[n]' : '[*]';
  }
  return { ok: true, shape, many };
}

/** Every shape reachable below `root` as a member called `name` (JSONPath `..name`). */
function deepMembers(root: ApiShape, name: string): ApiShape[] {
  const found: ApiShape[] = [];
  const seen = new Set<ApiShape>();
  const queue: ApiShape[] = [root];
  while (queue.length > 0) {
    const shape = queue.shift() as ApiShape;
    if (seen.has(shape)) continue;
    seen.add(shape);
    if (shape.kind === 'any') found.push(shape);
    else if (shape.kind === 'list') queue.push(shape.member);
    else if (shape.kind === 'map') queue.push(shape.value);
    else if (shape.kind === 'structure') {
      for (const [memberName, member] of Object.entries(shape.members)) {
        if (memberName === name) found.push(member);
        queue.push(member);
      }
    }
  }
  return found;
}

function suggestDeep(root: ApiShape, name: string): string {
  const names = new Set<string>();
  const seen = new Set<ApiShape>();
  const queue: ApiShape[] = [root];
  while (queue.length > 0 && names.size < 5000) {
    const shape = queue.shift() as ApiShape;
    if (seen.has(shape)) continue;
    seen.add(shape);
    if (shape.kind === 'list') queue.push(shape.member);
    else if (shape.kind === 'map') queue.push(shape.value);
    else if (shape.kind === 'structure') {
      for (const [memberName, member] of Object.entries(shape.members)) {
        names.add(memberName);
        queue.push(member);
      }
    }
  }
  const suggestion = closestMatch(name, names);
  return suggestion ? `. Did you mean "${suggestion}"?` : '';
}

/**
 * Whether an output's declared Type can hold what the selector selects. Automation converts String to StringList,
 * Integer or Boolean, Integer and Boolean to String or StringList, and a one-element list to its element
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-aws-apis-calling.html); a string selected
 * into Integer or Boolean converts only when the text is a number or true/false, which the model cannot promise.
 */
export function typeMismatch(declared: string, selected: ApiShape, many: boolean): string | undefined {
  const element = (shape: ApiShape): string =>
    shape.kind === 'structure' || shape.kind === 'map' ? 'map' : shape.kind === 'list' ? 'list' : shape.kind;
  const single = many ? 'list' : element(selected);
  const items = many ? element(selected) : selected.kind === 'list' ? element(selected.member) : undefined;
  if (single === 'any' || items === 'any') return undefined;
  const scalar = (kind: string | undefined): boolean => kind !== undefined && !['map', 'list', 'any'].includes(kind);
  const what =
    single === 'list'
      ? items === 'map'
        ? 'a list of structures'
        : items === 'list'
          ? 'a list of lists'
          : `a list of ${items}s`
      : single === 'map'
        ? 'a structure'
        : `a ${single}`;
  const fits = (() => {
    switch (declared) {
      case 'String':
        return scalar(single) || (single === 'list' && scalar(items));
      case 'Integer':
        return (
          ['integer', 'number'].includes(single) || (single === 'list' && ['integer', 'number'].includes(items ?? ''))
        );
      case 'Boolean':
        return single === 'boolean' || (single === 'list' && items === 'boolean');
      case 'StringList':
        return scalar(single) || (single === 'list' && scalar(items));
      case 'StringMap':
        return single === 'map';
      case 'MapList':
        return single === 'list' && items === 'map';
      default:
        return true;
    }
  })();
  return fits ? undefined : what;
}
