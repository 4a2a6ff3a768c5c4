import type { DocNode, MapNode } from '../parse/documentNode.js';
import { childOf, entryOf, stringOf, valueOf } from '../parse/documentNode.js';
import type { ParseDiagnostic } from '../parse/parseDiagnostic.js';
import type { ParsedDocument } from '../parse/parseDocument.js';
import type { SourceRange } from '../parse/sourceRange.js';
import { findReferences } from './findReferences.js';
import { ssmDocumentKind } from './ssmDocumentKind.js';
import { stepLabel } from './stepLabel.js';
import { inputsAt, scalarInput } from './inputsAt.js';
import type {
  Attachment,
  LoadedAttachment,
  Located,
  Parameter,
  Runbook,
  Step,
  StepOutput,
  Transition,
} from './runbook.js';

/**
 * Whether a parsed document is meant as an Automation runbook: schemaVersion 0.3, or mainSteps without a
 * schemaVersion (a broken runbook, reported by invalid-runbook). Command documents (schemaVersion 2.2) are not.
 */
export function isRunbookCandidate(root: DocNode): root is MapNode {
  if (root.kind !== 'map') return false;
  const version = childOf(root, 'schemaVersion');
  // A Change Manager template shares schemaVersion 0.3 but has no mainSteps: it is not a runbook.
  if (ssmDocumentKind(root) !== undefined) return false;
  if (version?.kind === 'scalar' && version.value !== null) return String(version.value) === '0.3';
  return entryOf(root, 'mainSteps') !== undefined;
}

/**
 * The runbook a parsed document describes, with the script attachments the loader read for it (see
 * attachmentNamesOf), or undefined when the document is not an Automation runbook.
 */
export function buildRunbook(
  document: ParsedDocument,
  attachments: ReadonlyMap<string, LoadedAttachment> = new Map(),
): Runbook | undefined {
  const root = document.root;
  if (!isRunbookCandidate(root)) return undefined;
  const versionNode = childOf(root, 'schemaVersion');
  const mainStepsNode = childOf(root, 'mainSteps');
  const steps: Step[] = [];
  if (mainStepsNode?.kind === 'seq') collectSteps(mainStepsNode.items, steps, undefined);
  const built: Omit<Runbook, 'references'> = {
    path: document.file,
    format: document.format,
    source: document.source,
    root,
    range: root.range,
    ...optional('description', stringOf(childOf(root, 'description'))),
    ...optional(
      'schemaVersion',
      versionNode?.kind === 'scalar' && versionNode.value !== null
        ? { value: String(versionNode.value), range: versionNode.range }
        : undefined,
    ),
    ...optional('assumeRole', located(childOf(root, 'assumeRole'))),
    parameters: parametersOf(childOf(root, 'parameters')),
    variables: keysOf(childOf(root, 'variables')),
    outputs: outputsOf(childOf(root, 'outputs')),
    files: filesOf(childOf(root, 'files')),
    ...optional('mainStepsNode', mainStepsNode),
    steps,
    parseDiagnostics: diagnosticsIn(document),
    attachments,
  };
  return { ...built, references: findReferences(built) };
}

/**
 * The attachments the runbook's aws:executeScript steps run (`Attachment:` without an inline `Script`), which the
 * loader reads next to the runbook before the runbook is built with them. Names made at run time are left out.
 */
export function attachmentNamesOf(runbook: Runbook): string[] {
  const names = new Set<string>();
  for (const step of runbook.steps) {
    if (step.action !== 'aws:executeScript' || inputsAt(step.inputs, 'Script').length > 0) continue;
    const name = scalarInput(step.inputs, 'Attachment');
    if (name !== undefined && !name.includes('{{')) names.add(name);
  }
  return [...names];
}

/** Whether a step runs Python code (inline or attached), so that the Python parser must be loaded first. */
export function runsPython(runbook: Runbook): boolean {
  return runbook.steps.some(
    (step) => step.action === 'aws:executeScript' && /^python/i.test(scalarInput(step.inputs, 'Runtime') ?? ''),
  );
}

/**
 * The parser's diagnostics that concern this runbook: all of them for a runbook file; for a runbook inside a
 * template, those within its content (the rest of the template is CloudFormation's or Terraform's matter).
 */
function diagnosticsIn(document: ParsedDocument): ParseDiagnostic[] {
  const all = document.diagnostics ?? [];
  if (!('templateFile' in document)) return all;
  const { range } = document.root;
  return all.filter(
    (diagnostic) =>
      diagnostic.range.file === range.file &&
      diagnostic.range.startLine >= range.startLine &&
      diagnostic.range.startLine <= range.endLine,
  );
}

function collectSteps(items: DocNode[], steps: Step[], loopParent: string | undefined): void {
  for (const item of items) {
    const step = stepOf(item, steps.length, loopParent);
    steps.push(step);
    // aws:loop runs the steps listed in its `Steps` input (Automation actions reference: aws:loop).
    const nested = step.action === 'aws:loop' ? childOf(step.inputs, 'Steps') : undefined;
    if (nested?.kind === 'seq') collectSteps(nested.items, steps, stepLabel(step));
  }
}

