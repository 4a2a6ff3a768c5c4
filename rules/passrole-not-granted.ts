import { createRule } from '../src/analysis/ruleKit.js';

export const passroleNotGranted = createRule({
  meta: {
    id: 'passrole-not-granted',
    shortDescription:
      'A step passes a role (RoleARN, instance profile, AutomationAssumeRole, ServiceRoleArn) that the role may not pass.',
    fullDescription:
      "A step that hands a role to a service — aws:createStack RoleARN, aws:runInstances IamInstanceProfileName/Arn, aws:executeAutomation RuntimeParameters.AutomationAssumeRole, aws:runCommand ServiceRoleArn, an executeAwsApi call with a role input — makes Automation call iam:PassRole on that role. If the runbook's role does not allow it (for that role ARN and receiving service), the step fails with AccessDenied. Evaluated with iam-simulate, including iam:PassedToService.",
    defaultSeverity: 'error',
    tags: ['correctness', 'security'],
    awsDocs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
    requiresRole: true,
  },
  check({ steps, role, report }) {
    if (!role || role.role.incomplete) return;
    for (const step of steps) {
      for (const need of step.needs) {
        if (need.action !== 'iam:PassRole') continue;
        const decision = role.decision(need);
        if (!decision || decision.allowed) continue;
        const service = need.conditions?.StringEquals?.['iam:PassedToService']?.[0];
        const target = need.resources.includes('*') ? 'a role' : need.resources.join(', ');
        report({
          step,
          message: `Step ${step.label} passes ${target}${service ? ` to ${service}` : ''} without iam:PassRole on it.`,
          range: need.range,
          key: `${need.resources.join(',')} ${service ?? ''}`,
        });
      }
    }
  },
});
