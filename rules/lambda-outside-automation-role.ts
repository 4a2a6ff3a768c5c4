import type { Rule } from '../src/engine/rule.js';
import { lambdaOutsideScope } from '../src/policy/automationRoleScope.js';
import { inputsAt } from '../src/permissions/inputsAt.js';
import { roleLabel } from '../src/policy/policyActions.js';

export const lambdaOutsideAutomationRole: Rule = {
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
  check({ runbook, permissions, role, report }) {
    if (!role || role.role.incomplete) return;
    for (const [index, step] of permissions.entries()) {
      const functionInput = inputsAt(runbook.steps[index]?.inputs, 'FunctionName')[0];
      for (const need of step.needs) {
        const name = lambdaOutsideScope(need, role);
        if (name === undefined) continue;
        report({
          message: `Step ${step.step} invokes Lambda function ${name}, but ${roleLabel(role.role)} relies on AmazonSSMAutomationRole, which allows lambda:InvokeFunction only on functions named Automation*. Rename the function to start with "Automation", or allow lambda:InvokeFunction on its ARN in the role's own policy.`,
          range: functionInput?.range ?? need.range,
          step: step.step,
        });
      }
    }
  },
};
