import { closestMatch } from '../model/closestMatch.js';
import type { Runbook } from '../model/runbook.js';
import type { DocNode } from '../parse/documentNode.js';
import type { SourceRange } from '../parse/sourceRange.js';
import type { ApiShape, AutomationValueType } from './actionMapTypes.js';
import { inputValue } from './inputValue.js';
import type { InputValue } from './inputValue.js';

export interface InputProblem {
  message: string;
  range: SourceRange;
}

const KIND_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'a Boolean',
  list: 'a list',
  map: 'a map',
};

/** How a value reads in a message: `{{ InstanceId }} (a String parameter)` or `a list`. */
function describe(value: InputValue): string {
  if (value.reference) return `{{ ${value.reference.expression} }} (a ${value.reference.typeName})`;
  if (value.kind === 'list' && value.items === 'map') return 'a list of maps';
  return KIND_NAMES[value.kind] ?? 'this value';
}

const isNumeric = (text: string): boolean => /^-?\d+$/.test(text.trim());
const isBooleanText = (text: string): boolean => /^(true|false)$/i.test(text.trim());

/**
 * Whether a value fits an input of an `aws:` action of the given type. Automation converts an output's value to the
 * type it declares (String → StringList, Integer or Boolean; Integer and Boolean → String or StringList; a
 * one-element list → its element: https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-aws-apis-calling.html),
 * so a `{{ reference }}` of a convertible type is accepted; literals must have the input's shape.
 */
export function fitsAutomationType(value: InputValue, expected: AutomationValueType): boolean {
  if (expected === 'Any' || value.kind === 'unknown') return true;
  const scalar = value.kind === 'string' || value.kind === 'integer' || value.kind === 'boolean';
  const literal = value.reference === undefined;
  switch (expected) {
    case 'String':
      return scalar || (!literal && value.kind === 'list' && value.items !== 'map');
    case 'Integer':
      if (value.kind === 'string') return !literal || isNumeric(String(value.literal));
      return value.kind === 'integer' || (!literal && value.kind === 'list' && value.items !== 'map');
    case 'Boolean':
      if (value.kind === 'string') return !literal || isBooleanText(String(value.literal));
      return value.kind === 'boolean' || (!literal && value.kind === 'list' && value.items !== 'map');
    case 'StringList':
      return value.kind === 'list' ? value.items !== 'map' : !literal && scalar;
    case 'StringMap':
      return value.kind === 'map';
    case 'MapList':
      return value.kind === 'list' && (value.items === undefined || value.items === 'map' || value.items === 'unknown');
  }
}

/** The message for a value that does not fit an input of an `aws:` action. */
export function automationTypeProblem(label: string, value: InputValue, expected: AutomationValueType): string {
  return `${label} takes ${expected === 'Integer' ? 'an' : 'a'} ${expected}, not ${describe(value)}.`;
}

