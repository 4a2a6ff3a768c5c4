import { createRule, referencedParameter } from '../src/analysis/ruleKit.js';

export const assumeRoleNotParameterized = createRule({
  meta: {
    id: 'assume-role-not-parameterized',
    shortDescription: 'assumeRole is a hard-coded ARN, or its parameter has no allowedPattern for a role ARN.',
    fullDescription:
      'A runbook should take the role it runs as from a parameter (AutomationAssumeRole), so that each account and caller can pass the role made for it; a hard-coded ARN ties the runbook to one account and one role. The parameter should have an allowedPattern that accepts only IAM role ARNs (or the type AWS::IAM::Role::Arn), so that a typo or another kind of ARN is rejected when the automation starts instead of failing at the first step.',
    defaultSeverity: 'warning',
    tags: ['security', 'maintainability'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html',
    ],
  },
  check({ runbook, report }) {
    const assumeRole = runbook.assumeRole;
    if (!assumeRole || assumeRole.value.trim() === '') return;
    // A CloudFormation !GetAtt/!Ref or a Terraform ${...} names a role of the same template: not hard-coded.
    const node = runbook.root.entries.find((entry) => entry.key === 'assumeRole')?.value;
    if (node?.tag !== undefined || node?.kind === 'map' || assumeRole.value.includes('${')) return;
    if (!assumeRole.value.includes('{{') && assumeRole.value.startsWith('arn:')) {
      report({
        message: `assumeRole is a hard-coded role ARN (${assumeRole.value}).`,
        range: assumeRole.range,
        key: 'hard-coded',
      });
      return;
    }
    const name = referencedParameter(assumeRole.value);
    const parameter = name === undefined ? undefined : runbook.parameters.find((candidate) => candidate.name === name);
    if (!parameter) return;
    const pattern = parameter.allowedPattern?.value;
    if (pattern !== undefined && /iam/.test(pattern) && /role/.test(pattern)) return;
    // The AWS::IAM::Role::Arn parameter type is validated by Automation itself (SSM document parameter types).
    if (parameter.type === 'AWS::IAM::Role::Arn') return;
    report({
      message:
        pattern === undefined
          ? `Parameter ${parameter.name} (the assumeRole) has no allowedPattern for a role ARN.`
          : `Parameter ${parameter.name} (the assumeRole) has an allowedPattern that does not describe a role ARN.`,
      range: parameter.allowedPattern?.range ?? parameter.range,
      key: parameter.name,
    });
  },
});
