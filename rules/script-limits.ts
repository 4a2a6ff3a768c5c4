import { createRule, inputsAt, scalarInput } from '../src/analysis/ruleKit.js';

const MAX_ATTACHMENTS = 5;
/** Runtimes aws:executeScript takes: Python 3 versions and PowerShell Core 6.0 / PowerShell 7.x (aws:executeScript reference). */
const SUPPORTED_RUNTIME = /^(python3\.\d{1,2}|PowerShell Core 6\.0|PowerShell 7\.\d)$/;

export const scriptLimits = createRule({
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
  check({ runbook, steps, report }) {
    if (runbook.files.length > MAX_ATTACHMENTS) {
      const extra = runbook.files[MAX_ATTACHMENTS];
      report({
        message: `The runbook has ${runbook.files.length} file attachments; runbooks allow at most ${MAX_ATTACHMENTS}.`,
        range: extra?.range ?? runbook.range,
        key: 'attachments',
      });
    }
    for (const step of steps) {
      if (step.step.action !== 'aws:executeScript') continue;
      const inputs = step.step.inputs;
      const runtime = scalarInput(inputs, 'Runtime');
      if (runtime !== undefined && !runtime.includes('{{') && !SUPPORTED_RUNTIME.test(runtime)) {
        report({
          step,
          message: `Step ${step.label} uses Runtime "${runtime}", which aws:executeScript does not support.`,
          range: inputsAt(inputs, 'Runtime')[0]?.range ?? step.range,
          key: 'runtime',
        });
        continue;
      }
      const analysis = step.scripts.scripts.find((script) => script.origin === 'inline')?.analysis;
      const handler = scalarInput(inputs, 'Handler');
      if (
        analysis?.language === 'python' &&
        analysis.handlerFound === false &&
        analysis.parseErrors.length === 0 &&
        handler !== undefined
      ) {
        report({
          step,
          message: `Step ${step.label} names Handler "${handler}", but the script defines no top-level function ${handler}.`,
          range: inputsAt(inputs, 'Handler')[0]?.range ?? step.range,
          key: 'handler',
        });
      }
    }
  },
});
