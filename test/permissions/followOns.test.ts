import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildRunbook } from '../../src/model/buildRunbook.js';
import type { Runbook } from '../../src/model/runbook.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { automationActionInfo, iamActionExists } from '../../src/permissions/actionMap.js';
import { allFollowOns } from '../../src/permissions/followOnTable.js';
import type { FollowOnKind, PermissionNeed } from '../../src/permissions/permissionNeed.js';
import { loadPythonParser } from '../../src/permissions/scripts/analyzePython.js';
import { runbookPermissions } from '../../src/permissions/stepPermissions.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

const ROOT = join(import.meta.dirname, '..', '..');

const dirs: TempDir[] = [];
beforeAll(async () => {
  await loadPythonParser();
});
afterAll(() => {
  for (const dir of dirs) dir.remove();
});

function newDir(): TempDir {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

function runbookOf(steps: string): Runbook {
  const yaml = `schemaVersion: '0.3'\nassumeRole: '{{ AutomationAssumeRole }}'\nparameters:\n  AutomationAssumeRole: {type: String}\nmainSteps:\n${steps}`;
  const parsed = parseDocument('test.yaml', yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return buildRunbook(parsed.document)!;
}

function needsOf(steps: string, exclude: FollowOnKind[] = []): PermissionNeed[] {
  return runbookPermissions(runbookOf(steps), { exclude }).flatMap((step) => step.needs);
}

function actionsOf(needs: PermissionNeed[], filter: (need: PermissionNeed) => boolean = () => true): string[] {
  return [...new Set(needs.filter(filter).map((need) => need.action))].sort();
}

const api = (service: string, operation: string, inputs = '') =>
  `  - name: Call\n    action: aws:executeAwsApi\n    inputs:\n      Service: ${service}\n      Api: ${operation}\n${inputs}`;

const script = (body: string) =>
  `  - name: Script\n    action: aws:executeScript\n    inputs:\n      Runtime: python3.11\n      Handler: handler\n      Script: |\n        import boto3\n        def handler(event, context):\n${body
    .split('\n')
    .map((line) => `            ${line}`)
    .join('\n')}\n`;

const isFollowOn = (kind: FollowOnKind) => (need: PermissionNeed) =>
  need.origin.kind === 'follow-on' && need.origin.followOn === kind;

describe('KMS follow-ons', () => {
  it('sqs SendMessage needs kms:GenerateDataKey and kms:Decrypt on condition, through SQS only', () => {
    const needs = needsOf(
      api('sqs', 'SendMessage', '      QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/q\n'),
    );
    const kms = needs.filter(isFollowOn('kms'));
    expect(actionsOf(kms)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const need of kms) {
      expect(need.confidence).toBe('conditional');
      expect(need.condition).toMatchObject({ kind: 'customer-managed-key', service: 'sqs' });
      expect(need.conditions).toEqual({ StringLike: { 'kms:ViaService': ['sqs.*.amazonaws.com'] } });
      expect(need.origin).toMatchObject({ of: 'sqs:SendMessage' });
      expect(need.resources).toEqual(['arn:${Partition}:kms:${Region}:${Account}:key/*']);
    }
  });

  it('clean twin: sqs GetQueueAttributes touches no encrypted message, so no KMS need', () => {
    const needs = needsOf(
      api('sqs', 'GetQueueAttributes', '      QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/q\n'),
    );
    expect(actionsOf(needs)).toEqual(['sqs:GetQueueAttributes']);
  });

  it('a boto3 sns.publish in a script brings the same conditional KMS needs; list_topics does not', () => {
    const publish = needsOf(
      script("boto3.client('sns').publish(TopicArn='arn:aws:sns:us-east-1:123456789012:t', Message='m')"),
      ['cloudwatch-output'],
    );
    expect(actionsOf(publish)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish']);
    expect(publish.find((need) => need.action === 'kms:Decrypt')?.range.startLine).toBe(
      publish.find((need) => need.action === 'sns:Publish')?.range.startLine,
    );
    const list = needsOf(script("boto3.client('sns').list_topics()"), ['cloudwatch-output']);
    expect(actionsOf(list)).toEqual(['sns:ListTopics']);
  });

  it('ssm GetParameter needs kms:Decrypt only WithDecryption', () => {
    const decrypted = needsOf(api('ssm', 'GetParameter', '      Name: /app/secret\n      WithDecryption: true\n'));
    expect(actionsOf(decrypted, isFollowOn('kms'))).toEqual(['kms:Decrypt']);
    const plain = needsOf(api('ssm', 'GetParameter', '      Name: /app/plain\n'));
    expect(actionsOf(plain)).toEqual(['ssm:GetParameter']);
  });

  it('a certain KMS need from a KmsKeyId input is not repeated as a conditional one', () => {
    const needs = needsOf(
      api(
        'ec2',
        'RunInstances',
        '      ImageId: ami-0123456789abcdef0\n      MinCount: 1\n      MaxCount: 1\n      BlockDeviceMappings: [{DeviceName: /dev/xvda, Ebs: {KmsKeyId: alias/mine}}]\n',
      ),
    );
    const grants = needs.filter((need) => need.action === 'kms:CreateGrant');
    expect(grants.map((need) => need.confidence)).toEqual(['certain']);
  });

  it('--exclude kms leaves them out', () => {
    const needs = needsOf(
      api('sqs', 'SendMessage', '      QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/q\n'),
      ['kms'],
    );
    expect(actionsOf(needs)).toEqual(['sqs:SendMessage']);
  });
});

describe('CloudWatch output logging', () => {
  it('aws:executeScript needs the five logs actions on condition that CloudWatch output is on', () => {
    const needs = needsOf(script("boto3.client('ec2').describe_instances()"));
    const logs = needs.filter(isFollowOn('cloudwatch-output'));
    expect(actionsOf(logs)).toEqual([
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:DescribeLogGroups',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ]);
    for (const need of logs) {
      expect(need.confidence).toBe('conditional');
      expect(need.condition?.kind).toBe('cloudwatch-output');
      expect(need.resources).toEqual(['*']);
    }
  });

  it('clean twin: aws:executeAwsApi sends no output to CloudWatch Logs', () => {
    expect(actionsOf(needsOf(api('ec2', 'DescribeInstances')))).toEqual(['ec2:DescribeInstances']);
  });

  it('is left out with the cloudwatch-output kind excluded', () => {
    const needs = needsOf(script("boto3.client('ec2').describe_instances()"), ['cloudwatch-output']);
    expect(actionsOf(needs)).toEqual(['ec2:DescribeInstances']);
  });
});

describe('actions a service performs with the caller credentials', () => {
  it('DynamoDB RestoreTableFromBackup needs the item actions the restore writes with', () => {
    const needs = needsOf(
      api(
        'dynamodb',
        'RestoreTableFromBackup',
        '      TargetTableName: restored\n      BackupArn: arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/01\n',
      ),
      ['kms'],
    );
    const dependent = needs.filter(isFollowOn('dependent'));
    expect(actionsOf(dependent)).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ]);
    expect(dependent.every((need) => need.confidence === 'certain' && need.condition === undefined)).toBe(true);
  });

  it('clean twin: DescribeTable needs nothing more', () => {
    expect(actionsOf(needsOf(api('dynamodb', 'DescribeTable', '      TableName: t\n')))).toEqual([
      'dynamodb:DescribeTable',
    ]);
  });

  it('tags on create in a script: run_instances with TagSpecifications needs ec2:CreateTags, without it does not', () => {
    const tagged = needsOf(
      script("boto3.client('ec2').run_instances(ImageId='ami-1', MinCount=1, MaxCount=1, TagSpecifications=[])"),
      ['cloudwatch-output', 'kms'],
    );
    expect(actionsOf(tagged)).toEqual(['ec2:CreateTags', 'ec2:RunInstances']);
    const untagged = needsOf(script("boto3.client('ec2').run_instances(ImageId='ami-1', MinCount=1, MaxCount=1)"), [
      'cloudwatch-output',
      'kms',
    ]);
    expect(actionsOf(untagged)).toEqual(['ec2:RunInstances']);
  });
});

describe('actions a service performs: rotation and service-linked roles', () => {
  it('RotateSecret invokes the rotation function: lambda:InvokeFunction, certain', () => {
    const needs = needsOf(
      script("boto3.client('secretsmanager').rotate_secret(SecretId='db', RotateImmediately=True)"),
      ['cloudwatch-output', 'kms'],
    );
    expect(actionsOf(needs)).toEqual(['lambda:InvokeFunction', 'secretsmanager:RotateSecret']);
    const invoke = needs.find((need) => need.action === 'lambda:InvokeFunction')!;
    expect(invoke.confidence).toBe('certain');
    expect(invoke.origin).toMatchObject({
      kind: 'follow-on',
      of: 'secretsmanager:RotateSecret',
      followOn: 'dependent',
    });
  });

  it('clean twin: DescribeSecret starts no rotation', () => {
    expect(actionsOf(needsOf(api('secretsmanager', 'DescribeSecret', '      SecretId: db\n'), ['kms']))).toEqual([
      'secretsmanager:DescribeSecret',
    ]);
  });

  it.each(['waf', 'waf-regional', 'wafv2'])(
    '%s PutLoggingConfiguration may create the logging service-linked role: conditional iam:CreateServiceLinkedRole',
    (service) => {
      const needs = needsOf(api(service, 'PutLoggingConfiguration', '      LoggingConfiguration: {}\n'));
      const created = needs.filter((need) => need.action === 'iam:CreateServiceLinkedRole');
      expect(created).toHaveLength(1);
      expect(created[0]!.confidence).toBe('conditional');
      expect(created[0]!.condition).toEqual({
        kind: 'account-state',
        text: "the account does not have AWS WAF's logging service-linked role yet",
      });
    },
  );

  it('clean twin: GetLoggingConfiguration creates no role', () => {
    expect(actionsOf(needsOf(api('wafv2', 'GetLoggingConfiguration', '      ResourceArn: arn\n')))).toEqual([
      'wafv2:GetLoggingConfiguration',
    ]);
  });
});

describe('iam:PassRole inside maps and payloads', () => {
  const passRoles = (needs: PermissionNeed[]) => needs.filter((need) => need.action === 'iam:PassRole');

  it('start_automation_execution passing AutomationAssumeRole in Parameters passes the role to Automation', () => {
    const needs = needsOf(
      script(
        "boto3.client('ssm').start_automation_execution(DocumentName='Child', Parameters={'AutomationAssumeRole': [event['Role']], 'InstanceId': ['i-1']})",
      ),
      ['cloudwatch-output'],
    );
    const [passRole] = passRoles(needs);
    expect(passRole).toMatchObject({
      confidence: 'certain',
      conditions: { StringEquals: { 'iam:PassedToService': ['ssm.amazonaws.com'] } },
      origin: { kind: 'script', whenInput: 'Parameters.AutomationAssumeRole' },
    });
  });

  it('clean twin: a child started without AutomationAssumeRole passes no role', () => {
    const needs = needsOf(
      script(
        "boto3.client('ssm').start_automation_execution(DocumentName='Child', Parameters={'InstanceId': ['i-1']})",
      ),
      ['cloudwatch-output'],
    );
    expect(passRoles(needs)).toEqual([]);
  });

  it('Parameters from a variable may hold the role: the PassRole is likely', () => {
    const needs = needsOf(
      script(
        "params = build(event)\nboto3.client('ssm').start_automation_execution(DocumentName='Child', Parameters=params)",
      ),
      ['cloudwatch-output'],
    );
    expect(passRoles(needs).map((need) => need.confidence)).toEqual(['likely']);
  });

  it('lambda create_function(Role=) and backup start_backup_job(IamRoleArn=) pass roles to their services', () => {
    const needs = needsOf(
      script(
        "boto3.client('lambda').create_function(FunctionName='f', Role=event['Role'], Code={})\nboto3.client('backup').start_backup_job(BackupVaultName='v', ResourceArn=event['Arn'], IamRoleArn=event['Role'])",
      ),
      ['cloudwatch-output'],
    );
    expect(passRoles(needs).map((need) => need.conditions?.StringEquals?.['iam:PassedToService'])).toEqual([
      ['lambda.amazonaws.com'],
      ['backup.amazonaws.com'],
    ]);
  });

  it('clean twin: reading a function and listing backup jobs pass no role', () => {
    const needs = needsOf(
      script("boto3.client('lambda').get_function(FunctionName='f')\nboto3.client('backup').list_backup_jobs()"),
      ['cloudwatch-output'],
    );
    expect(passRoles(needs)).toEqual([]);
  });

  it('aws:executeAutomation with RuntimeParameters.AutomationAssumeRole passes the role; without, it does not', () => {
    const step = (runtime: string) =>
      `  - name: Child\n    action: aws:executeAutomation\n    inputs:\n      DocumentName: Child\n${runtime}`;
    const withRole = needsOf(
      step("      RuntimeParameters:\n        AutomationAssumeRole: ['arn:aws:iam::123456789012:role/ChildRole']\n"),
    );
    expect(passRoles(withRole)).toHaveLength(1);
    // The role ARN in the one-item list names the role passed.
    expect(passRoles(withRole)[0]?.resources).toEqual(['arn:aws:iam::123456789012:role/ChildRole']);
    expect(passRoles(needsOf(step('      RuntimeParameters:\n        InstanceId: [i-1]\n')))).toEqual([]);
  });
});

describe('incompleteness', () => {
  it('a placeholder script marks its step incomplete; a real script does not', () => {
    const placeholder = runbookPermissions(
      runbookOf(
        "  - name: Built\n    action: aws:executeScript\n    inputs:\n      Runtime: python3.11\n      Handler: handler\n      Script: '%%SCRIPT=handler.py%%'\n",
      ),
    );
    expect(placeholder[0]?.incomplete).toMatch(/placeholder \(%%SCRIPT=handler\.py%%\)/);
    const real = runbookPermissions(runbookOf(script("boto3.client('ec2').describe_instances()")));
    expect(real[0]?.incomplete).toBeUndefined();
  });

  it('permissions marks it in the table and the JSON; policy exits 1 unless --allow-incomplete', async () => {
    const dir = newDir();
    dir.write(
      'built.yaml',
      "schemaVersion: '0.3'\nmainSteps:\n  - name: Built\n    action: aws:executeScript\n    inputs:\n      Runtime: python3.11\n      Handler: handler\n      Script: '%%SCRIPT=handler.py%%'\n  - name: Stop\n    action: aws:changeInstanceState\n    inputs:\n      InstanceIds: [i-0123456789abcdef0]\n      DesiredState: stopped\n",
    );
    const table = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'permissions', 'built.yaml'], table)).toBe(0);
    expect(table.out()).toMatch(/^Built +aws:executeScript +\(incomplete\) /m);
    expect(table.out()).toContain("Incomplete: 1 step's needs could not all be found");
    const json = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'permissions', 'built.yaml', '-f', 'json'], json)).toBe(0);
    const output = JSON.parse(json.out()) as {
      version: number;
      incomplete: string[];
      steps: { incomplete?: string }[];
    };
    expect(output.version).toBe(1);
    expect(output.incomplete).toEqual(['Built']);
    expect(output.steps[1]?.incomplete).toBeUndefined();

    const policy = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'policy', 'built.yaml'], policy)).toBe(1);
    expect(policy.err()).toContain(
      'runbook-iam: not covered: built.yaml step Built: the script is a build placeholder',
    );
    const allowed = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'policy', 'built.yaml', '--allow-incomplete'], allowed)).toBe(0);
    expect(allowed.out()).toBe(policy.out());
  });

  it('aws:createStack without a RoleARN and with a TemplateURL is incomplete; with a RoleARN it is not', () => {
    const stack = (role: string) =>
      `  - name: Stack\n    action: aws:createStack\n    inputs:\n      StackName: s\n${role}      TemplateURL: https://example.com/t.yaml\n`;
    const [withoutRole] = runbookPermissions(runbookOf(stack('')));
    expect(withoutRole?.incomplete).toMatch(
      /^CloudFormation creates the stack's resources with this runbook's role \(no RoleARN\), and the template is not in the runbook/,
    );
    const [withRole] = runbookPermissions(runbookOf(stack('      RoleARN: arn:aws:iam::123456789012:role/CfnRole\n')));
    expect(withRole?.incomplete).toBeUndefined();
    expect(withRole?.needs.map((need) => need.action)).toContain('iam:PassRole');
  });

  it('clean twin: a fully read runbook makes policy exit 0 and print no "not covered"', async () => {
    const io = fakeIo({ cwd: ROOT });
    expect(await main(['node', 'runbook-iam', 'policy', 'examples/restart-instance.yaml'], io)).toBe(0);
    expect(io.err()).not.toContain('not covered');
  });
});

