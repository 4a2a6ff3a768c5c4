import { createRule } from '../src/analysis/ruleKit.js';

export const executeScriptWithoutAssumeRole = createRule({
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
  check({ runbook, steps, report }) {
    if (runbook.assumeRole && runbook.assumeRole.value.trim() !== '') return;
    for (const step of steps) {
      if (step.step.action !== 'aws:executeScript') continue;
      const { scripts, problem } = step.scripts;
      const awsScript = scripts.find((script) => script.analysis.usesAws);
      // Code that could not be read (a missing attachment, a build-time placeholder) is assumed to call AWS: the safe side.
      if (!awsScript && problem === undefined) continue;
      const firstCall = awsScript?.analysis.calls[0];
      const what = awsScript
        ? `calls AWS${firstCall ? ` (${firstCall.text})` : ''}`
        : 'runs code that could not be read (assumed to call AWS)';
      report({ step, message: `Step ${step.label} ${what}, but the runbook has no assumeRole.` });
    }
  },
});
