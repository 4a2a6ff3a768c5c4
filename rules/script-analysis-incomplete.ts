import { createRule } from '../src/analysis/ruleKit.js';

export const scriptAnalysisIncomplete = createRule({
  meta: {
    id: 'script-analysis-incomplete',
    shortDescription:
      "An aws:executeScript step's code could not be (fully) analysed, so its permissions may be incomplete.",
    fullDescription:
      'runbook-iam reads the Python or PowerShell an aws:executeScript step runs — the inline Script, or the Attachment next to the runbook — to find the AWS calls it makes. When the attachment is missing or unreadable, the runtime is neither Python nor PowerShell, or the script has syntax errors, the calls it finds may be incomplete: the listed permissions and the checks that use them (missing-permission, execute-script-without-assume-role) may miss something.',
    defaultSeverity: 'note',
    tags: ['least-privilege', 'correctness'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-document-script-considerations.html',
    ],
  },
  check({ steps, report }) {
    for (const step of steps) {
      if (step.step.action !== 'aws:executeScript') continue;
      const { scripts, problem } = step.scripts;
      if (problem) {
        report({
          step,
          message: `The AWS calls of step ${step.label} are not all known: ${problem.replace(/\.$/, '')}.`,
          range: step.step.headRange,
          key: 'problem',
        });
      }
      for (const script of scripts) {
        const [first] = script.analysis.parseErrors;
        if (!first) continue;
        const where = script.origin === 'inline' ? 'its script' : script.origin;
        const more =
          script.analysis.parseErrors.length > 1 ? ` (and ${script.analysis.parseErrors.length - 1} more)` : '';
        report({
          step,
          message: `Step ${step.label}: ${where} has a syntax error at line ${first.line}, column ${first.column}${more}.`,
          range: script.locate({
            line: first.line,
            column: first.column,
            endLine: first.line,
            endColumn: first.column,
          }),
          key: `syntax ${script.origin}`,
        });
      }
    }
  },
});
