import { REFERENCE } from '../model/findReferences.js';
import type { Runbook, Step } from '../model/runbook.js';
import type { DocNode } from '../parse/documentNode.js';

/** What a step input's value is, as far as the runbook settles it before it runs. */
export type ValueKind = 'string' | 'integer' | 'boolean' | 'list' | 'map' | 'unknown';

export interface InputValue {
  kind: ValueKind;
  /** For a list: what its items are (`map` for a MapList). */
  items?: ValueKind;
  /** The value written in the runbook, for a literal scalar. */
  literal?: string | number | boolean;
  /** The `{{ reference }}` the whole value is, and the type it has (`String parameter`, `StringList output`). */
  reference?: { expression: string; typeName: string };
  /** The only values a `{{ parameter }}` can take (its allowedValues). */
  allowedValues?: string[];
}

/** Automation's parameter and output types (https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html). */
const TYPE_KINDS: Record<string, Pick<InputValue, 'kind' | 'items'>> = {
  String: { kind: 'string' },
  Integer: { kind: 'integer' },
  Boolean: { kind: 'boolean' },
  StringList: { kind: 'list', items: 'string' },
  StringMap: { kind: 'map' },
  MapList: { kind: 'list', items: 'map' },
};

/** Outputs Automation itself gives a step, with their types, from the Automation actions reference. */
const PREDEFINED_OUTPUT_TYPES: Record<string, Record<string, string>> = {
  'aws:runInstances': { InstanceIds: 'StringList' },
  'aws:createImage': { ImageId: 'String', ImageState: 'String' },
  'aws:copyImage': { ImageId: 'String', ImageState: 'String' },
  'aws:createStack': { StackId: 'String', StackStatus: 'String', StackStatusReason: 'String' },
  'aws:executeAutomation': { ExecutionId: 'String', Status: 'String' },
  'aws:runCommand': { CommandId: 'String', Status: 'String', Output: 'String' },
  'aws:loop': { CurrentIteration: 'Integer' },
};

/** The kind of a runbook value: a literal, a whole `{{ reference }}` of known type, or text with references in it. */
export function inputValue(node: DocNode, runbook: Runbook): InputValue {
  if (node.kind === 'seq') {
    const kinds = new Set(node.items.map((item) => inputValue(item, runbook).kind));
    const [only] = kinds;
    return { kind: 'list', ...(kinds.size === 1 && only !== undefined ? { items: only } : {}) };
  }
  if (node.kind === 'map') {
    // A CloudFormation intrinsic function in JSON form ({"Fn::Sub": …}, {"Ref": …}) is replaced when the stack is
    // deployed: its value is not known here.
    const [only] = node.entries;
    if (node.entries.length === 1 && only && (only.key === 'Ref' || only.key.startsWith('Fn::')))
      return { kind: 'unknown' };
    return { kind: 'map' };
  }
  const { value } = node;
  if (value === null) return { kind: 'unknown' };
  if (typeof value === 'number') return { kind: Number.isInteger(value) ? 'integer' : 'unknown', literal: value };
  if (typeof value === 'boolean') return { kind: 'boolean', literal: value };
  if (node.tag !== undefined) return { kind: 'unknown' };
  if (!value.includes('{{')) return { kind: 'string', literal: value };
  const matches = [...value.matchAll(REFERENCE)];
  const [only] = matches;
  if (matches.length !== 1 || !only || only[0] !== value.trim()) return { kind: 'string' };
  return referenceValue((only[1] as string).trim(), runbook);
}

function referenceValue(expression: string, runbook: Runbook): InputValue {
  if (/^(global|automation):/.test(expression)) {
    return { kind: 'string', reference: { expression, typeName: 'String variable' } };
  }
  if (expression.includes(':')) return { kind: 'unknown' };
  const dot = expression.indexOf('.');
  if (dot === -1) {
    const parameter = runbook.parameters.find((candidate) => candidate.name === expression);
    const typeName = parameter?.type ?? 'String';
    const kind = Object.hasOwn(TYPE_KINDS, typeName) ? TYPE_KINDS[typeName] : undefined;
    if (!parameter || !kind) return { kind: 'unknown' };
    const allowedValues = parameter.allowedValues?.every((v) => typeof v === 'string' || typeof v === 'number')
      ? parameter.allowedValues.map(String)
      : undefined;
    return {
      ...kind,
      reference: { expression, typeName: `${typeName} parameter` },
      ...(allowedValues ? { allowedValues } : {}),
    };
  }
  const stepName = expression.slice(0, dot);
  const outputName = expression.slice(dot + 1);
  const step = runbook.steps.find((candidate) => candidate.name === stepName);
  if (!step) return { kind: 'unknown' };
  const typeName = outputType(step, outputName);
  const kind = typeName !== undefined && Object.hasOwn(TYPE_KINDS, typeName) ? TYPE_KINDS[typeName] : undefined;
  if (!kind) return { kind: 'unknown' };
  return { ...kind, reference: { expression, typeName: `${typeName} output` } };
}

/** The declared Type of a step output (String when left out), or the type of an output Automation gives the step. */
function outputType(step: Step, name: string): string | undefined {
  const declared = step.outputs.find((output) => output.name === name);
  if (declared) return declared.type ?? 'String';
  const predefined =
    step.action !== undefined && Object.hasOwn(PREDEFINED_OUTPUT_TYPES, step.action)
      ? PREDEFINED_OUTPUT_TYPES[step.action]
      : undefined;
  return predefined && Object.hasOwn(predefined, name) ? predefined[name] : undefined;
}
