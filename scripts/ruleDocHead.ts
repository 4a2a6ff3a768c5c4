// The part of a rule page under docs/rules/ that comes from the rule's meta: title, severity and tags, "What it checks"
// (the short description), "Why" (the full description) and the AWS documentation links. Everything after it (the
// "Bad" and "Fixed" examples, and any other hand-written section) is written by hand; test/meta/ruleDocs.test.ts
// checks both parts.
import type { RuleMeta } from '../src/analysis/ruleKit.js';

const ROLE_NOTE =
  'This rule needs the role the runbook runs as (`--role`, `roles:` in `.runbook-iam.yaml`, or a role in the same template; see [Roles](../roles.md)). Without it the rule is skipped and `lint` says so once.';

/** The generated head of the page of the rule with `meta`, ending with a blank line. */
export function ruleDocHead(meta: RuleMeta): string {
  return [
    `# ${meta.id}`,
    '',
    `**Severity:** ${meta.defaultSeverity} · **Tags:** ${meta.tags.join(', ')}`,
    '',
    '## What it checks',
    '',
    meta.shortDescription,
    '',
    ...(meta.requiresRole ? [ROLE_NOTE, ''] : []),
    '## Why',
    '',
    meta.fullDescription,
    '',
    'AWS documentation:',
    '',
    ...meta.awsDocs.map((url) => `- <${url}>`),
    '',
  ].join('\n');
}

/** The hand-written rest of a page: from its first level-2 heading other than "What it checks" and "Why". */
export function ruleDocBody(page: string): string {
  const match = /^## (?!What it checks$|Why$).*$/m.exec(page);
  return match ? page.slice(match.index) : '';
}
