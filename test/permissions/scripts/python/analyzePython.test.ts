import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePython, loadPythonParser } from '../../../../src/permissions/scripts/analyzePython.js';
import type { ScriptCall } from '../../../../src/permissions/scripts/scriptAnalysis.js';
import { testCatalog } from '../testCatalog.js';

const catalog = testCatalog();
const analyze = (source: string, handler?: string) =>
  analyzePython(source, handler === undefined ? { catalog } : { handler, catalog });
const ops = (calls: ScriptCall[]): string[] => calls.map((c) => `${c.service}:${c.operation}`);

beforeAll(loadPythonParser);

describe('analyzePython: clients', () => {
  it('maps client methods to operations through the catalog', () => {
    const result = analyze(
      [
        'import boto3',
        "ec2 = boto3.client('ec2')",
        'def script_handler(events, context):',
        "    ec2.describe_instances(InstanceIds=[events['id']])",
        "    ec2.stop_instances(InstanceIds=[events['id']])",
      ].join('\n'),
      'script_handler',
    );
    expect(result.usesAws).toBe(true);
    expect(result.handlerFound).toBe(true);
    expect(result.calls).toEqual([
      expect.objectContaining({
        service: 'ec2',
        operation: 'DescribeInstances',
        method: 'describe_instances',
        kind: 'client',
        confidence: 'certain',
        line: 4,
        column: 5,
        text: 'ec2.describe_instances',
        reachableFromHandler: true,
      }),
      expect.objectContaining({ service: 'ec2', operation: 'StopInstances', line: 5 }),
    ]);
    expect(result.calls[0]?.endLine).toBe(4);
  });

  it('understands import aliases, from-imports, keyword service names and chained calls', () => {
    const result = analyze(
      [
        'import boto3 as b',
        'from boto3 import client, resource, Session',
        "x = b.client(service_name='s3', region_name='us-east-1', config=None)",
        'x.list_buckets()',
        "client('sts').get_caller_identity()",
        "Session(region_name='eu-west-1').client('kms').describe_key(KeyId='k')",
      ].join('\n'),
    );
    expect(ops(result.calls)).toEqual(['s3:ListBuckets', 'sts:GetCallerIdentity', 'kms:DescribeKey']);
    expect(result.handlerFound).toBeNull();
  });

  it('follows boto3 and botocore sessions', () => {
    const result = analyze(
      [
        'import boto3',
        'import botocore.session',
        'session = boto3.session.Session()',
        "session.client('ssm').get_parameter(Name='p')",
        "core = botocore.session.get_session().create_client('ec2')",
        'core.describe_vpcs()',
        'from boto3.session import Session as S',
        "S().resource('s3').Bucket('b').delete()",
      ].join('\n'),
    );
    expect(ops(result.calls)).toEqual(['ssm:GetParameter', 'ec2:DescribeVpcs', 's3:DeleteBucket']);
  });

  it('follows clients stored on self and passed into or returned from functions', () => {
    const result = analyze(
      [
        'import boto3',
        'class Remediator:',
        '    def __init__(self):',
        "        self.iam = boto3.client('iam')",
        '    def run(self, user):',
        '        self.iam.delete_login_profile(UserName=user)',
        '        detach(self.iam, user)',
        'def detach(client, user):',
        '    client.list_attached_user_policies(UserName=user)',
        'def logs_client():',
        "    return boto3.client('logs')",
        'def script_handler(events, context):',
        "    Remediator().run(events['user'])",
        "    logs_client().create_log_group(logGroupName='g')",
        '    c = logs_client()',
        "    c.put_retention_policy(logGroupName='g', retentionInDays=1)",
      ].join('\n'),
      'script_handler',
    );
    expect(ops(result.calls)).toEqual([
      'iam:DeleteLoginProfile',
      'iam:ListAttachedUserPolicies',
      'logs:CreateLogGroup',
      'logs:PutRetentionPolicy',
    ]);
    expect(result.calls.every((c) => c.reachableFromHandler)).toBe(true);
    expect(result.functions).toEqual([
      'Remediator.__init__',
      'Remediator.run',
      'detach',
      'logs_client',
      'script_handler',
    ]);
  });

  it('resolves a service name passed as an argument, and clients made in loops and comprehensions', () => {
    const result = analyze(
      [
        'import boto3',
        'def make(name):',
        '    return boto3.client(name)',
        "make('sqs').list_queues()",
        "for svc in ['sns', 'sqs']:",
        '    boto3.client(svc).list_tags_for_resource(ResourceArn="a")',
        "clients = [boto3.client(s) for s in ('ec2', 'rds')]",
        'for c in clients:',
        '    c.describe_db_instances()',
      ].join('\n'),
    );
    expect(ops(result.calls)).toEqual(['sqs:ListQueues', 'sns:ListTagsForResource', 'rds:DescribeDBInstances']);
  });

  it('reports paginators and waiters with their operations', () => {
    const result = analyze(
      [
        'import boto3',
        "s3 = boto3.client('s3')",
        "paginator = s3.get_paginator('list_objects_v2')",
        "for page in paginator.paginate(Bucket='b'):",
        '    pass',
        "ec2 = boto3.client('ec2')",
        "ec2.get_waiter('instance_running').wait(InstanceIds=['i'])",
        "ec2.get_waiter('no_such_waiter')",
      ].join('\n'),
    );
    expect(result.calls.map((c) => [c.kind, c.operation, c.confidence, c.text])).toEqual([
      ['paginator', 'ListObjectsV2', 'certain', "get_paginator('list_objects_v2')"],
      ['waiter', 'DescribeInstances', 'certain', "get_waiter('instance_running')"],
      ['waiter', null, 'unknown', "get_waiter('no_such_waiter')"],
    ]);
  });

  it('reports unknown methods as unresolved but ignores meta, exceptions and helpers', () => {
    const result = analyze(
      [
        'import boto3',
        "s3 = boto3.client('s3')",
        'region = s3.meta.region_name',
        "s3.can_paginate('list_objects')",
        'try:',
        "    s3.head_bucket(Bucket='b')",
        'except s3.exceptions.NoSuchBucket:',
        '    pass',
        's3.frobnicate()',
        's3.close()',
        "s3.upload_file('f', 'b', 'k')",
      ].join('\n'),
    );
    expect(result.calls.map((c) => [c.kind, c.operation, c.confidence])).toEqual([
      ['client', 'HeadBucket', 'certain'],
      ['unresolved', null, 'unknown'],
      ['client', 'PutObject', 'likely'],
    ]);
  });

  it('reports dynamic service names once, at the client creation', () => {
    const result = analyze(
      [
        'import boto3',
        'def script_handler(events, context):',
        "    c = boto3.client(events['Service'])",
        '    c.do_something()',
        '    d = boto3.client(f"{events[\'Prefix\']}-x")',
        "    getattr(boto3.client('ec2'), events['Api'])()",
      ].join('\n'),
      'script_handler',
    );
    expect(result.calls.map((c) => [c.kind, c.service, c.confidence, c.line, c.column])).toEqual([
      ['dynamic-client', null, 'unknown', 3, 9],
      ['dynamic-client', null, 'unknown', 5, 9],
      ['unresolved', 'ec2', 'unknown', 6, 5],
    ]);
  });
});

