import { childOf, createRule, stepInputProblems } from '../src/analysis/ruleKit.js';

export const invalidStepInput = createRule({
  meta: {
    id: 'invalid-step-input',
    shortDescription: "A step's input is unknown, missing, of the wrong shape or outside its valid values.",
    fullDescription:
      "Checks every step's inputs against the Automation actions reference (each aws: action's inputs, their types and valid values) and, for aws:executeAwsApi, aws:waitForAwsResourceProperty and aws:assertAwsResourceProperty, against the called operation's input in the service model, as boto3 validates it: unknown input or member names, missing required ones, a string where a list or map is expected (and the reverse), values outside the valid set, and {{ references }} whose parameter or output type does not fit. Systems Manager rejects such a step when the runbook is created or, later, when the step runs.",
    defaultSeverity: 'error',
    tags: ['correctness'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeAwsApi.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-aws-apis-calling.html',
    ],
  },
  check({ runbook, steps, report }) {
    for (const context of steps) {
      const { step, label } = context;
      // inputs that are not a mapping are the invalid-runbook rule's finding.
      if (step.inputs === undefined && childOf(step.node, 'inputs') !== undefined) continue;
      for (const problem of stepInputProblems(runbook, step)) {
        report({ message: `Step ${label}: ${problem.message}`, range: problem.range, step: context });
      }
    }
  },
});
