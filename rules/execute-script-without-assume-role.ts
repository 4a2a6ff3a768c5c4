import type { Rule } from '../src/engine/rule.js';
import { stepScripts } from '../src/permissions/scriptPermissions.js';
import { stepRange } from '../src/policy/policyActions.js';
import { stepLabel } from '../src/model/stepLabel.js';

export const executeScriptWithoutAssumeRole: Rule = {
  meta: {
    id: 'execute-script-without-assume-role',
    shortDescription:
      'An aws:executeScript step calls AWS APIs but the runbook has no assumeRole: the script runs with no permissions.',
    fullDescription:
      'When a step uses aws:executeScript and its script calls AWS API operations, Automation needs an assume role (assumeRole in the runbook, usually passed in as the AutomationAssumeRole parameter). Without one it runs the script without any permissions, and the step fails. A script runbook-iam cannot read (a missing attachment, a build-time placeholder) is assumed to call AWS APIs.',
    defaultSeverity: 'error',
    tags: ['correctness', 'security'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-document-script-considerations.html',
    ],
  },
  check({ runbook, report }) {
    if (runbook.assumeRole && runbook.assumeRole.value.trim() !== '') return;
    for (const step of runbook.steps) {
      if (step.action !== 'aws:executeScript') continue;
      const { scripts, problem } = stepScripts(runbook, step);
      const awsScript = scripts.find((script) => script.analysis.usesAws);
      // Code that could not be read (a missing attachment, a build-time placeholder) is assumed to call AWS: the safe side.
      if (!awsScript && problem === undefined) continue;
      const firstCall = awsScript?.analysis.calls[0];
      const what = awsScript
        ? `calls AWS APIs from ${awsScript.origin === 'inline' ? 'its script' : awsScript.origin}${firstCall ? ` (${firstCall.text})` : ''}`
        : `runs code runbook-iam could not read (${problem}), which is assumed to call AWS APIs,`;
      report({
        message: `Step ${stepLabel(step)} ${what} but the runbook has no assumeRole, so Automation runs the script without any permissions and the step fails. Add assumeRole: '{{ AutomationAssumeRole }}' and an AutomationAssumeRole parameter.`,
        range: stepRange(step),
        step: stepLabel(step),
      });
    }
  },
};
