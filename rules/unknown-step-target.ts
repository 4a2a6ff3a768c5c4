import { createRule, didYouMean, stepLabel } from '../src/analysis/ruleKit.js';

const WHAT: Record<string, string> = {
  nextStep: 'nextStep',
  choice: 'branch choice NextStep',
  default: 'branch Default',
  onFailure: 'onFailure',
  onCancel: 'onCancel',
};

export const unknownStepTarget = createRule({
  meta: {
    id: 'unknown-step-target',
    shortDescription: 'nextStep, onFailure, onCancel or an aws:branch choice names a step that does not exist.',
    fullDescription:
      'Automation moves to the step named by nextStep, by step:<name> in onFailure/onCancel, or by an aws:branch choice (NextStep) or Default. A name that matches no step makes Systems Manager reject the document, or leaves a failure path that cannot run.',
    defaultSeverity: 'error',
    tags: ['correctness', 'reliability'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-branch.html',
    ],
  },
  check({ runbook, graph, report }) {
    const names = runbook.steps.flatMap((step) => (step.name === undefined ? [] : [step.name]));
    for (const edge of graph.edges) {
      if (edge.to !== undefined || edge.targetName === undefined) continue;
      const from = runbook.steps[edge.from];
      report({
        message: `${WHAT[edge.kind] ?? edge.kind} of step ${stepLabel(from ?? { index: edge.from })} names step "${edge.targetName}", which does not exist.${didYouMean(edge.targetName, names)}`,
        range: edge.range,
        key: `${edge.kind} ${edge.targetName}`,
        ...(from ? { step: from } : {}),
      });
    }
  },
});
