import {
  automationActionInfo,
  createRule,
  inputsAt,
  lookupOperation,
  serviceForClient,
  suggestClient,
  suggestOperation,
} from '../src/analysis/ruleKit.js';

export const unknownApi = createRule({
  meta: {
    id: 'unknown-api',
    shortDescription: 'Service is no boto3 client name, or Api is no operation of that service.',
    fullDescription:
      'aws:executeAwsApi, aws:assertAwsResourceProperty and aws:waitForAwsResourceProperty call Service/Api as boto3 does: Service is the boto3 client name (ec2, logs, stepfunctions, elbv2 — not the IAM prefix or the JavaScript SDK name) and Api the PascalCase operation name (DescribeInstances, not describe_instances). Anything else fails when the step runs, and runbook-iam cannot tell which permissions it needs.',
    defaultSeverity: 'error',
    tags: ['correctness', 'least-privilege'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeAwsApi.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-assertAwsResourceProperty.html',
    ],
  },
  check({ steps, report }) {
    for (const step of steps) {
      const { action, inputs, headRange } = step.step;
      if (action === undefined || automationActionInfo(action)?.delegatesTo !== 'operation') continue;
      const [service] = inputsAt(inputs, 'Service');
      const [api] = inputsAt(inputs, 'Api');
      if (service?.kind !== 'scalar' || service.value === null || api?.kind !== 'scalar' || api.value === null) {
        report({
          step,
          message: `Step ${step.label} (${action}) needs both Service and Api inputs.`,
          range: headRange,
          key: 'inputs',
        });
        continue;
      }
      const client = String(service.value);
      const operation = String(api.value);
      if (client.includes('{{') || operation.includes('{{')) continue;
      if (!serviceForClient(client)) {
        const suggestion = suggestClient(client);
        report({
          step,
          message: `Service "${client}" of step ${step.label} is not a boto3 client name.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          range: service.range,
          key: client,
        });
        continue;
      }
      if (!lookupOperation(client, operation)) {
        const suggestion = suggestOperation(client, operation);
        report({
          step,
          message: `Api "${operation}" of step ${step.label} is not an operation of ${client}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          range: api.range,
          key: `${client}.${operation}`,
        });
      }
    }
  },
});
