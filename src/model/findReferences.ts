import type { DocNode, ScalarNode } from '../parse/documentNode.js';
import { childOf, walkNodes } from '../parse/documentNode.js';
import type { SourceRange } from '../parse/sourceRange.js';
import type { Reference, ReferenceKind, Runbook } from './runbook.js';

import { PARAMETER_NAME as IDENTIFIER, REFERENCE } from '../parse/referenceSyntax.js';

export { REFERENCE, parameterReferences, referencedParameter } from '../parse/referenceSyntax.js';
const STEP_OUTPUT = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_.-]+)$/;
const NAMESPACED = /^(global|automation|variable|ssm|ssm-secure):(\S+)$/;

/** Step properties that Automation never interpolates. */
const NOT_INTERPOLATED = new Set(['name', 'action', 'description', 'outputs']);

/**
 * Every `{{ ... }}` reference where Automation substitutes values: assumeRole, parameter defaults and step
 * definitions (https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html). Text that
 * is not reference syntax (`{{ color: red }}` in HTML, Jinja in scripts) is ignored, as is a script's body.
 */
export function findReferences(runbook: Omit<Runbook, 'references'>): Reference[] {
  const references: Reference[] = [];
  const scan = (node: DocNode | undefined, inStep: string | undefined, onlySsm = false): void => {
    if (!node) return;
    for (const current of walkNodes(node)) {
      if (current.kind === 'scalar' && typeof current.value === 'string' && current.value.includes('{{')) {
        const found = referencesIn(current, runbook, inStep);
        // One push per reference: a spread overflows the call stack on a reference storm (hundreds of thousands).
        for (const reference of found) if (!onlySsm || reference.kind === 'ssmParameter') references.push(reference);
      }
    }
  };
  scan(childOf(runbook.root, 'assumeRole'), undefined);
  // A parameter default is taken literally, except {{ssm:...}} Parameter Store references; `{{TARGET_ID}}` there is
  // a Maintenance Windows pseudo parameter, filled in by the window, not by Automation.
  for (const parameter of runbook.parameters) scan(parameter.defaultNode, undefined, true);
  for (const step of runbook.steps) {
    if (step.node.kind !== 'map') continue;
    for (const entry of step.node.entries) {
      if (NOT_INTERPOLATED.has(entry.key)) continue;
      if (entry.key === 'inputs' && entry.value.kind === 'map') {
        for (const input of entry.value.entries) {
          // The script body is code; its own braces are not Automation references.
          if (input.key === 'Script' && step.action === 'aws:executeScript') continue;
          // aws:loop's nested steps are steps of their own and are scanned as such.
          if (input.key === 'Steps' && step.action === 'aws:loop') continue;
          scan(input.value, step.name);
        }
      } else scan(entry.value, step.name);
    }
  }
  return references;
}

function referencesIn(node: ScalarNode, runbook: Omit<Runbook, 'references'>, inStep: string | undefined): Reference[] {
  const text = node.value as string;
  const raw = runbook.source.text.slice(node.offset[0], node.offset[1]);
  const found: Reference[] = [];
  let searchFrom = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const expression = (match[1] as string).trim();
    const classified = classify(expression);
    if (!classified) continue;
    const at = raw.indexOf(match[0], searchFrom);
    let range: SourceRange = node.range;
    if (at !== -1) {
      searchFrom = at + match[0].length;
      range = runbook.source.range(node.offset[0] + at, node.offset[0] + at + match[0].length);
    }
    found.push({ expression, ...classified, range, ...(inStep === undefined ? {} : { inStep }) });
  }
  return found;
}

function classify(expression: string): { kind: ReferenceKind; name: string; output?: string } | undefined {
  const namespaced = NAMESPACED.exec(expression);
  if (namespaced) {
    const [, namespace, name] = namespaced as unknown as [string, string, string];
    const kind: ReferenceKind =
      namespace === 'global'
        ? 'global'
        : namespace === 'automation'
          ? 'automation'
          : namespace === 'variable'
            ? 'variable'
            : 'ssmParameter';
    return { kind, name };
  }
  if (IDENTIFIER.test(expression)) return { kind: 'parameter', name: expression };
  const output = STEP_OUTPUT.exec(expression);
  if (output) return { kind: 'stepOutput', name: output[1] as string, output: output[2] as string };
  return undefined;
}
