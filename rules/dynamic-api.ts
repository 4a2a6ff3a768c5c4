import { createRule } from '../src/analysis/ruleKit.js';

export const dynamicApi = createRule({
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
  check({ steps, report }) {
    for (const step of steps) {
      for (const need of step.needs) {
        if (need.confidence !== 'unknown' || (need.action !== '*' && !need.action.endsWith(':*'))) continue;
        const what = need.origin.kind === 'script' ? 'a script call' : 'Service/Api';
        const scope = need.action === '*' ? 'any AWS action' : `any ${need.action.split(':')[0]} action`;
        report({
          step,
          message: `Step ${step.label}: ${what} is chosen at run time, so it may call ${scope} (${need.action}).`,
          range: need.range,
          key: `${need.action} ${need.range.startLine}`,
        });
      }
    }
  },
});
