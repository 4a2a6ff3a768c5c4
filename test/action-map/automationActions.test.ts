import { describe, expect, it } from 'vitest';
import { automationActionInfo, automationActionTypes } from '../../src/permissions/actionMap.js';
import type { AutomationActionInfo } from '../../src/permissions/actionMap.js';

/** The actions that apply for given step inputs, the way stepPermissions evaluates when/unless. */
function actionsFor(info: AutomationActionInfo | undefined, inputs: Record<string, unknown>): string[] {
  const get = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), inputs);
  const matches = (c: { input: string; equals?: (string | boolean)[] } | undefined): boolean => {
    if (!c) return false;
    const value = get(c.input);
    return c.equals ? c.equals.includes(value as string | boolean) : value !== undefined;
  };
  return [
    ...new Set(
      (info?.actions ?? []).filter((a) => (!a.when || matches(a.when)) && !matches(a.unless)).map((a) => a.action),
    ),
  ];
}

const ALL_TYPES = [
  'aws:approve',
  'aws:assertAwsResourceProperty',
  'aws:branch',
  'aws:changeInstanceState',
  'aws:copyImage',
  'aws:createImage',
  'aws:createStack',
  'aws:createTags',
  'aws:deleteImage',
  'aws:deleteStack',
  'aws:executeAutomation',
  'aws:executeAwsApi',
  'aws:executeScript',
  'aws:executeStateMachine',
  'aws:invokeLambdaFunction',
  'aws:invokeWebhook',
  'aws:loop',
  'aws:pause',
  'aws:runCommand',
  'aws:runInstances',
  'aws:sleep',
  'aws:updateVariable',
  'aws:waitForAwsResourceProperty',
];

