import { createRule, roleFindingRange, roleLabel } from '../src/analysis/ruleKit.js';

export const trustPolicyConfusedDeputy = createRule({
  meta: {
    id: 'trust-policy-confused-deputy',
    shortDescription:
      'The trust policy lets ssm.amazonaws.com assume the role without an aws:SourceAccount or aws:SourceArn condition.',
    fullDescription:
      'A trust policy that lets ssm.amazonaws.com assume the role with no aws:SourceAccount or aws:SourceArn condition lets Systems Manager assume it on behalf of an automation in any account (the confused deputy problem). AWS recommends limiting it to automations of your own account: aws:SourceAccount, or aws:SourceArn arn:aws:ssm:*:ACCOUNT:automation-execution/*. The check asks iam-simulate whether an automation of another account could assume the role.',
    defaultSeverity: 'warning',
    tags: ['security'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-iam.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
    ],
    requiresRole: true,
  },
  check({ runbook, role, report }) {
    if (!role?.trust || !role.trust.ssmAllowed || !role.trust.ssmAllowedForOtherAccount) return;
    report({
      message: `The trust policy of ${roleLabel(role.role)} lets ssm.amazonaws.com assume it for an automation in any account.`,
      range: roleFindingRange(runbook),
    });
  },
});
