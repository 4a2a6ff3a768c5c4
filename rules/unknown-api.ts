import type { Rule } from '../src/engine/rule.js';
import { stepLabel } from '../src/model/stepLabel.js';
import {
  automationActionInfo,
  lookupOperation,
  serviceForClient,
  suggestClient,
  suggestOperation,
} from '../src/permissions/actionMap.js';
import { inputsAt } from '../src/permissions/inputsAt.js';

export const unknownApi: Rule = {
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
  check({ runbook, report }) {
    for (const step of runbook.steps) {
      if (step.action === undefined || automationActionInfo(step.action)?.delegatesTo !== 'operation') continue;
      const [service] = inputsAt(step.inputs, 'Service');
      const [api] = inputsAt(step.inputs, 'Api');
      const label = stepLabel(step);
      const at = { ...(step.name === undefined ? {} : { step: step.name }) };
      if (service?.kind !== 'scalar' || service.value === null || api?.kind !== 'scalar' || api.value === null) {
        report({
          message: `Step ${label} (${step.action}) needs both Service and Api inputs.`,
          range: step.headRange,
          ...at,
        });
        continue;
      }
      const client = String(service.value);
      const operation = String(api.value);
      if (client.includes('{{') || operation.includes('{{')) continue;
      if (!serviceForClient(client)) {
        const suggestion = suggestClient(client);
        report({
          message: `Service "${client}" of step ${label} is not a boto3 client name.${suggestion ? ` Did you mean "${suggestion}"?` : ' Use the name boto3.client() takes (ec2, s3, logs, stepfunctions, ...).'}`,
          range: service.range,
          ...at,
        });
        continue;
      }
      if (!lookupOperation(client, operation)) {
        const suggestion = suggestOperation(client, operation);
        report({
          message: `Api "${operation}" of step ${label} is not an operation of ${client}.${suggestion ? ` Did you mean "${suggestion}"?` : ' Use the PascalCase operation name from the API reference.'}`,
          range: api.range,
          ...at,
        });
      }
    }
  },
};
