import { createRule } from '../src/analysis/ruleKit.js';

/**
 * Files that cannot be read or parsed never become a Runbook, so this rule has nothing to check on one: the engine
 * reports its findings while reading (src/engine/loadRunbooks.ts). It is registered for its id, severity and docs.
 */
export const parseError = createRule({
  meta: {
    id: 'parse-error',
    shortDescription: 'The file cannot be read or parsed as a YAML or JSON runbook.',
    fullDescription:
      'Systems Manager rejects a document that is not valid YAML or JSON. runbook-iam reports files it cannot read (missing, unreadable, over the size limit, binary, not UTF-8) or parse (syntax errors that no YAML or JSON parser accepts, several YAML documents in one file, alias bombs, nesting too deep), with the position where it is known. Such a file gives exit code 2.',
    defaultSeverity: 'error',
    tags: ['correctness'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html',
    ],
  },
  check() {
    // Reported by the loader before a runbook exists; see the comment above.
  },
});
