import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePowerShell } from '../../../src/permissions/scripts/analyzePowerShell.js';
import type { CmdletTable } from '../../../src/permissions/scripts/cmdletTable.js';

const table: CmdletTable = {
  cmdlets: {
    'Get-EC2Instance': { service: 'ec2', operation: 'DescribeInstances' },
    'Stop-EC2Instance': { service: 'ec2', operation: 'StopInstances' },
    'Write-S3Object': { service: 's3', operation: 'PutObject' },
    'Get-SSMParameter': { service: 'ssm', operation: 'GetParameter' },
    'Use-STSRole': { service: 'sts', operation: 'AssumeRole' },
  },
  prefixes: { EC2: 'ec2', S3: 's3', SSM: 'ssm', STS: 'sts', CW: 'cloudwatch', CWL: 'logs' },
  nonApi: ['Set-DefaultAWSRegion'],
};
const analyze = (source: string) => analyzePowerShell(source, { cmdlets: table });

describe('analyzePowerShell', () => {
  it('maps cmdlets to operations with positions', () => {
    const result = analyze(
      [
        'Import-Module AWS.Tools.EC2',
        'Install-Module AWS.Tools.S3 -Force',
        'Set-DefaultAWSRegion -Region us-east-1',
        '$instances = Get-EC2Instance -InstanceId $env:ID',
        'foreach ($i in $instances) { stop-ec2instance -InstanceId $i.InstanceId }',
        "AWS.Tools.S3\\Write-S3Object -BucketName b -Key k -Content 'x'",
        '$p = (Get-SSMParameter -Name "/p").Value; Use-STSRole -RoleArn $arn',
      ].join('\n'),
    );
    expect(result.language).toBe('powershell');
    expect(result.usesAws).toBe(true);
    expect(result.calls.map((c) => [c.text, c.service, c.operation, c.kind, c.confidence, c.line, c.column])).toEqual([
      ['Get-EC2Instance', 'ec2', 'DescribeInstances', 'cmdlet', 'certain', 4, 14],
      ['stop-ec2instance', 'ec2', 'StopInstances', 'cmdlet', 'certain', 5, 30],
      ['Write-S3Object', 's3', 'PutObject', 'cmdlet', 'certain', 6, 1],
      ['Get-SSMParameter', 'ssm', 'GetParameter', 'cmdlet', 'certain', 7, 7],
      ['Use-STSRole', 'sts', 'AssumeRole', 'cmdlet', 'certain', 7, 43],
    ]);
  });

  it('ignores cmdlet names in comments, strings and here-strings', () => {
    const result = analyze(
      [
        '# Get-EC2Instance in a comment',
        '<# Stop-EC2Instance',
        '   in a block comment #>',
        "Write-Host 'Write-S3Object in a single-quoted string'",
        'Write-Host "Get-SSMParameter in a double-quoted string `" still inside"',
        "$a = @'",
        'Use-STSRole',
        "'@",
        '$b = @"',
        'Get-EC2Instance $literal',
        '"@',
        'Write-Output "instances: $(Get-EC2Instance -Region x)"',
      ].join('\n'),
    );
    expect(result.calls.map((c) => [c.text, c.line])).toEqual([['Get-EC2Instance', 12]]);
  });

  it('reports unknown AWS-looking cmdlets and skips other cmdlets and function names', () => {
    const result = analyze(
      [
        'function Get-EC2Helper { param($x) Write-Host $x }',
        'Get-Date; Get-ChildItem; Write-Host "x"',
        'Get-EC2Frobnicator -Id 1',
        'Get-CWLLogGroup',
        'Get-CWAlarm',
      ].join('\n'),
    );
    expect(result.functions).toEqual(['Get-EC2Helper']);
    expect(result.calls.map((c) => [c.text, c.service, c.operation, c.kind, c.confidence])).toEqual([
      ['Get-EC2Frobnicator', 'ec2', null, 'cmdlet', 'unknown'],
      ['Get-CWLLogGroup', 'logs', null, 'cmdlet', 'unknown'],
      ['Get-CWAlarm', 'cloudwatch', null, 'cmdlet', 'unknown'],
    ]);
  });

  it('reports no AWS use for plain scripts and never throws', () => {
    expect(analyze('Import-Module AWS.Tools.EC2\nWrite-Host "hello"')).toEqual({
      language: 'powershell',
      usesAws: false,
      calls: [],
      functions: [],
      handlerFound: null,
      parseErrors: [],
    });
    for (const source of ['', '"unterminated', "@'\nno end", '<# open', '$(', '`'])
      expect(() => analyze(source)).not.toThrow();
  });

  const generated = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../../action-map/powershell-cmdlets.json'), 'utf8'),
  ) as CmdletTable & {
    provenance: { skipped: string[] };
  };

  it('works with the generated cmdlet table', () => {
    const result = analyzePowerShell(
      'Get-SSMParameterValue -Name a\nWrite-S3Object -BucketName b\nUse-STSRole -RoleArn r\nSend-SQSMessage -QueueUrl u',
      { cmdlets: generated },
    );
    expect(result.calls.map((c) => `${c.service}:${c.operation}`)).toEqual([
      'ssm:GetParameters',
      's3:PutObject',
      'sts:AssumeRole',
      'sqs:SendMessage',
    ]);
  });

  it('maps cmdlets of the services extracted from the generator configs', () => {
    // Verb and noun as given in each service's ServiceOperation element (see action-map/sources).
    const expected: [string, string][] = [
      ['Get-EC2Instance', 'ec2:DescribeInstances'],
      ['Stop-EC2Instance', 'ec2:StopInstances'],
      ['New-EC2Instance', 'ec2:RunInstances'],
      ['New-EC2Tag', 'ec2:CreateTags'],
      ['Get-IAMRole', 'iam:GetRole'],
      ['Register-IAMRolePolicy', 'iam:AttachRolePolicy'],
      ['Invoke-LMFunction', 'lambda:Invoke'],
      ['Write-CWMetricData', 'cloudwatch:PutMetricData'],
      ['Write-CWLLogEvent', 'logs:PutLogEvents'],
      ['Get-CFNStack', 'cloudformation:DescribeStacks'],
      ['Invoke-KMSDecrypt', 'kms:Decrypt'],
      ['Publish-SNSMessage', 'sns:Publish'],
      ['Get-DDBItem', 'dynamodb:GetItem'],
      ['Update-ASAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup'],
      ['Get-ELB2TargetHealth', 'elbv2:DescribeTargetHealth'],
      ['Get-SECSecretValue', 'secretsmanager:GetSecretValue'],
      ['Start-CFGConfigRulesEvaluation', 'config:StartConfigRulesEvaluation'],
      ['Get-ORGAccountList', 'organizations:ListAccounts'],
      ['Get-RDSDBInstance', 'rds:DescribeDBInstances'],
      ['Get-RDSTenantDatabasis', 'rds:DescribeTenantDatabases'],
    ];
    const result = analyzePowerShell(expected.map(([cmdlet]) => cmdlet).join('\n'), { cmdlets: generated });
    expect(result.calls.map((c) => [c.text, `${c.service}:${c.operation}`, c.confidence])).toEqual(
      expected.map(([cmdlet, call]) => [cmdlet, call, 'certain']),
    );
  });

  it('keeps cmdlets for operations missing from the aws-sdk models as unknown calls of their service', () => {
    // ListLogGroups is in logs.xml but not in aws-sdk v2's logs model, so the generator skips it.
    expect(generated.provenance.skipped).toContain('logs:ListLogGroups');
    const result = analyzePowerShell('Get-CWLLogGroupList', { cmdlets: generated });
    expect(result.calls.map((c) => [c.service, c.operation, c.confidence])).toEqual([['logs', null, 'unknown']]);
  });

  it('takes every noun prefix from an extracted generator config', () => {
    const services = new Set(Object.values(generated.cmdlets).map((c) => c.service));
    expect(Object.keys(generated.prefixes).sort()).toEqual([
      'AS',
      'CFG',
      'CFN',
      'CW',
      'CWL',
      'DDB',
      'EC2',
      'ELB2',
      'IAM',
      'KMS',
      'LM',
      'ORG',
      'RDS',
      'S3',
      'SEC',
      'SNS',
      'SQS',
      'SSM',
      'STS',
    ]);
    for (const service of Object.values(generated.prefixes)) expect(services).toContain(service);
  });
});
