import {
  AUTOMATION_ACTION_TYPES,
  childOf,
  createRule,
  didYouMean,
  isAutomationActionType,
} from '../src/analysis/ruleKit.js';
import type { StepContext } from '../src/analysis/ruleKit.js';

/** Parameter types Automation accepts (documents-syntax-data-elements-parameters: "type"), plus AWS::* data types. */
const PARAMETER_TYPES = ['String', 'StringList', 'Integer', 'Boolean', 'MapList', 'StringMap'];

export const invalidRunbook = createRule({
  meta: {
    id: 'invalid-runbook',
    shortDescription:
      'The runbook breaks the Automation document schema (schemaVersion, mainSteps, step name/action, onFailure).',
    fullDescription:
      "An Automation runbook needs schemaVersion '0.3' and a non-empty mainSteps list; every step needs a unique name and an action that is one of the aws:* Automation actions; onFailure and onCancel take Abort, Continue (onFailure only) or step:<name>; parameter types are String, StringList, Integer, Boolean, MapList, StringMap or an AWS::* data type. Systems Manager refuses to create or run a document that breaks these rules.",
    defaultSeverity: 'error',
    tags: ['correctness'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html',
    ],
  },
  check({ runbook, steps, report }) {
    const head = { ...runbook.range, endLine: runbook.range.startLine, endColumn: runbook.range.startColumn };
    if (!runbook.schemaVersion) {
      report({
        message: "The runbook has no schemaVersion; Automation runbooks need schemaVersion: '0.3'.",
        range: head,
        key: 'schemaVersion',
      });
    }
    const mainSteps = runbook.mainStepsNode;
    if (!mainSteps) {
      report({
        message: 'The runbook has no mainSteps; add a list of steps under mainSteps.',
        range: head,
        key: 'mainSteps',
      });
    } else if (mainSteps.kind !== 'seq') {
      report({ message: 'mainSteps must be a list of steps.', range: mainSteps.range, key: 'mainSteps' });
    } else if (mainSteps.items.length === 0) {
      report({
        message: 'mainSteps is empty; a runbook needs at least one step.',
        range: mainSteps.range,
        key: 'mainSteps',
      });
    }

    const firstByName = new Map<string, StepContext>();
    for (const context of steps) {
      const { step, label } = context;
      if (step.node.kind !== 'map') {
        report({
          message: `Step ${step.index + 1} is not a mapping; each step needs name, action and inputs.`,
          range: step.range,
        });
        continue;
      }
      if (step.name === undefined) {
        report({
          step: context,
          message: `Step ${label} has no name; give every step a unique name.`,
          range: step.headRange,
          key: 'name',
        });
      } else {
        const first = firstByName.get(step.name);
        if (first?.step.nameRange && step.nameRange) {
          report({
            step: context,
            message: `Duplicate step name "${step.name}": it is also used at line ${first.step.nameRange.startLine}.`,
            range: step.nameRange,
            key: 'duplicate-name',
          });
        } else firstByName.set(step.name, context);
      }
      if (step.action === undefined) {
        report({
          step: context,
          message: `Step ${label} has no action; set one of the aws:* Automation actions.`,
          range: step.headRange,
          key: 'action',
        });
      } else if (!isAutomationActionType(step.action) && step.actionRange) {
        report({
          step: context,
          message: `Step ${label} uses unknown action "${step.action}".${didYouMean(step.action, AUTOMATION_ACTION_TYPES)}`,
          range: step.actionRange,
          key: 'action',
        });
      }
      for (const [key, transition] of [
        ['onFailure', step.onFailure],
        ['onCancel', step.onCancel],
      ] as const) {
        if (!transition) continue;
        const wrong = transition.kind === 'invalid' || (key === 'onCancel' && transition.kind === 'Continue');
        if (!wrong) continue;
        const allowed = key === 'onFailure' ? 'Abort, Continue or step:<name>' : 'Abort or step:<name>';
        report({
          step: context,
          message: `${key} of step ${label} is "${transition.raw}"; it must be ${allowed}.`,
          range: transition.range,
          key,
        });
      }
      const inputs = childOf(step.node, 'inputs');
      if (step.inputs === undefined && inputs !== undefined) {
        report({
          step: context,
          message: `inputs of step ${label} must be a mapping of input names to values.`,
          range: inputs.range,
          key: 'inputs',
        });
      }
    }

    for (const parameter of runbook.parameters) {
      if (parameter.node.kind !== 'map') {
        report({
          message: `Parameter ${parameter.name} must be a mapping with at least a type.`,
          range: parameter.range,
          key: parameter.name,
        });
        continue;
      }
      const type = parameter.type;
      if (type !== undefined && !PARAMETER_TYPES.includes(type) && !/^(List<)?AWS::/.test(type)) {
        report({
          message: `Parameter ${parameter.name} has unknown type "${type}".${didYouMean(type, PARAMETER_TYPES)}`,
          range: childOf(parameter.node, 'type')?.range ?? parameter.range,
          key: parameter.name,
        });
      }
    }
  },
});