function stepOf(node: DocNode, index: number, loopParent: string | undefined): Step {
  const name = located(childOf(node, 'name'));
  const action = located(childOf(node, 'action'));
  const inputs = childOf(node, 'inputs');
  const headRange: SourceRange = node.kind === 'map' && node.entries[0] ? node.entries[0].keyRange : node.range;
  return {
    index,
    ...optional('name', name?.value),
    ...optional('nameRange', name?.range),
    ...optional('action', action?.value),
    ...optional('actionRange', action?.range),
    ...optional('inputs', inputs?.kind === 'map' ? inputs : undefined),
    outputs: stepOutputsOf(childOf(node, 'outputs')),
    ...optional('onFailure', transitionOf(childOf(node, 'onFailure'))),
    ...optional('onCancel', transitionOf(childOf(node, 'onCancel'))),
    ...optional('nextStep', located(childOf(node, 'nextStep'))),
    isEnd: booleanOf(childOf(node, 'isEnd')) ?? false,
    ...optional('isCritical', booleanOf(childOf(node, 'isCritical'))),
    ...optional('maxAttempts', numberOf(childOf(node, 'maxAttempts'))),
    ...optional('timeoutSeconds', numberOf(childOf(node, 'timeoutSeconds'))),
    ...optional('loopParent', loopParent),
    range: node.range,
    headRange: {
      ...headRange,
      endLine: headRange.startLine,
      endColumn: Math.max(headRange.endColumn, headRange.startColumn),
    },
    node,
  };
}

export function transitionOf(node: DocNode | undefined): Transition | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  const raw = String(node.value);
  if (raw === 'Abort' || raw === 'Continue') return { raw, kind: raw, range: node.range };
  const match = /^step:(.+)$/.exec(raw);
  if (match) return { raw, kind: 'step', target: (match[1] as string).trim(), range: node.range };
  return { raw, kind: 'invalid', range: node.range };
}

function parametersOf(node: DocNode | undefined): Parameter[] {
  if (node?.kind !== 'map') return [];
  return node.entries.map((entry) => {
    const definition = entry.value;
    const defaultNode = childOf(definition, 'default');
    const allowedValues = childOf(definition, 'allowedValues');
    return {
      name: entry.key,
      range: entry.keyRange,
      node: definition,
      ...optional('type', stringOf(childOf(definition, 'type'))),
      ...optional('description', stringOf(childOf(definition, 'description'))),
      ...(defaultNode ? { default: valueOf(defaultNode), defaultNode } : {}),
      ...optional('allowedPattern', located(childOf(definition, 'allowedPattern'))),
      ...optional('allowedValues', allowedValues?.kind === 'seq' ? allowedValues.items.map(valueOf) : undefined),
    };
  });
}

function stepOutputsOf(node: DocNode | undefined): StepOutput[] {
  if (node?.kind !== 'seq') return [];
  return node.items.map((item) => ({
    range: item.range,
    ...optional('name', stringOf(childOf(item, 'Name'))),
    ...optional('selector', stringOf(childOf(item, 'Selector'))),
    ...optional('type', stringOf(childOf(item, 'Type'))),
  }));
}

function outputsOf(node: DocNode | undefined): Located<string>[] {
  if (node?.kind !== 'seq') return [];
  return node.items.flatMap((item) => {
    const value = located(item);
    return value ? [value] : [];
  });
}

function filesOf(node: DocNode | undefined): Attachment[] {
  if (node?.kind !== 'map') return [];
  return node.entries.map((entry) => {
    const checksums = childOf(entry.value, 'checksums');
    const values: Record<string, string> = {};
    if (checksums?.kind === 'map') for (const sum of checksums.entries) values[sum.key] = String(valueOf(sum.value));
    return { name: entry.key, range: entry.keyRange, ...(checksums ? { checksums: values } : {}) };
  });
}

function keysOf(node: DocNode | undefined): Located<string>[] {
  if (node?.kind !== 'map') return [];
  return node.entries.map((entry) => ({ value: entry.key, range: entry.keyRange }));
}

function located(node: DocNode | undefined): Located<string> | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return { value: String(node.value), range: node.range };
}

function booleanOf(node: DocNode | undefined): boolean | undefined {
  if (node?.kind !== 'scalar') return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.value === 'true' || node.value === 'True') return true;
  if (node.value === 'false' || node.value === 'False') return false;
  return undefined;
}

function numberOf(node: DocNode | undefined): number | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const value = typeof node.value === 'number' ? node.value : Number(node.value);
  return Number.isFinite(value) && node.value !== null && node.value !== '' ? value : undefined;
}

/** `{ key: value }` when value is defined, `{}` otherwise: keeps optional properties absent rather than undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
