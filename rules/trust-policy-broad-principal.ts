import { createRule, roleFindingRange, roleLabel } from '../src/analysis/ruleKit.js';

export const trustPolicyBroadPrincipal = createRule({
  meta: {
    id: 'trust-policy-broad-principal',
    shortDescription: 'The trust policy lets "*" or another account\'s principals assume the role with no condition.',
    fullDescription:
      'An Automation service role only needs to trust ssm.amazonaws.com. A trust policy statement with Principal "*" or a principal of another account and no condition lets anyone there assume the role and use every permission the runbook needs, outside Automation. Each such principal is checked with iam-simulate: another account\'s principal that may assume the role with no request context is reported.',
    defaultSeverity: 'error',
    tags: ['security'],
    awsDocs: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-iam.html',
    ],
    requiresRole: true,
  },
  check({ runbook, role, report }) {
    const principals = role?.trust?.broadPrincipals ?? [];
    if (!role || principals.length === 0) return;
    report({
      message: `The trust policy of ${roleLabel(role.role)} lets ${principals.map((principal) => `"${principal}"`).join(', ')} assume it with no condition.`,
      range: roleFindingRange(runbook),
      key: principals.join(','),
    });
  },
});