describe('automation action table', () => {
  it('has exactly the documented aws: action types', () => {
    expect(automationActionTypes()).toEqual(ALL_TYPES);
    expect(automationActionInfo('aws:nonsense')).toBeUndefined();
    expect(automationActionInfo('toString')).toBeUndefined();
  });

  it.each(ALL_TYPES)('%s cites its documentation page', (type) => {
    expect(automationActionInfo(type)?.doc).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/systems-manager\//);
  });

  it('aws:changeInstanceState follows DesiredState and CheckStateOnly', () => {
    const info = automationActionInfo('aws:changeInstanceState');
    const describe = ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'];
    expect(actionsFor(info, { DesiredState: 'running' })).toEqual([...describe, 'ec2:StartInstances']);
    expect(actionsFor(info, { DesiredState: 'stopped' })).toEqual([...describe, 'ec2:StopInstances']);
    expect(actionsFor(info, { DesiredState: 'terminated' })).toEqual([...describe, 'ec2:TerminateInstances']);
    expect(actionsFor(info, { DesiredState: 'running', CheckStateOnly: true })).toEqual(describe);
  });

  it('aws:runInstances adds CreateTags and PassRole by input', () => {
    const info = automationActionInfo('aws:runInstances');
    const base = ['ec2:RunInstances', 'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'];
    expect(actionsFor(info, { ImageId: 'ami-1' })).toEqual(base);
    expect(actionsFor(info, { ImageId: 'ami-1', TagSpecifications: [], IamInstanceProfileName: 'p' })).toEqual([
      ...base,
      'ec2:CreateTags',
      'iam:PassRole',
    ]);
    expect(info?.actions.find((a) => a.action === 'iam:PassRole')?.passedToService).toBe('ec2.amazonaws.com');
  });

  it('aws:createStack and aws:deleteStack pass RoleARN to CloudFormation', () => {
    for (const type of ['aws:createStack', 'aws:deleteStack']) {
      const info = automationActionInfo(type);
      expect(actionsFor(info, {})).not.toContain('iam:PassRole');
      expect(actionsFor(info, { RoleARN: 'arn:aws:iam::1:role/cfn' })).toContain('iam:PassRole');
      expect(info?.actions.find((a) => a.action === 'iam:PassRole')?.passedToService).toBe(
        'cloudformation.amazonaws.com',
      );
    }
    expect(actionsFor(automationActionInfo('aws:createStack'), {})).toEqual([
      'cloudformation:CreateStack',
      'cloudformation:DescribeStacks',
      'cloudformation:DeleteStack',
    ]);
    expect(actionsFor(automationActionInfo('aws:deleteStack'), {})).toEqual([
      'cloudformation:DeleteStack',
      'cloudformation:DescribeStacks',
    ]);
  });

  it('aws:runCommand sends and polls the command; ServiceRoleArn needs PassRole', () => {
    const info = automationActionInfo('aws:runCommand');
    const base = [
      'ssm:SendCommand',
      'ssm:ListCommands',
      'ssm:ListCommandInvocations',
      'ssm:DescribeInstanceInformation',
    ];
    expect(actionsFor(info, {})).toEqual(base);
    expect(actionsFor(info, { ServiceRoleArn: 'arn' })).toEqual([...base, 'iam:PassRole']);
  });

  it('aws:executeAutomation starts and polls the child; a nested assume role needs PassRole', () => {
    const info = automationActionInfo('aws:executeAutomation');
    expect(actionsFor(info, { DocumentName: 'X' })).toEqual([
      'ssm:StartAutomationExecution',
      'ssm:GetAutomationExecution',
    ]);
    expect(actionsFor(info, { RuntimeParameters: { AutomationAssumeRole: ['arn'] } })).toContain('iam:PassRole');
  });

  it('aws:approve publishes to NotificationArn only when given', () => {
    const info = automationActionInfo('aws:approve');
    expect(actionsFor(info, {})).toEqual([]);
    expect(actionsFor(info, { NotificationArn: 'arn:aws:sns:us-east-1:1:t' })).toEqual(['sns:Publish']);
  });

  it('aws:createTags tags EC2 resources by default and Systems Manager resources by ResourceType', () => {
    const info = automationActionInfo('aws:createTags');
    expect(actionsFor(info, {})).toEqual(['ec2:CreateTags']);
    expect(actionsFor(info, { ResourceType: 'EC2' })).toEqual(['ec2:CreateTags']);
    for (const ResourceType of ['ManagedInstance', 'MaintenanceWindow', 'Parameter']) {
      expect(actionsFor(info, { ResourceType })).toEqual(['ssm:AddTagsToResource']);
    }
  });

  it('image actions', () => {
    expect(actionsFor(automationActionInfo('aws:createImage'), {})).toEqual(['ec2:CreateImage', 'ec2:DescribeImages']);
    expect(actionsFor(automationActionInfo('aws:deleteImage'), {})).toEqual([
      'ec2:DescribeImages',
      'ec2:DeregisterImage',
      'ec2:DeleteSnapshot',
    ]);
    expect(actionsFor(automationActionInfo('aws:copyImage'), {})).toEqual(['ec2:CopyImage', 'ec2:DescribeImages']);
    expect(actionsFor(automationActionInfo('aws:copyImage'), { KmsKeyId: 'k' })).toContain('kms:CreateGrant');
  });

  it('invoke actions', () => {
    expect(actionsFor(automationActionInfo('aws:invokeLambdaFunction'), {})).toEqual(['lambda:InvokeFunction']);
    expect(actionsFor(automationActionInfo('aws:executeStateMachine'), {})).toEqual([
      'states:StartExecution',
      'states:DescribeExecution',
    ]);
    expect(actionsFor(automationActionInfo('aws:invokeWebhook'), {})).toEqual(['ssm:GetParameter', 'kms:Decrypt']);
  });

  it('API and script steps delegate; flow-control steps need nothing', () => {
    for (const type of ['aws:executeAwsApi', 'aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty']) {
      expect(automationActionInfo(type)?.delegatesTo).toBe('operation');
    }
    expect(automationActionInfo('aws:executeScript')?.delegatesTo).toBe('script');
    for (const type of ['aws:branch', 'aws:sleep', 'aws:pause', 'aws:loop', 'aws:updateVariable']) {
      const info = automationActionInfo(type);
      expect(info?.actions).toEqual([]);
      expect(info?.delegatesTo).toBeUndefined();
    }
  });
});
