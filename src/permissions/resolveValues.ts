import type { DocNode } from '../parse/documentNode.js';
import { REFERENCE, referencedParameter } from '../model/findReferences.js';
import type { Runbook } from '../model/runbook.js';
import type { Confidence, ValueNote } from './permissionNeed.js';

/** What an input's value is before the run: literal strings, or `*` where only the run knows. */
export interface ResolvedValues {
  values: string[];
  confidence: Confidence;
  /** Why a value is `*` or only likely. */
  notes: ValueNote[];
}

/** Automation system variables that map onto IAM ARN placeholders (Automation system variables page). */
const ARN_PLACEHOLDERS: Record<string, string> = {
  'global:ACCOUNT_ID': '${Account}',
  'global:REGION': '${Region}',
  'global:AWS_PARTITION': '${Partition}',
};

/**
 * The values a step input can take. A literal is certain. A `{{ Parameter }}` with a default is likely (the caller
 * may override it); with an allowedPattern it becomes the pattern's literal prefix plus `*`; otherwise `*`.
 * System variables become ARN placeholders; step outputs and other run-time values become `*`.
 */
export function resolveValues(node: DocNode | undefined, runbook: Runbook): ResolvedValues {
  if (!node) return { values: [], confidence: 'certain', notes: [] };
  if (node.kind === 'seq') {
    const parts = node.items.map((item) => resolveValues(item, runbook));
    return {
      values: parts.flatMap((part) => part.values),
      confidence: weakest(parts.map((part) => part.confidence)),
      notes: uniqueNotes(parts.flatMap((part) => part.notes)),
    };
  }
  if (node.kind === 'map') return { values: ['*'], confidence: 'unknown', notes: [{ kind: 'structured' }] };
  if (node.value === null) return { values: [], confidence: 'certain', notes: [] };
  return resolveText(String(node.value), runbook);
}

export function resolveText(text: string, runbook: Runbook): ResolvedValues {
  if (!text.includes('{{')) return { values: [text], confidence: 'certain', notes: [] };
  const whole = referencedParameter(text);
  if (whole !== undefined) {
    const parameter = runbook.parameters.find((candidate) => candidate.name === whole);
    if (parameter) return fromParameter(parameter.name, parameter.default, parameter.allowedPattern?.value);
  }
  let confidence: Confidence = 'certain';
  const notes: ValueNote[] = [];
  const value = text.replace(REFERENCE, (_match, expression: string) => {
    const placeholder = ARN_PLACEHOLDERS[expression];
    if (placeholder) return placeholder;
    const parameter = runbook.parameters.find((candidate) => candidate.name === expression);
    if (
      parameter &&
      typeof parameter.default === 'string' &&
      parameter.default !== '' &&
      !parameter.default.includes('{{')
    ) {
      confidence = weakest([confidence, 'likely']);
      notes.push({ kind: 'parameter-default', parameter: expression, whole: false });
      return parameter.default;
    }
    confidence = 'unknown';
    notes.push({ kind: 'run-time', expression });
    return '*';
  });
  return { values: [value.replace(/\*+/g, '*')], confidence, notes: uniqueNotes(notes) };
}

function fromParameter(name: string, fallback: unknown, pattern: string | undefined): ResolvedValues {
  const defaults = Array.isArray(fallback) ? fallback : fallback === undefined ? [] : [fallback];
  const literal = defaults.filter(
    (value): value is string => typeof value === 'string' && value !== '' && !value.includes('{{'),
  );
  if (literal.length > 0 && literal.length === defaults.length) {
    return {
      values: literal,
      confidence: 'likely',
      notes: [{ kind: 'parameter-default', parameter: name, whole: true }],
    };
  }
  const prefix = pattern === undefined ? undefined : literalPrefixOf(pattern);
  if (prefix)
    return { values: [`${prefix}*`], confidence: 'likely', notes: [{ kind: 'allowed-pattern', parameter: name }] };
  return { values: ['*'], confidence: 'unknown', notes: [{ kind: 'parameter-run-time', parameter: name }] };
}

/** `^Automation[A-Za-z]*$` → `Automation`; `^i-[0-9a-f]+$` → `i-`. Only plain characters before the first regex operator count. */
export function literalPrefixOf(pattern: string): string | undefined {
  if (!pattern.startsWith('^')) return undefined;
  const match = /^[A-Za-z0-9_:/@=,+ -]*/.exec(pattern.slice(1));
  let prefix = match?.[0] ?? '';
  // A quantifier after the last character applies to it, so that character is not fixed.
  const next = pattern.slice(1 + prefix.length).charAt(0);
  if ('?*{'.includes(next) && next !== '') prefix = prefix.slice(0, -1);
  return prefix === '' ? undefined : prefix;
}

export function weakest(levels: Confidence[]): Confidence {
  if (levels.includes('unknown')) return 'unknown';
  if (levels.includes('likely')) return 'likely';
  return 'certain';
}

/** Each note once, in first-seen order. */
export function uniqueNotes(notes: ValueNote[]): ValueNote[] {
  const seen = new Set<string>();
  return notes.filter((note) => {
    const key = JSON.stringify(note);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
