import { describeNeed } from '../../src/permissions/describeNeed.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildRunbook } from '../../src/model/buildRunbook.js';
import type { Runbook } from '../../src/model/runbook.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { literalPrefixOf } from '../../src/permissions/resolveValues.js';
import { loadPythonParser } from '../../src/permissions/scripts/analyzePython.js';
import { runbookPermissions } from '../../src/permissions/stepPermissions.js';
import { fakeIo } from '../helpers/fakeIo.js';

beforeAll(loadPythonParser);

const ROOT = join(import.meta.dirname, '..', '..');

function runbookOf(yaml: string): Runbook {
  const parsed = parseDocument('test.yaml', yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return buildRunbook(parsed.document)!;
}

function needsOf(yaml: string) {
  return runbookPermissions(runbookOf(yaml)).flatMap((step) => step.needs);
}

const header = "schemaVersion: '0.3'\nparameters:\n  InstanceId: {type: String}\n  Role: {type: String}\nmainSteps:\n";

describe('stepPermissions', () => {
  it('aws:changeInstanceState needs the call for its DesiredState plus the polling calls, on the instance', () => {
    const needs = needsOf(
      `${header}  - name: Stop\n    action: aws:changeInstanceState\n    inputs:\n      InstanceIds: [i-0123456789abcdef0]\n      DesiredState: stopped\n`,
    );
    expect(needs.map((need) => need.action).sort()).toEqual([
      'ec2:DescribeInstanceStatus',
      'ec2:DescribeInstances',
      'ec2:StopInstances',
    ]);
    const stop = needs.find((need) => need.action === 'ec2:StopInstances')!;
    expect(stop.resources).toEqual(['arn:${Partition}:ec2:${Region}:${Account}:instance/i-0123456789abcdef0']);
    expect(stop.resourceConfidence).toBe('certain');
    expect(stop.range.startLine).toBe(6);
  });

  it('CheckStateOnly polls without changing state', () => {
    const needs = needsOf(
      `${header}  - name: Check\n    action: aws:changeInstanceState\n    inputs:\n      InstanceIds: ['{{ InstanceId }}']\n      DesiredState: running\n      CheckStateOnly: true\n`,
    );
    expect(needs.map((need) => need.action)).not.toContain('ec2:StartInstances');
  });

  it('executeAwsApi maps Service/Api through the overrides and locates the need at Api', () => {
    const needs = needsOf(
      `${header}  - name: List\n    action: aws:executeAwsApi\n    inputs:\n      Service: s3\n      Api: ListObjectsV2\n      Bucket: my-logs\n`,
    );
    expect(needs).toHaveLength(1);
    expect(needs[0]).toMatchObject({
      action: 's3:ListBucket',
      resources: ['arn:${Partition}:s3:::my-logs'],
      confidence: 'certain',
    });
    expect(needs[0]!.range.startLine).toBe(10);
    expect(describeNeed(needs[0]!)).toBe('aws:executeAwsApi s3.ListObjectsV2');
  });

  it('a parameter without default gives a wildcard name and unknown resource confidence; a default is likely', () => {
    const dynamic = needsOf(
      `${header}  - name: Stop\n    action: aws:executeAwsApi\n    inputs:\n      Service: ec2\n      Api: StopInstances\n      InstanceIds: ['{{ InstanceId }}']\n`,
    )[0]!;
    expect(dynamic.resources).toEqual(['arn:${Partition}:ec2:${Region}:${Account}:instance/*']);
    expect(dynamic.resourceConfidence).toBe('unknown');
    expect(describeNeed(dynamic)).toContain('parameter InstanceId is known only at run time');
    const withDefault = needsOf(
      "schemaVersion: '0.3'\nparameters:\n  Fn: {type: String, default: AutomationCleanup}\nmainSteps:\n  - name: Call\n    action: aws:invokeLambdaFunction\n    inputs:\n      FunctionName: '{{ Fn }}'\n",
    )[0]!;
    expect(withDefault).toMatchObject({
      action: 'lambda:InvokeFunction',
      resources: ['arn:${Partition}:lambda:${Region}:${Account}:function:AutomationCleanup'],
      resourceConfidence: 'likely',
    });
  });

  it('system variables become ARN placeholders', () => {
    const need = needsOf(
      `${header}  - name: Get\n    action: aws:executeAwsApi\n    inputs:\n      Service: sns\n      Api: GetTopicAttributes\n      TopicArn: 'arn:{{ global:AWS_PARTITION }}:sns:{{ global:REGION }}:{{ global:ACCOUNT_ID }}:Alerts'\n`,
    )[0]!;
    expect(need.resources).toEqual(['arn:${Partition}:sns:${Region}:${Account}:Alerts']);
  });

  it('a role ARN input adds iam:PassRole narrowed by iam:PassedToService', () => {
    const needs = needsOf(
      `${header}  - name: Stack\n    action: aws:createStack\n    inputs:\n      StackName: s\n      TemplateURL: https://example.com/t.yaml\n      RoleARN: arn:aws:iam::123456789012:role/CfnDeployer\n`,
    );
    const passRole = needs.find((need) => need.action === 'iam:PassRole')!;
    expect(passRole.resources).toEqual(['arn:aws:iam::123456789012:role/CfnDeployer']);
    expect(passRole.conditions).toEqual({ StringEquals: { 'iam:PassedToService': ['cloudformation.amazonaws.com'] } });
    expect(needs.map((need) => need.action)).toContain('cloudformation:CreateStack');
  });

  it('runInstances with an instance profile passes a role to EC2, and RunInstances covers its required resource types', () => {
    const needs = needsOf(
      `${header}  - name: Launch\n    action: aws:runInstances\n    inputs:\n      ImageId: ami-0123456789abcdef0\n      IamInstanceProfileName: Web\n`,
    );
    const passRole = needs.find((need) => need.action === 'iam:PassRole')!;
    expect(passRole.conditions).toEqual({ StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } });
    expect(passRole.resources).toEqual(['*']);
    const run = needs.find((need) => need.action === 'ec2:RunInstances')!;
    expect(run.resources).toContain('arn:${Partition}:ec2:${Region}::image/ami-0123456789abcdef0');
    expect(run.resources).toContain('arn:${Partition}:ec2:${Region}:${Account}:instance/*');
    expect(run.resources).toContain('arn:${Partition}:ec2:${Region}:${Account}:subnet/*');
  });

  it('a {{ reference }} Service/Api gives one unknown need of the whole service or of everything', () => {
    const needs = needsOf(
      `${header}  - name: Call\n    action: aws:executeAwsApi\n    inputs:\n      Service: ec2\n      Api: '{{ InstanceId }}'\n`,
    );
    expect(needs).toEqual([expect.objectContaining({ action: 'ec2:*', resources: ['*'], confidence: 'unknown' })]);
    const any = needsOf(
      `${header}  - name: Call\n    action: aws:executeAwsApi\n    inputs:\n      Service: '{{ Role }}'\n      Api: Describe\n`,
    );
    expect(any[0]!.action).toBe('*');
  });

  it('{{ssm:...}} references need ssm:GetParameters on the parameter', () => {
    const needs = needsOf(
      `${header}  - name: Wait\n    action: aws:sleep\n    inputs:\n      Duration: '{{ ssm:/runbooks/wait }}'\n`,
    );
    expect(needs).toEqual([
      expect.objectContaining({
        action: 'ssm:GetParameters',
        resources: ['arn:${Partition}:ssm:${Region}:${Account}:parameter/runbooks/wait'],
      }),
    ]);
  });

  it('AWS-owned SSM documents have no account in their ARN', () => {
    const needs = needsOf(
      `${header}  - name: Run\n    action: aws:runCommand\n    inputs:\n      DocumentName: AWS-RunShellScript\n      InstanceIds: [i-0123456789abcdef0]\n`,
    );
    expect(needs.find((need) => need.action === 'ssm:SendCommand')!.resources).toEqual([
      'arn:${Partition}:ec2:${Region}:${Account}:instance/i-0123456789abcdef0',
      'arn:${Partition}:ssm:${Region}::document/AWS-RunShellScript',
    ]);
  });

  it('script calls become needs at the script line inside the literal block', () => {
    const yaml = `${header}  - name: Script\n    action: aws:executeScript\n    inputs:\n      Runtime: python3.11\n      Handler: handler\n      Script: |\n        import boto3\n        def handler(events, context):\n            boto3.client('ec2').describe_instances()\n`;
    const [need] = needsOf(yaml);
    expect(need).toMatchObject({ action: 'ec2:DescribeInstances', confidence: 'certain' });
    expect(describeNeed(need!)).toContain('(script line 3)');
    expect(need!.range).toMatchObject({ startLine: 14, startColumn: 13 });
  });

  it('literalPrefixOf reads the fixed start of an allowedPattern', () => {
    expect(literalPrefixOf('^Automation[A-Za-z]*$')).toBe('Automation');
    expect(literalPrefixOf('^i-[a-f0-9]{8,17}$')).toBe('i-');
    expect(literalPrefixOf('^ab?c$')).toBe('a');
    expect(literalPrefixOf('[a-z]+')).toBeUndefined();
  });
});