describe('config and flags', () => {
  it('permissions: exclude in the config leaves a kind out; --exclude on the command line wins', async () => {
    const dir = newDir();
    dir.write('.runbook-iam.yaml', 'permissions:\n  exclude: [cloudwatch-output]\n');
    dir.write(
      'script.yaml',
      "schemaVersion: '0.3'\nmainSteps:\n" + script("boto3.client('sqs').send_message(QueueUrl='u', MessageBody='b')"),
    );
    const fromConfig = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'permissions', 'script.yaml', '-f', 'json'], fromConfig)).toBe(0);
    expect((JSON.parse(fromConfig.out()) as { actions: string[] }).actions).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'sqs:SendMessage',
    ]);
    const fromFlag = fakeIo({ cwd: dir.path });
    expect(
      await main(['node', 'runbook-iam', 'permissions', 'script.yaml', '-f', 'json', '--exclude', 'kms'], fromFlag),
    ).toBe(0);
    expect((JSON.parse(fromFlag.out()) as { actions: string[] }).actions).toContain('logs:PutLogEvents');
    expect((JSON.parse(fromFlag.out()) as { actions: string[] }).actions).not.toContain('kms:Decrypt');
  });

  it('an unknown kind is a usage error', async () => {
    const io = fakeIo({ cwd: ROOT });
    expect(
      await main(['node', 'runbook-iam', 'permissions', 'examples/restart-instance.yaml', '--exclude', 'logging'], io),
    ).toBe(2);
    expect(io.err()).toContain('logging');
  });
});

