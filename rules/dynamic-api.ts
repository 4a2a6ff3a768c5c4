import { describeNeed } from '../src/permissions/describeNeed.js';
import type { Rule } from '../src/engine/rule.js';

export const dynamicApi: Rule = {
  meta: {
    id: 'dynamic-api',
    shortDescription:
      "Service or Api (or a script's boto3 client) is chosen at run time, so its permissions cannot be listed.",
    fullDescription:
      'When Service or Api of an aws:executeAwsApi, aws:assertAwsResourceProperty or aws:waitForAwsResourceProperty step is a {{ reference }}, or a script creates a boto3 client from a variable, the operation is only known when the automation runs. runbook-iam then assumes the step may call any action of the service (service:*) or any action at all (*), which no least-privilege policy should grant. Pin the service and operation, or list the allowed values with allowedValues and split the step.',
    defaultSeverity: 'note',
    tags: ['least-privilege'],
    awsDocs: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeAwsApi.html'],
  },
  check({ permissions, runbook, report }) {
    for (const step of permissions) {
      for (const need of step.needs) {
        if (need.confidence !== 'unknown' || (need.action !== '*' && !need.action.endsWith(':*'))) continue;
        const named = runbook.steps.find((candidate) => candidate.name === step.step);
        report({
          message: `Step ${step.step}: ${describeNeed(need)}, so runbook-iam assumes it may call ${need.action === '*' ? 'any AWS action (*)' : `any ${need.action.split(':')[0]} action (${need.action})`}. Name the service and operation in the runbook so that the permission can be listed.`,
          range: need.range,
          ...(named?.name === undefined ? {} : { step: named.name }),
        });
      }
    }
  },
};
