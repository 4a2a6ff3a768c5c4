import {
  allowStatements,
  createRule,
  listOf,
  roleFindingRange,
  roleLabel,
  statementLabel,
} from '../src/analysis/ruleKit.js';

export const wildcardAction = createRule({
  meta: {
    id: 'wildcard-action',
    shortDescription: 'A policy of the role allows "*" or "service:*" actions (or uses NotAction in an Allow).',
    fullDescription:
      'An Allow statement with Action "*" or "service:*" (or an Allow with NotAction) grants every action of the service, including ones added to it later, most of which a runbook never needs. List the actions the steps need instead (runbook-iam policy prints them). AWS managed policies are judged only with --strict.',
    defaultSeverity: 'warning',
    tags: ['least-privilege', 'security'],
    awsDocs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege'],
    requiresRole: true,
  },
  check({ runbook, role, strict, report }) {
    if (!role) return;
    for (const located of allowStatements(role.role, strict)) {
      const wildcards = listOf(located.statement.Action).filter(
        (action) => action === '*' || /^[a-z0-9-]+:\*$/i.test(action),
      );
      const notAction = located.statement.NotAction !== undefined;
      if (wildcards.length === 0 && !notAction) continue;
      const what =
        wildcards.length > 0
          ? `allows ${wildcards.map((action) => `"${action}"`).join(', ')}`
          : 'allows every action but its NotAction list';
      report({
        message: `${statementLabel(located)} of ${roleLabel(role.role)} ${what}.`,
        range: roleFindingRange(runbook),
        key: statementLabel(located),
      });
    }
  },
});
