import { createRule, lambdaOutsideScope, listSome, roleLabel } from '../src/analysis/ruleKit.js';

export const missingPermission = createRule({
  meta: {
    id: 'missing-permission',
    shortDescription: 'The role does not allow an action (on the resource) that a step needs.',
    fullDescription:
      "Every IAM action a step needs — what Automation calls for the step type, the Service/Api operation, the AWS calls in its script, Parameter Store reads — is evaluated against the role's policies with iam-simulate (wildcards, NotAction, conditions). Placeholders in resource ARNs get sample values (partition aws, region us-east-1, the role's account); a resource known only at run time counts as allowed when the role allows the action on some resource. Actions chosen at run time are not judged. iam:PassRole is reported by passrole-not-granted, Automation*-scoped Lambda functions by lambda-outside-automation-role.",
    defaultSeverity: 'error',
    tags: ['correctness', 'least-privilege'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-iam.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
    ],
    requiresRole: true,
  },
  check({ steps, role, report }) {
    if (!role || role.role.incomplete) return;
    for (const step of steps) {
      const missing = new Map<string, Set<string>>();
      for (const need of step.needs) {
        if (need.action === 'iam:PassRole' || lambdaOutsideScope(need, role) !== undefined) continue;
        const decision = role.decision(need);
        if (!decision || decision.allowed) continue;
        const resources = missing.get(need.action) ?? new Set<string>();
        for (const resource of decision.deniedResources) if (resource !== '*') resources.add(resource);
        missing.set(need.action, resources);
      }
      if (missing.size === 0) continue;
      const listed = [...missing].map(([action, resources]) =>
        resources.size === 0 ? action : `${action} on ${listSome([...resources], 1)}`,
      );
      report({
        step,
        message: `Step ${step.label} needs ${listSome(listed, 2)}, which ${roleLabel(role.role)} does not allow.`,
        key: [...missing.keys()].sort().join(','),
      });
    }
  },
});
