import {
  allowStatements,
  createRule,
  listOf,
  roleFindingRange,
  roleLabel,
  statementGrants,
  statementLabel,
} from '../src/analysis/ruleKit.js';

/** A Resource that names every role: `*`, or a role ARN whose name part is only a wildcard. */
function coversAnyRole(resource: string): boolean {
  return resource === '*' || /^arn:[^:]*:iam::[^:]*:(role\/)?\*$/.test(resource) || /^arn:\*(:\*)*$/.test(resource);
}

function hasPassedToService(condition: Record<string, Record<string, unknown>> | undefined): boolean {
  return Object.values(condition ?? {}).some((block) =>
    Object.keys(block).some((key) => key.toLowerCase() === 'iam:passedtoservice'),
  );
}

export const passroleWildcard = createRule({
  meta: {
    id: 'passrole-wildcard',
    shortDescription:
      'The role may pass any role (iam:PassRole on "*") or pass roles to any service (no iam:PassedToService condition).',
    fullDescription:
      'iam:PassRole lets the role hand another role to a service (CloudFormation, EC2, Lambda, Systems Manager), which then acts with that role\'s permissions. Granted on "*" it lets the runbook — and anyone who can start it — hand out the most privileged role in the account; without an iam:PassedToService condition, to any service. Grant iam:PassRole on the ARNs of the roles the runbook passes, with iam:PassedToService. AWS managed policies are judged only with --strict.',
    defaultSeverity: 'error',
    tags: ['security', 'least-privilege'],
    awsDocs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
    requiresRole: true,
  },
  check({ runbook, role, strict, report }) {
    if (!role) return;
    for (const located of allowStatements(role.role, strict)) {
      if (!statementGrants(located.statement, 'iam:PassRole')) continue;
      const resources = listOf(located.statement.Resource);
      const anyRole = located.statement.NotResource !== undefined || resources.some(coversAnyRole);
      const anyService = !hasPassedToService(located.statement.Condition);
      if (!anyRole && !anyService) continue;
      const problem =
        anyRole && anyService
          ? 'on every role and to any service'
          : anyRole
            ? 'on every role'
            : 'to any service (no iam:PassedToService)';
      report({
        message: `${statementLabel(located)} of ${roleLabel(role.role)} allows iam:PassRole ${problem}.`,
        range: roleFindingRange(runbook),
        key: statementLabel(located),
      });
    }
  },
});
