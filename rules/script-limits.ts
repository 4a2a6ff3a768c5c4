import type { Rule } from '../src/engine/rule.js';
import { inputsAt, scalarInput } from '../src/permissions/inputsAt.js';
import { stepScripts } from '../src/permissions/scriptPermissions.js';
import { stepRange } from '../src/policy/policyActions.js';
import { stepLabel } from '../src/model/stepLabel.js';

const MAX_ATTACHMENTS = 5;
/** Runtimes aws:executeScript takes: Python 3 versions and PowerShell Core 6.0 / PowerShell 7.x (aws:executeScript reference). */
const SUPPORTED_RUNTIME = /^(python3\.\d{1,2}|PowerShell Core 6\.0|PowerShell 7\.\d)$/;

export const scriptLimits: Rule = {
  meta: {
    id: 'script-limits',
    shortDescription:
      'More than five attachments, an unsupported aws:executeScript runtime, or a Handler the inline script does not define.',
    fullDescription:
      'Runbooks enforce a limit of five file attachments. aws:executeScript runs Python 3 (python3.x) or PowerShell (PowerShell Core 6.0, PowerShell 7.x) scripts; another Runtime is rejected. For an inline Python script, Handler must name a function the script defines, or the step fails when it starts.',
    defaultSeverity: 'error',
    tags: ['correctness'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-document-script-considerations.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html',
    ],
  },
  check({ runbook, report }) {
    if (runbook.files.length > MAX_ATTACHMENTS) {
      const extra = runbook.files[MAX_ATTACHMENTS];
      report({
        message: `The runbook has ${runbook.files.length} file attachments, but runbooks are limited to ${MAX_ATTACHMENTS}. Combine the scripts into a .zip attachment.`,
        range: extra?.range ?? runbook.range,
      });
    }
    for (const step of runbook.steps) {
      if (step.action !== 'aws:executeScript') continue;
      const runtimeNode = inputsAt(step.inputs, 'Runtime')[0];
      const runtime = scalarInput(step.inputs, 'Runtime');
      if (runtime !== undefined && !runtime.includes('{{') && !SUPPORTED_RUNTIME.test(runtime)) {
        report({
          message: `Step ${stepLabel(step)} uses Runtime "${runtime}", which aws:executeScript does not support. Use a python3.x runtime (such as python3.11) or PowerShell 7.4.`,
          range: runtimeNode?.range ?? stepRange(step),
          step: stepLabel(step),
        });
        continue;
      }
      const analysis = stepScripts(runbook, step).scripts.find((script) => script.origin === 'inline')?.analysis;
      const handler = scalarInput(step.inputs, 'Handler');
      if (
        analysis?.language === 'python' &&
        analysis.handlerFound === false &&
        analysis.parseErrors.length === 0 &&
        handler !== undefined
      ) {
        report({
          message: `Step ${stepLabel(step)} names Handler "${handler}", but the inline script defines no top-level function ${handler}, so the step fails when it starts. Rename the Handler to the script's entry function${analysis.functions.length > 0 ? ` (the script defines ${analysis.functions.slice(0, 4).join(', ')})` : ''}.`,
          range: inputsAt(step.inputs, 'Handler')[0]?.range ?? stepRange(step),
          step: stepLabel(step),
        });
      }
    }
  },
};
