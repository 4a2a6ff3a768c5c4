import { createRule } from '../src/analysis/ruleKit.js';

/**
 * The parser reads what Systems Manager reads: YAML that only YAML 1.1 parsers accept (through js-yaml) and build
 * templates with their directives blanked (src/parse/parseDocument.ts). It records each leniency on the runbook;
 * this rule reports them, so that they can be configured and suppressed like any finding.
 */
export const yamlCompatibility = createRule({
  meta: {
    id: 'yaml-compatibility',
    shortDescription: 'The file is read leniently: YAML only YAML 1.1 parsers accept, or a build template.',
    fullDescription:
      'Systems Manager and PyYAML-based tools accept YAML that a YAML 1.2 parser rejects: a flow mapping indented less than its key, a quoted scalar continued at column 1. runbook-iam reads such a file as they do and notes where it differs, so that it can be tidied for every tool. A file with Terraform templatefile(), Jinja or ERB directives is analysed with the directives blanked, every branch kept.',
    defaultSeverity: 'note',
    tags: ['maintainability'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html',
      'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html',
    ],
  },
  check({ runbook, report }) {
    for (const diagnostic of runbook.parseDiagnostics)
      if (diagnostic.ruleId === 'yaml-compatibility')
        report({ message: diagnostic.message, range: diagnostic.range, key: diagnostic.message });
  },
});
