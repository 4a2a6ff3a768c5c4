import type { Rule } from '../src/engine/rule.js';
import { roleLabel } from '../src/policy/policyActions.js';

export const passroleNotGranted: Rule = {
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
  check({ permissions, role, report }) {
    if (!role || role.role.incomplete) return;
    for (const step of permissions) {
      for (const need of step.needs) {
        if (need.action !== 'iam:PassRole') continue;
        const decision = role.decision(need);
        if (!decision || decision.allowed) continue;
        const service = need.conditions?.StringEquals?.['iam:PassedToService']?.[0];
        const target = need.resources.includes('*') ? 'a role' : need.resources.join(', ');
        report({
          message: `Step ${step.step} passes ${target}${service ? ` to ${service}` : ''}, but ${roleLabel(role.role)} does not allow iam:PassRole on it, so the step fails with AccessDenied. Allow iam:PassRole on ${need.resources.includes('*') ? "the passed role's ARN" : 'that ARN'}${service ? ` with iam:PassedToService ${service}` : ''}.`,
          range: need.range,
          step: step.step,
        });
      }
    }
  },
};
