import { createRule, roleFindingRange, roleLabel } from '../src/analysis/ruleKit.js';

export const trustPolicyMissingSsm = createRule({
  meta: {
    id: 'trust-policy-missing-ssm',
    shortDescription:
      "The role's trust policy does not let ssm.amazonaws.com assume it, so Automation cannot run as it.",
    fullDescription:
      "Automation assumes the runbook's role as the service principal ssm.amazonaws.com. The role's trust policy (AssumeRolePolicyDocument) must allow that principal sts:AssumeRole, for an automation in the role's own account; otherwise every run fails before its first step. The trust policy is evaluated offline with iam-simulate, conditions included.",
    defaultSeverity: 'error',
    tags: ['correctness', 'security'],
    awsDocs: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-iam.html'],
    requiresRole: true,
  },
  check({ runbook, role, report }) {
    if (!role?.trust || role.trust.ssmAllowed) return;
    report({
      message: `The trust policy of ${roleLabel(role.role)} does not let ssm.amazonaws.com assume it.`,
      range: roleFindingRange(runbook),
    });
  },
});