describe('explain', () => {
  it('shows an operation follow-ons with their condition; an operation without any shows none', async () => {
    const io = fakeIo({ cwd: ROOT });
    expect(await main(['node', 'runbook-iam', 'explain', 'sqs', 'SendMessage'], io)).toBe(0);
    expect(io.out()).toContain('Follow-on actions:');
    expect(io.out()).toContain('kms:GenerateDataKey, kms:Decrypt (kms:ViaService = sqs.<region>.amazonaws.com)');
    expect(io.out()).toContain('only if the queue uses server-side encryption with a customer managed KMS key');
    const quiet = fakeIo({ cwd: ROOT });
    expect(await main(['node', 'runbook-iam', 'explain', 'sqs', 'GetQueueAttributes'], quiet)).toBe(0);
    expect(quiet.out()).not.toContain('Follow-on');
  });

  it('shows CloudWatch output logging for aws:executeScript, and nothing of the kind for aws:sleep', async () => {
    const io = fakeIo({ cwd: ROOT });
    expect(await main(['node', 'runbook-iam', 'explain', 'aws:executeScript'], io)).toBe(0);
    expect(io.out()).toContain('logs:PutLogEvents');
    expect(io.out()).toContain('cloudwatch-output, conditional');
    const quiet = fakeIo({ cwd: ROOT });
    expect(await main(['node', 'runbook-iam', 'explain', 'aws:sleep'], quiet)).toBe(0);
    expect(quiet.out()).not.toContain('Follow-on');
  });
});

describe('action-map/follow-ons.json', () => {
  const stored = JSON.parse(readFileSync(join(ROOT, 'action-map', 'follow-ons.json'), 'utf8')) as {
    followOns: unknown[];
  };

  it('every entry names real IAM actions, a real trigger, and cites an AWS documentation page', () => {
    expect(allFollowOns()).toHaveLength(stored.followOns.length);
    for (const entry of allFollowOns()) {
      expect(iamActionExists(entry.of) || automationActionInfo(entry.of) !== undefined, entry.of).toBe(true);
      for (const action of entry.actions) expect(iamActionExists(action), `${entry.of} → ${action}`).toBe(true);
      expect(entry.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(entry.why.length).toBeGreaterThan(20);
      if (entry.kind === 'kms') {
        expect(entry.viaService, entry.of).toBeTruthy();
        expect(entry.actions.every((action) => action.startsWith('kms:'))).toBe(true);
      }
      if (entry.kind !== 'dependent') expect(entry.condition, entry.of).toBeTruthy();
    }
  });
});
