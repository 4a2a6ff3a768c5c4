import type { Runbook, Step } from '../model/runbook.js';
import type { AutomationActionInfo, AutomationCondition } from './actionMapTypes.js';
import { inputsAt } from '../model/inputsAt.js';
import { inputValue } from './inputValue.js';
import type { Confidence, UnsettledValue } from './permissionNeed.js';

/** A `when … equals` condition on an input whose value the runbook does not settle to one valid value. */
export interface UnsettledCondition {
  holds: boolean;
  confidence: Confidence;
  value: UnsettledValue;
}

/**
 * For a condition on an input's value (aws:changeInstanceState DesiredState): a misspelt value that the input does
 * not take, or a `{{ parameter }}`, leaves open which call Automation makes. The need is then kept, `unknown` (or
 * `likely` when the parameter's allowedValues include a matching value), instead of silently dropped. Undefined
 * when the value is a valid literal and the plain comparison decides.
 */
export function unsettledCondition(
  runbook: Runbook,
  step: Step,
  info: AutomationActionInfo,
  condition: AutomationCondition | undefined,
): UnsettledCondition | undefined {
  if (!condition?.equals || condition.input.includes('.')) return undefined;
  const allowed = Object.hasOwn(info.inputs, condition.input) ? info.inputs[condition.input]?.allowedValues : undefined;
  const [node] = inputsAt(step.inputs, condition.input);
  if (!allowed || node?.kind !== 'scalar') return undefined;
  const value = inputValue(node, runbook);
  const matches = (candidate: string): boolean => condition.equals!.some((wanted) => String(wanted) === candidate);
  if (value.literal !== undefined) {
    const literal = String(value.literal);
    if (allowed.includes(literal)) return undefined;
    return {
      holds: true,
      confidence: 'unknown',
      value: { kind: 'invalid', input: condition.input, value: literal, allowedValues: allowed },
    };
  }
  if (!value.reference) return undefined;
  const { expression } = value.reference;
  if (value.allowedValues) {
    return {
      holds: value.allowedValues.some(matches),
      confidence: 'likely',
      value: { kind: 'reference', input: condition.input, expression, allowedValues: value.allowedValues },
    };
  }
  return { holds: true, confidence: 'unknown', value: { kind: 'reference', input: condition.input, expression } };
}
