import { createRule, inputsAt, lambdaOutsideScope } from '../src/analysis/ruleKit.js';

export const lambdaOutsideAutomationRole = createRule({
  meta: {
    id: 'lambda-outside-automation-role',
    shortDescription:
      'aws:invokeLambdaFunction on a function not named Automation* while the role relies on AmazonSSMAutomationRole.',
    fullDescription:
      'The AmazonSSMAutomationRole managed policy allows lambda:InvokeFunction only on functions whose name starts with "Automation" (arn:aws:lambda:*:*:function:Automation*). A runbook whose role relies on that policy, and has no other policy allowing the invocation, fails when it invokes a function with another name.',
    defaultSeverity: 'warning',
    tags: ['correctness', 'least-privilege'],
    awsDocs: [
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMAutomationRole.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-lamb.html',
    ],
    requiresRole: true,
  },
  check({ steps, role, report }) {
    if (!role || role.role.incomplete) return;
    for (const step of steps) {
      const functionInput = inputsAt(step.step.inputs, 'FunctionName')[0];
      for (const need of step.needs) {
        const name = lambdaOutsideScope(need, role);
        if (name === undefined) continue;
        report({
          step,
          message: `Step ${step.label} invokes Lambda function ${name}; AmazonSSMAutomationRole allows only Automation* functions.`,
          range: functionInput?.range ?? need.range,
          key: name,
        });
      }
    }
  },
});