/** Literal values (or a parameter's allowedValues) outside an input's valid values. */
export function allowedValueProblems(
  label: string,
  node: DocNode,
  allowed: readonly string[],
  runbook: Runbook,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const check = (item: DocNode): void => {
    const value = inputValue(item, runbook);
    // A Boolean or Integer parameter or output can only be one of the valid values if one of them reads as its type.
    const typed = value.reference && !value.allowedValues && (value.kind === 'boolean' || value.kind === 'integer');
    if (typed && !allowed.some((v) => (value.kind === 'boolean' ? isBooleanText(v) : isNumeric(v)))) {
      problems.push({
        message: `${label} takes one of ${allowed.join(', ')}, not ${describe(value)}.`,
        range: item.range,
      });
      return;
    }
    const candidates =
      value.literal !== undefined ? [String(value.literal)] : value.reference ? (value.allowedValues ?? []) : [];
    for (const candidate of candidates) {
      if (allowed.includes(candidate)) continue;
      const suggestion = closestMatch(candidate, allowed);
      const source = value.reference ? ` (an allowed value of {{ ${value.reference.expression} }})` : '';
      problems.push({
        message: `${label} "${candidate}"${source} is not one of ${allowed.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        range: item.range,
      });
    }
  };
  if (node.kind === 'seq') node.items.forEach(check);
  else check(node);
  return problems;
}

/**
 * Problems of a value given to an API member of the given shape, nested members included: boto3 validates every
 * parameter against the service model before it sends the request and rejects unknown members, missing required
 * members and values of the wrong type (ParamValidationError), so Automation's call fails.
 */
export function shapeProblems(
  node: DocNode,
  shape: ApiShape,
  path: string,
  runbook: Runbook,
  operation: string,
): InputProblem[] {
  const value = inputValue(node, runbook);
  if (shape.kind === 'any' || value.kind === 'unknown') return [];
  const wrong = (what: string): InputProblem[] => [
    { message: `${path} takes ${what}, not ${describe(value)}.`, range: node.range },
  ];
  switch (shape.kind) {
    case 'structure': {
      if (value.kind !== 'map') return wrong('a structure (map)');
      if (node.kind !== 'map') return [];
      const problems: InputProblem[] = [];
      for (const entry of node.entries) {
        const member = Object.hasOwn(shape.members, entry.key) ? shape.members[entry.key] : undefined;
        const memberPath = `${path}.${entry.key}`;
        if (member) problems.push(...shapeProblems(entry.value, member, memberPath, runbook, operation));
        else problems.push(unknownMember(memberPath, operation, entry.key, Object.keys(shape.members), entry.keyRange));
      }
      const given = new Set(node.entries.map((entry) => entry.key));
      const missing = shape.required.filter((name) => !given.has(name));
      if (missing.length > 0) problems.push({ message: `${path} needs ${memberList(missing)}.`, range: node.range });
      return problems;
    }
    case 'list':
      if (value.kind !== 'list') return wrong('a list');
      if (node.kind !== 'seq') return [];
      // A list-typed {{ reference }} as an item is spliced into the list by Automation (`InstanceIds: ['{{ Ids }}']`).
      return node.items.flatMap((item, index) => {
        const itemValue = inputValue(item, runbook);
        if (itemValue.reference && itemValue.kind === 'list') return [];
        return shapeProblems(item, shape.member, `${path}[${index}]`, runbook, operation);
      });
    case 'map':
      if (value.kind !== 'map') return wrong('a map');
      if (node.kind !== 'map') return [];
      return node.entries.flatMap((entry) =>
        shapeProblems(entry.value, shape.value, `${path}.${entry.key}`, runbook, operation),
      );
    case 'integer':
    case 'number':
      if (value.kind === 'list' || value.kind === 'map' || value.kind === 'boolean') return wrong('a number');
      if (value.literal !== undefined && typeof value.literal === 'string' && !isFinite(Number(value.literal)))
        return wrong('a number');
      return [];
    case 'boolean':
      if (value.kind === 'list' || value.kind === 'map' || value.kind === 'integer') return wrong('a Boolean');
      if (typeof value.literal === 'string' && !isBooleanText(value.literal)) return wrong('a Boolean');
      return [];
    case 'string':
      if (value.kind === 'list' || value.kind === 'map') return wrong('a string');
      return shape.enum ? enumProblems(path, node, shape.enum, runbook) : [];
    default:
      return value.kind === 'list' || value.kind === 'map' ? wrong(`a ${shape.kind}`) : [];
  }
}

/**
 * The enum value a misspelt one stands for: the same value in another case, or one within two edits. A value far
 * from every enum value may be newer than the model (enums grow), and very long enums (ec2 InstanceType) are open
 * ended, so neither is reported.
 */
export function misspeltEnumValue(value: string, values: readonly string[]): string | undefined {
  if (values.includes(value) || values.length > 100) return undefined;
  return values.find((candidate) => candidate.toLowerCase() === value.toLowerCase()) ?? closestMatch(value, values, 2);
}

/** Literal values, or a parameter's allowedValues, that are misspellings of an enum value of the model. */
export function enumProblems(
  label: string,
  node: DocNode,
  values: readonly string[],
  runbook: Runbook,
  takenBy = 'it',
): InputProblem[] {
  const problems: InputProblem[] = [];
  const check = (item: DocNode): void => {
    const value = inputValue(item, runbook);
    const candidates =
      typeof value.literal === 'string' ? [value.literal] : value.reference ? (value.allowedValues ?? []) : [];
    for (const candidate of candidates) {
      const meant = misspeltEnumValue(candidate, values);
      if (meant === undefined) continue;
      const source = value.reference ? ` (an allowed value of {{ ${value.reference.expression} }})` : '';
      problems.push({
        message: `${label} "${candidate}"${source} is not a value ${takenBy} takes. Did you mean "${meant}"?`,
        range: item.range,
      });
    }
  };
  if (node.kind === 'seq') node.items.forEach(check);
  else check(node);
  return problems;
}

function unknownMember(
  path: string,
  operation: string,
  name: string,
  candidates: string[],
  range: SourceRange,
): InputProblem {
  const suggestion = closestMatch(name, candidates);
  return {
    message: `${path} is not a member of the input of ${operation}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    range,
  };
}

export const memberList = (names: string[]): string =>
  names.length === 1 ? `member "${names[0]}"` : `members ${names.map((n) => `"${n}"`).join(', ')}`;
