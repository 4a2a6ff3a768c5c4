import type { Rule } from '../src/engine/rule.js';
import { roleFindingRange, roleLabel } from '../src/policy/policyActions.js';

export const trustPolicyMissingSsm: Rule = {
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
      message: `The trust policy of ${roleLabel(role.role)} does not allow ssm.amazonaws.com to sts:AssumeRole (for an automation in account ${role.account}), so Automation cannot run as this role. Add a statement with Principal {"Service": "ssm.amazonaws.com"}, Action sts:AssumeRole and an aws:SourceAccount condition.`,
      range: roleFindingRange(runbook),
    });
  },
};