describe('analyzePython: resources', () => {
  it('maps common resource actions, sub-resources and collections', () => {
    const result = analyze(
      [
        'import boto3',
        "s3 = boto3.resource('s3')",
        "s3.Bucket('b').objects.all()",
        "s3.Object('b', 'k').put(Body=b'x')",
        "s3.Bucket('b').objects.filter(Prefix='p').delete()",
        "ec2 = boto3.resource('ec2')",
        "ec2.Instance('i-1').stop()",
        'for i in ec2.instances.filter(Filters=[]):',
        '    i.terminate()',
        "table = boto3.resource('dynamodb').Table('t')",
        'table.get_item(Key={})',
        'table.query()',
        "boto3.resource('iam').Role('r').attach_policy(PolicyArn='a')",
        "boto3.resource('sqs').get_queue_by_name(QueueName='q').send_message(MessageBody='m')",
        "boto3.resource('sns').Topic('arn').publish(Message='m')",
        "boto3.resource('s3').meta.client.download_file('b', 'k', '/tmp/f')",
      ].join('\n'),
    );
    expect(result.calls.map((c) => `${c.kind}:${c.service}:${c.operation}:${c.confidence}`)).toEqual([
      'resource:s3:ListObjects:likely',
      'resource:s3:PutObject:likely',
      'resource:s3:ListObjects:likely',
      'resource:s3:ListObjects:likely',
      'resource:s3:DeleteObjects:likely',
      'resource:ec2:StopInstances:likely',
      'resource:ec2:DescribeInstances:likely',
      'resource:ec2:TerminateInstances:likely',
      'resource:dynamodb:GetItem:likely',
      'resource:dynamodb:Query:likely',
      'resource:iam:AttachRolePolicy:likely',
      'resource:sqs:GetQueueUrl:likely',
      'resource:sqs:SendMessage:likely',
      'resource:sns:Publish:likely',
      'client:s3:GetObject:likely',
    ]);
  });

  it('reports resource attribute loads and unknown resource actions without silencing them', () => {
    const result = analyze(
      [
        'import boto3',
        "instance = boto3.resource('ec2').Instance('i-1')",
        'print(instance.id)',
        "print(instance.state['Name'])",
        'instance.teleport()',
        "boto3.resource('glacier').Vault('a', 'v').upload_archive()",
      ].join('\n'),
    );
    expect(result.calls.map((c) => [c.kind, c.service, c.operation, c.confidence, c.line])).toEqual([
      ['resource', 'ec2', 'DescribeInstances', 'likely', 4],
      ['resource', 'ec2', null, 'unknown', 5],
      ['resource', 'glacier', null, 'unknown', 6],
    ]);
  });
});