/**
 * Golden `permissions --format json` output for the examples. Regenerate with UPDATE_GOLDEN=1 after a reviewed
 * change; the union of actions is also written out by hand below so that a regenerated golden cannot hide a
 * change in what the tool claims.
 */
const GOLDEN: Record<string, string[]> = {
  'temporary-instance-profile.yaml': [
    'ec2:AssociateIamInstanceProfile',
    'ec2:DisassociateIamInstanceProfile',
    'iam:AddRoleToInstanceProfile',
    'iam:CreateInstanceProfile',
    'iam:CreateRole',
    'iam:DeleteInstanceProfile',
    'iam:DeleteRole',
    'iam:PassRole',
    'iam:RemoveRoleFromInstanceProfile',
    'ssm:DescribeInstanceInformation',
    'ssm:ListCommandInvocations',
    'ssm:ListCommands',
    'ssm:SendCommand',
  ],
  // StartInstances: conditional kms:CreateGrant and kms:Decrypt for volumes encrypted with a customer managed key.
  'restart-instance.yaml': [
    'ec2:DescribeInstanceStatus',
    'ec2:DescribeInstances',
    'ec2:StartInstances',
    'ec2:StopInstances',
    'kms:CreateGrant',
    'kms:Decrypt',
  ],
  // sns:Publish to a topic that may be encrypted with a customer managed key: conditional KMS actions.
  'ami-with-approval.json': [
    'ec2:CreateImage',
    'ec2:CreateTags',
    'ec2:DescribeImages',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'sns:Publish',
  ],
  // aws:executeScript: conditional CloudWatch output logging; s3:PutObject and sns:Publish: conditional KMS actions.
  'report-untagged-volumes.yaml': [
    'ec2:DescribeVolumes',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:DescribeLogGroups',
    'logs:DescribeLogStreams',
    'logs:PutLogEvents',
    's3:PutObject',
    'sns:Publish',
  ],
};

describe('permissions command on the examples (golden)', () => {
  for (const [name, actions] of Object.entries(GOLDEN)) {
    it(name, async () => {
      const io = fakeIo({ cwd: ROOT });
      expect(await main(['node', 'runbook-iam', 'permissions', `examples/${name}`, '--format', 'json'], io)).toBe(0);
      const output = JSON.parse(io.out()) as { version: number; runbook: string; actions: string[]; steps: unknown[] };
      expect(output.version).toBe(1);
      expect(output.runbook).toBe(`examples/${name}`);
      expect(output.actions).toEqual(actions);
      const goldenFile = join(ROOT, 'test', 'permissions', 'golden', `${name}.permissions.json`);
      // A golden is written only on request (UPDATE_GOLDEN=1, then reviewed); a missing one fails the test.
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile, io.out());
      expect(existsSync(goldenFile), `${goldenFile} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(io.out()).toBe(readFileSync(goldenFile, 'utf8'));
    });
  }
});
