import {
  automationActionInfo,
  childOf,
  createRule,
  followSelector,
  stepOperation,
  typeMismatch,
} from '../src/analysis/ruleKit.js';
import type { DocNode } from '../src/analysis/ruleKit.js';

export const invalidOutputSelector = createRule({
  meta: {
    id: 'invalid-output-selector',
    shortDescription:
      "An output's Selector (or a PropertySelector) cannot match the API's response, or its Type does not fit.",
    fullDescription:
      "For aws:executeAwsApi outputs and the PropertySelector of aws:waitForAwsResourceProperty and aws:assertAwsResourceProperty, follows the JSONPath through the operation's output shape in the service model (the response boto3 returns, with its member names): a member that does not exist or an index on something that is not a list is an error, because the selector can never match; an output Type that cannot hold what is selected (a structure into String, a list of strings into MapList) is a warning. Outputs of aws:executeScript ($.Payload) are not checked.",
    defaultSeverity: 'error',
    tags: ['correctness'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeAwsApi.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-waitForAwsResourceProperty.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-aws-apis-calling.html',
    ],
  },
  check({ runbook, steps, report }) {
    for (const context of steps) {
      const { step, label } = context;
      if (step.action === undefined || !automationActionInfo(step.action)?.operationMembers) continue;
      const operation = stepOperation(step);
      if (!operation) continue;
      const response = `the ${operation.client} ${operation.api} response`;
      const property = childOf(step.inputs, 'PropertySelector');
      if (property?.kind === 'scalar' && typeof property.value === 'string' && !property.value.includes('{{')) {
        const result = followSelector(property.value, operation.output, response);
        if (result.ok === false) {
          report({
            message: `Step ${label}: PropertySelector: ${sentence(result.message)}`,
            range: property.range,
            step: context,
          });
        }
      }
      if (step.action !== 'aws:executeAwsApi') continue;
      const items = childOf(step.node, 'outputs');
      if (items?.kind !== 'seq') continue;
      for (const item of items.items) {
        const selectorNode = childOf(item, 'Selector');
        if (selectorNode?.kind !== 'scalar' || typeof selectorNode.value !== 'string') continue;
        const name = textOf(childOf(item, 'Name')) ?? selectorNode.value;
        const result = followSelector(selectorNode.value, operation.output, response);
        if (result.ok === false) {
          // The step itself still succeeds and the output stays unset; a later step that uses it is what fails.
          const used = runbook.references.some(
            (reference) =>
              reference.kind === 'stepOutput' &&
              reference.inStep !== undefined &&
              reference.name === step.name &&
              reference.output === name,
          );
          report({
            message: `Step ${label}: Selector of output ${name}: ${sentence(result.message)}${used ? '' : ' No step uses the output.'}`,
            range: selectorNode.range,
            ...(used ? {} : { severity: 'warning' as const }),
            step: context,
          });
        } else if (result.ok === true) {
          const typeNode = childOf(item, 'Type');
          const declared = textOf(typeNode) ?? 'String';
          const selected = typeMismatch(declared, result.shape, result.many);
          if (selected) {
            report({
              message: `Step ${label}: output ${name} is ${typeNode ? `declared ${declared}` : 'String (no Type given)'}, but its Selector selects ${selected}.`,
              range: typeNode?.range ?? selectorNode.range,
              severity: 'warning',
              step: context,
            });
          }
        }
      }
    }
  },
});

function textOf(node: DocNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

const sentence = (text: string): string => (/[.?]$/.test(text) ? text : `${text}.`);