describe('analyzePython: handler reachability', () => {
  const source = [
    'import boto3',
    "sts = boto3.client('sts')",
    'ACCOUNT = sts.get_caller_identity()',
    'def used(c):',
    '    c.describe_images()',
    'def unused():',
    "    boto3.client('iam').delete_role(RoleName='r')",
    'def script_handler(events, context):',
    "    used(boto3.client('ec2'))",
    "if __name__ == '__main__':",
    "    boto3.client('ssm').send_command()",
  ].join('\n');

  it('marks calls reached only from other code', () => {
    const result = analyze(source, 'script_handler');
    expect(result.handlerFound).toBe(true);
    expect(result.calls.map((c) => [c.operation, c.reachableFromHandler])).toEqual([
      ['GetCallerIdentity', true],
      ['DescribeImages', true],
      ['DeleteRole', false],
      ['SendCommand', false],
    ]);
  });

  it('accepts module.function handlers and reports a missing handler', () => {
    expect(analyze(source, 'main.script_handler').handlerFound).toBe(true);
    const missing = analyze(source, 'handler');
    expect(missing.handlerFound).toBe(false);
    expect(missing.calls.every((c) => c.reachableFromHandler)).toBe(true);
  });
});

describe('analyzePython: broken input', () => {
  it('reports syntax errors with positions and keeps the calls it can see', () => {
    const result = analyze(
      [
        'import boto3',
        "ec2 = boto3.client('ec2')",
        'def script_handler(events, context:',
        '    ec2.describe_instances(',
        "    ec2.start_instances(InstanceIds=['i'])",
        'def other(:',
        "    boto3.client('s3').list_buckets()",
      ].join('\n'),
      'script_handler',
    );
    expect(result.parseErrors.length).toBeGreaterThan(0);
    expect(result.parseErrors[0]).toEqual(
      expect.objectContaining({ line: expect.any(Number), column: expect.any(Number) }),
    );
    expect(result.parseErrors[0]?.message).toMatch(/syntax error/);
    expect(ops(result.calls)).toContain('s3:ListBuckets');
  });

  it.each([
    [')))(((', 1, 1, "near ')'"],
    ['def', 1, 4, 'at line 1, column 4'],
    ['import', 1, 7, 'at line 1, column 7'],
    ['boto3.client(', 1, 14, 'at line 1, column 14'],
    ['"""unterminated', 1, 16, 'at line 1, column 16'],
    ['\u0000\u0001', 1, 1, 'near'],
    ['x = [' + '('.repeat(500), 1, 506, 'at line 1, column 506'],
    ['import boto3\n\ndef h(:\n    pass\n', 3, 7, "near ':' at line 3, column 7"],
  ])('reports the first syntax error of %j at its line and column', (source, line, column, text) => {
    const [first] = analyze(source, 'h').parseErrors;
    expect(first).toEqual({ line, column, message: expect.stringContaining(text) });
    expect(first?.message).toMatch(/^Python syntax error .*; calls after it may be missed\.$/);
  });

  it('keeps the calls before and after a broken line', () => {
    const result = analyze(
      ['import boto3', "boto3.client('sts').get_caller_identity()", 'y = )', "boto3.client('s3').list_buckets()"].join(
        '\n',
      ),
    );
    expect(result.parseErrors.map((e) => [e.line, e.column])).toEqual([[3, 5]]);
    expect(ops(result.calls)).toEqual(['sts:GetCallerIdentity', 's3:ListBuckets']);
  });

  it('reports nothing for an empty script', () => {
    expect(analyze('', 'h')).toEqual({
      language: 'python',
      usesAws: false,
      calls: [],
      functions: [],
      handlerFound: false,
      parseErrors: [],
    });
  });

  it('does not report code without boto3', () => {
    const result = analyze(
      'import json\ndef script_handler(events, context):\n    return json.dumps(events)\n',
      'script_handler',
    );
    expect(result).toEqual({
      language: 'python',
      usesAws: false,
      calls: [],
      functions: ['script_handler'],
      handlerFound: true,
      parseErrors: [],
    });
  });
});
