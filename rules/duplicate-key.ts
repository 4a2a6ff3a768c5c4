import { createRule } from '../src/analysis/ruleKit.js';

/**
 * The parser keeps the last value of a key written twice and records both definitions on the runbook
 * (src/parse/parseDocument.ts); this rule reports them.
 */
export const duplicateKey = createRule({
  meta: {
    id: 'duplicate-key',
    shortDescription: 'A mapping defines the same key twice; only the last value counts.',
    fullDescription:
      'YAML requires the keys of a mapping to be unique, but the loaders AWS tooling uses (PyYAML, JSON.parse, CloudFormation) keep the last value without a word. The earlier value is dead text that reviewers read as if it ran: a second `inputs:` or `onFailure:` silently replaces the first. runbook-iam analyses the last value, as those loaders do, and reports both definitions.',
    defaultSeverity: 'error',
    tags: ['correctness'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html',
    ],
  },
  check({ runbook, report }) {
    for (const diagnostic of runbook.parseDiagnostics)
      if (diagnostic.ruleId === 'duplicate-key')
        report({ message: diagnostic.message, range: diagnostic.range, key: diagnostic.message });
  },
});
