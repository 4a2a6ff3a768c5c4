import { createRule, inputsAt, parameterReferences, scalarInput } from '../src/analysis/ruleKit.js';
import type { DocNode, PermissionNeed, Runbook, Step } from '../src/analysis/ruleKit.js';

/** What each action lets a runbook (and whoever may start it) do beyond its own role (IAM privilege escalation paths). */
const ESCALATIONS: Record<string, string> = {
  'iam:createrole': 'iam:CreateRole creates a role that can then be given any permissions',
  'iam:attachrolepolicy': 'iam:AttachRolePolicy attaches any managed policy (even AdministratorAccess) to a role',
  'iam:putrolepolicy': 'iam:PutRolePolicy writes any inline policy into a role',
  'iam:attachuserpolicy': 'iam:AttachUserPolicy attaches any managed policy to a user',
  'iam:putuserpolicy': 'iam:PutUserPolicy writes any inline policy into a user',
  'iam:attachgrouppolicy': 'iam:AttachGroupPolicy attaches any managed policy to a group',
  'iam:putgrouppolicy': 'iam:PutGroupPolicy writes any inline policy into a group',
  'iam:addusertogroup': 'iam:AddUserToGroup gives a user the permissions of any group',
  'iam:createpolicyversion':
    'iam:CreatePolicyVersion rewrites a managed policy (and can make the new version the default)',
  'iam:setdefaultpolicyversion': 'iam:SetDefaultPolicyVersion switches a managed policy to another of its versions',
  'iam:updateassumerolepolicy': 'iam:UpdateAssumeRolePolicy lets new principals assume a role',
  'iam:addroletoinstanceprofile':
    'iam:AddRoleToInstanceProfile gives instances using the profile the permissions of a role',
  'iam:createaccesskey': 'iam:CreateAccessKey creates long-lived credentials for a user',
  'iam:createloginprofile': 'iam:CreateLoginProfile sets a console password for a user',
  'iam:updateloginprofile': "iam:UpdateLoginProfile changes a user's console password",
  'iam:passrole': "iam:PassRole hands a role to a service, which then acts with that role's permissions",
  'sts:assumerole': "sts:AssumeRole takes on another role's permissions",
  'ec2:associateiaminstanceprofile': "ec2:AssociateIamInstanceProfile gives an instance a role's permissions",
  'ec2:replaceiaminstanceprofileassociation':
    "ec2:ReplaceIamInstanceProfileAssociation gives an instance another role's permissions",
  'lambda:updatefunctioncode': "lambda:UpdateFunctionCode runs new code with the function's role",
};

const COMMAND_DOCUMENTS = /^(AWS-RunShellScript|AWS-RunPowerShellScript|AWS-RunRemoteScript)$/;

/** A value the caller of the runbook chooses: it refers to a parameter without pinning it to allowed values. */
function callerControlled(node: DocNode, runbook: Runbook): string | undefined {
  const texts: string[] = [];
  const collect = (current: DocNode): void => {
    if (current.kind === 'scalar') texts.push(String(current.value));
    else if (current.kind === 'seq') current.items.forEach(collect);
    else current.entries.forEach((entry) => collect(entry.value));
  };
  collect(node);
  for (const text of texts) {
    for (const name of parameterReferences(text)) {
      const parameter = runbook.parameters.find((candidate) => candidate.name === name);
      if (parameter && parameter.allowedValues === undefined && parameter.allowedPattern === undefined)
        return parameter.name;
    }
  }
  return undefined;
}

/** aws:runCommand (or an executeAwsApi ssm.SendCommand) that runs commands the caller passes in. */
function arbitraryCommands(step: Step, runbook: Runbook): string | undefined {
  const isRunCommand =
    step.action === 'aws:runCommand' ||
    (step.action === 'aws:executeAwsApi' &&
      scalarInput(step.inputs, 'Service') === 'ssm' &&
      scalarInput(step.inputs, 'Api') === 'SendCommand');
  if (!isRunCommand) return undefined;
  const document = scalarInput(step.inputs, 'DocumentName') ?? '';
  const documentParameter = /\{\{/.test(document)
    ? callerControlled(inputsAt(step.inputs, 'DocumentName')[0] as DocNode, runbook)
    : undefined;
  if (documentParameter) return `ssm:SendCommand of any document (parameter ${documentParameter})`;
  if (!COMMAND_DOCUMENTS.test(document)) return undefined;
  for (const node of [...inputsAt(step.inputs, 'Parameters.commands'), ...inputsAt(step.inputs, 'Parameters')]) {
    const parameter = callerControlled(node, runbook);
    if (parameter) return `ssm:SendCommand of caller-supplied commands (parameter ${parameter})`;
  }
  return undefined;
}

/**
 * A role handed to a nested automation (aws:executeAutomation) is the role that runbook runs as; linting that runbook
 * judges it. Reporting every nested call would bury the real paths (seen on real runbooks: most pass their own role).
 */
function passesToNestedAutomation(step: Step, need: PermissionNeed): boolean {
  return need.action === 'iam:PassRole' && step.action === 'aws:executeAutomation';
}

export const privilegeEscalationStep = createRule({
  meta: {
    id: 'privilege-escalation-step',
    shortDescription:
      'A step can grant privileges (create or attach role policies, pass roles, run caller-supplied commands).',
    fullDescription:
      'Some actions let a runbook grant permissions beyond its own: creating roles and writing their policies, rewriting managed policies or trust policies, attaching roles to instances, passing roles to services, assuming roles, creating access keys, or running commands the caller supplies on instances with their roles. Anyone allowed to start the runbook can use that path. Such steps deserve review, a narrow role (resource ARNs, conditions such as iam:PermissionsBoundary) and restricted start permissions.',
    defaultSeverity: 'warning',
    tags: ['security'],
    awsDocs: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-iam.html',
    ],
  },
  check({ runbook, steps, report }) {
    for (const step of steps) {
      const paths = new Set<string>();
      for (const need of step.needs) {
        if (need.confidence === 'unknown') continue;
        if (ESCALATIONS[need.action.toLowerCase()] && !passesToNestedAutomation(step.step, need))
          paths.add(need.action);
      }
      const commands = arbitraryCommands(step.step, runbook);
      if (commands) paths.add(commands);
      if (paths.size === 0) continue;
      const listed = [...paths];
      report({
        step,
        message: `Step ${step.label} can grant privileges: ${listed.slice(0, 3).join(', ')}${listed.length > 3 ? ` and ${listed.length - 3} more` : ''}.`,
        key: listed.sort().join(','),
      });
    }
  },
});
