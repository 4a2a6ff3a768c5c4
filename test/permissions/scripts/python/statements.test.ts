import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { analyzeLines, operationsOf } from './analyzeLines.js';

beforeAll(loadPythonParser);

describe('statements: assignments', () => {
  it('binds chained targets and unpacks tuples element by element', () => {
    expect(
      operationsOf([
        'import boto3',
        "a = b = boto3.client('ec2')",
        "c, d = boto3.client('s3'), boto3.client('sqs')",
        'a.describe_vpcs()',
        'b.describe_subnets()',
        'c.list_buckets()',
        'd.list_queues()',
      ]),
    ).toEqual(['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 's3:ListBuckets', 'sqs:ListQueues']);
  });

  it('unpacks the items of a list of clients, and forgets a name rebound to something else', () => {
    expect(
      operationsOf([
        'import boto3',
        "x, y = [boto3.client('ec2'), boto3.client('ec2')]",
        'x.describe_vpcs()',
        "first, rest = boto3.client('s3'), 1",
        'z = first',
        'z = 1',
        'z.list_buckets()',
      ]),
    ).toEqual(['ec2:DescribeVpcs']);
  });

  it('stores attributes per class and per object, and items of a container', () => {
    expect(
      operationsOf([
        'import boto3',
        'class Holder:',
        "    client = boto3.client('sns')",
        'Holder.client.list_topics()',
        'config = {}',
        "config.logs = boto3.client('logs')",
        'config.logs.describe_log_groups()',
        'clients = {}',
        "clients['kms'] = boto3.client('kms')",
        "clients['kms'].list_keys()",
      ]),
    ).toEqual(['sns:ListTopics', 'logs:DescribeLogGroups', 'kms:ListKeys']);
  });
});

describe('statements: imports', () => {
  it('follows only boto3 and botocore, under their aliases', () => {
    expect(
      operationsOf([
        'import os, boto3 as aws',
        'import botocore.session',
        'from boto3 import client as make_client',
        'from json import dumps as client',
        "aws.client('ec2').describe_vpcs()",
        "botocore.session.get_session().create_client('s3').list_buckets()",
        "make_client('sqs').list_queues()",
        "client('sns').list_topics()",
      ]),
    ).toEqual(['ec2:DescribeVpcs', 's3:ListBuckets', 'sqs:ListQueues']);
  });

  it('binds an import inside a function to that function only', () => {
    expect(
      operationsOf([
        'def f():',
        '    import boto3',
        "    boto3.client('ec2').describe_vpcs()",
        "boto3.client('s3').list_buckets()",
      ]),
    ).toEqual(['ec2:DescribeVpcs']);
  });
});

describe('statements: scopes and functions', () => {
  it('writes a name declared global into the module', () => {
    expect(
      operationsOf([
        'import boto3',
        'CLIENT = None',
        'def init():',
        '    global CLIENT',
        "    CLIENT = boto3.client('ssm')",
        'def script_handler(events, context):',
        '    init()',
        "    CLIENT.get_parameter(Name='p')",
      ]),
    ).toEqual(['ssm:GetParameter']);
  });

  it('takes a default parameter value as a value the parameter may hold', () => {
    expect(
      operationsOf(['import boto3', "def f(client=boto3.client('ec2'), region='x'):", '    client.describe_vpcs()']),
    ).toEqual(['ec2:DescribeVpcs']);
  });

  it('joins what all return statements of a function return', () => {
    expect(
      operationsOf([
        'import boto3',
        'def pick(flag):',
        '    if flag:',
        "        return boto3.client('ec2')",
        "    return boto3.client('rds')",
        'pick(1).describe_db_instances()',
      ]),
    ).toEqual(['rds:DescribeDBInstances']);
    expect(
      analyzeLines([
        'import boto3',
        'def pick(flag):',
        '    if flag:',
        "        return boto3.client('ec2')",
        "    return boto3.client('rds')",
        'pick(1).describe_instances()',
      ]).calls.map((c) => [c.service, c.operation, c.kind]),
    ).toEqual([['ec2', 'DescribeInstances', 'client']]);
  });

  it('follows decorated functions and classes, and class bases', () => {
    expect(
      operationsOf([
        'import boto3',
        'import functools',
        "@functools.lru_cache(boto3.client('sts').get_caller_identity())",
        'def cached():',
        "    return boto3.client('kms')",
        "class Thing(boto3.client('iam').list_roles()):",
        '    pass',
        'cached().list_keys()',
      ]),
    ).toEqual(['sts:GetCallerIdentity', 'iam:ListRoles', 'kms:ListKeys']);
  });
});

describe('statements: control flow', () => {
  it('binds loop targets to the items of lists and collections (a method only some of the services have is theirs)', () => {
    expect(
      operationsOf([
        'import boto3',
        "for c in [boto3.client('ec2'), boto3.client('rds')]:",
        '    c.describe_db_instances()',
        "for name in ['sns', 'sqs']:",
        '    boto3.client(name).list_tags_for_resource()',
        "for bucket in boto3.resource('s3').buckets.all():",
        '    bucket.delete()',
      ]),
    ).toEqual(['rds:DescribeDBInstances', 'sns:ListTagsForResource', 's3:ListBuckets', 's3:DeleteBucket']);
  });

  it('binds `with … as` to the value, and `except … as` to nothing', () => {
    expect(
      operationsOf([
        'import boto3',
        "with boto3.client('ec2') as c:",
        '    c.describe_vpcs()',
        'try:',
        "    boto3.client('s3').list_buckets()",
        "except boto3.client('sqs').exceptions.QueueDoesNotExist as c:",
        '    c.list_queues()',
        'finally:',
        "    boto3.client('sns').list_topics()",
      ]),
    ).toEqual(['ec2:DescribeVpcs', 's3:ListBuckets', 'sns:ListTopics']);
  });

  it('puts the main guard in a region of its own that the handler does not reach', () => {
    const result = analyzeLines(
      [
        'import boto3',
        'def helper():',
        "    boto3.client('ec2').describe_vpcs()",
        'def script_handler(events, context):',
        '    pass',
        'if __name__ == "__main__":',
        '    helper()',
        'elif True:',
        "    boto3.client('s3').list_buckets()",
        "if '__main__' == __name__:",
        "    boto3.client('sqs').list_queues()",
        'if __name__ != "__main__":',
        "    boto3.client('sns').list_topics()",
      ],
      'script_handler',
    );
    expect(result.calls.map((c) => [c.operation, c.reachableFromHandler])).toEqual([
      ['DescribeVpcs', false],
      ['ListBuckets', true],
      ['ListQueues', false],
      ['ListTopics', true],
    ]);
  });
});
