import {
  actionPatternsOverlap,
  allowStatements,
  createRule,
  listOf,
  listSome,
  roleFindingRange,
  roleLabel,
} from '../src/analysis/ruleKit.js';

export const excessPermission = createRule({
  meta: {
    id: 'excess-permission',
    shortDescription: 'The role allows actions that no step of the runbook needs.',
    fullDescription:
      'Least privilege: the role a runbook runs as should allow what its steps need and nothing more, because whoever can start the runbook can use the rest. The rule lists the actions in the role\'s own policies (Action entries of Allow statements; a pattern such as ec2:Describe* counts when no need matches it) that no step needs. AWS managed policies are judged only with --strict; "*" and "service:*" are reported by wildcard-action. A runbook with a step whose actions are known only at run time is not judged.',
    defaultSeverity: 'warning',
    tags: ['least-privilege', 'security'],
    awsDocs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege'],
    requiresRole: true,
  },
  check({ runbook, permissions, role, strict, report }) {
    if (!role) return;
    const needed = [...new Set(permissions.flatMap((step) => step.needs.map((need) => need.action)))];
    if (needed.includes('*')) return;
    const excess = new Set<string>();
    for (const { statement } of allowStatements(role.role, strict)) {
      for (const action of listOf(statement.Action)) {
        if (action === '*' || /^[a-z0-9-]+:\*$/i.test(action)) continue;
        if (!needed.some((need) => actionPatternsOverlap(action, need))) excess.add(action);
      }
    }
    if (excess.size === 0) return;
    const actions = [...excess].sort();
    report({
      message: `The ${roleLabel(role.role)} allows ${actions.length === 1 ? 'an action' : `${actions.length} actions`} no step needs: ${listSome(actions, 4)}.`,
      range: roleFindingRange(runbook),
      key: actions.join(','),
    });
  },
});
