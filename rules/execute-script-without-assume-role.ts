import type { Rule } from '../src/engine/rule.js';
import { inputsAt } from '../src/permissions/inputsAt.js';
import { inlineScriptAnalysis } from '../src/permissions/scriptPermissions.js';
import { stepLabel, stepRange } from '../src/policy/policyActions.js';

export const executeScriptWithoutAssumeRole: Rule = {
  meta: {
    id: 'execute-script-without-assume-role',
    shortDescription: 'An aws:executeScript step calls AWS APIs but the runbook has no assumeRole: the script runs with no permissions.',
    fullDescription:
      'When a step uses aws:executeScript and its script calls AWS API operations, Automation needs an assume role (assumeRole in the runbook, usually passed in as the AutomationAssumeRole parameter). Without one it runs the script without any permissions, and the step fails. A script in an attachment is assumed to call AWS APIs.',
    defaultSeverity: 'error',
    tags: ['correctness', 'security'],
    awsDocs: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-document-script-considerations.html'],
  },
  check({ runbook, report }) {
    if (runbook.assumeRole && runbook.assumeRole.value.trim() !== '') return;
    for (const step of runbook.steps) {
      if (step.action !== 'aws:executeScript') continue;
      const analysis = inlineScriptAnalysis(step);
      const inline = inputsAt(step.inputs, 'Script').length > 0;
      const attached = !inline && inputsAt(step.inputs, 'Attachment').length > 0;
      if (!(analysis?.usesAws === true || attached)) continue;
      const what = attached ? 'runs a script from an attachment, which is assumed to call AWS APIs,' : `calls AWS APIs from its script${analysis?.calls[0] ? ` (${analysis.calls[0].text})` : ''}`;
      report({
        message: `Step ${stepLabel(step)} ${what} but the runbook has no assumeRole, so Automation runs the script without any permissions and the step fails. Add assumeRole: '{{ AutomationAssumeRole }}' and an AutomationAssumeRole parameter.`,
        range: stepRange(step),
        step: stepLabel(step),
      });
    }
  },
};
