import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { analyzeLines, operationsOf } from './analyzeLines.js';

beforeAll(loadPythonParser);

describe('expressions: joins', () => {
  it('joins both branches of a conditional expression and of `or`/`and`', () => {
    expect(
      operationsOf([
        'import boto3',
        "c = boto3.client('ec2') if x else boto3.client('rds')",
        'c.describe_db_instances()',
        "d = cached or boto3.client('s3')",
        'd.list_buckets()',
        "e = ready and boto3.client('sqs')",
        'e.list_queues()',
      ]),
    ).toEqual(['rds:DescribeDBInstances', 's3:ListBuckets', 'sqs:ListQueues']);
  });

  it('joins service names of a conditional, but not a name with a string default', () => {
    expect(
      analyzeLines([
        'import boto3',
        "boto3.client('sns' if x else 'sqs').list_tags_for_resource()",
        "boto3.client(name or 'ec2').describe_vpcs()",
      ]).calls.map((c) => [c.kind, c.service, c.operation]),
    ).toEqual([
      ['client', 'sns', 'ListTagsForResource'],
      ['dynamic-client', null, null],
    ]);
  });

  it('ignores comparisons and arithmetic, but evaluates their operands for calls', () => {
    expect(
      operationsOf([
        'import boto3',
        "n = len(boto3.client('s3').list_buckets()) + 1",
        "(boto3.client('ec2') == 1).describe_vpcs()",
      ]),
    ).toEqual(['s3:ListBuckets']);
  });
});

describe('expressions: collections and comprehensions', () => {
  it('makes a list, tuple, set or dict of clients a list of their join; strings stay strings', () => {
    expect(
      operationsOf([
        'import boto3',
        "names = ['ec2'] + []",
        "for c in (boto3.client('ec2'), boto3.client('rds')): c.describe_db_instances()",
        "for c in {boto3.client('sns')}: c.list_topics()",
        "for c in {'a': boto3.client('sqs'), 'b': 'x'}.values(): pass",
        "by_name = {'q': boto3.client('sqs')}",
        "by_name['q'].list_queues()",
        "for s in ('kms', 'iam'): boto3.client(s).list_aliases()",
      ]),
    ).toEqual(['rds:DescribeDBInstances', 'sns:ListTopics', 'sqs:ListQueues', 'kms:ListAliases']);
  });

  it('binds comprehension targets in their own scope and gives a list of the element', () => {
    expect(
      operationsOf([
        'import boto3',
        "clients = [boto3.client(s) for s in ['ec2', 'rds'] if s]",
        'clients[0].describe_db_instances()',
        "{s: boto3.client(s).list_topics() for s in ['sns']}",
        "any(boto3.client(s).list_queues() for s in ['sqs'])",
        's.list_queues()',
      ]),
    ).toEqual(['rds:DescribeDBInstances', 'sns:ListTopics', 'sqs:ListQueues']);
  });

  it('takes an item of a list by subscript', () => {
    expect(
      operationsOf(['import boto3', "pair = [boto3.client('ec2'), boto3.client('ec2')]", 'pair[1].describe_vpcs()']),
    ).toEqual(['ec2:DescribeVpcs']);
  });
});

describe('expressions: lambdas, walrus and await', () => {
  it('evaluates a lambda body for its calls, its parameters hiding outer names', () => {
    expect(
      operationsOf([
        'import boto3',
        'def f():',
        "    c = boto3.client('s3')",
        '    run = lambda: c.list_buckets()',
        '    hide = lambda c: c.list_objects()',
      ]),
    ).toEqual(['s3:ListBuckets']);
  });

  it('binds `:=` and passes through `await`', () => {
    expect(
      operationsOf([
        'import boto3',
        "if (c := boto3.client('sqs')):",
        '    c.list_queues()',
        'async def f():',
        "    d = await boto3.client('sns')",
        '    d.list_topics()',
      ]),
    ).toEqual(['sqs:ListQueues', 'sns:ListTopics']);
  });
});

describe('expressions: calls of user code', () => {
  it('binds keyword and positional arguments, skipping `*args` and `self`', () => {
    expect(
      operationsOf([
        'import boto3',
        'def use(a, b, *rest):',
        '    a.describe_vpcs()',
        '    b.list_buckets()',
        '    rest.list_queues()',
        "use(b=boto3.client('s3'), a=boto3.client('ec2'))",
        "use(boto3.client('ec2'), boto3.client('s3'), boto3.client('sqs'), *more)",
        'class K:',
        '    def m(self, c):',
        '        c.list_topics()',
        "K().m(boto3.client('sns'))",
      ]),
    ).toEqual(['ec2:DescribeVpcs', 's3:ListBuckets', 'sns:ListTopics']);
  });

  it('finds a method of an object of unknown class among every class method of that name', () => {
    const result = analyzeLines(
      [
        'import boto3',
        'class A:',
        '    def go(self):',
        "        boto3.client('ec2').describe_vpcs()",
        'class B:',
        '    def go(self):',
        "        boto3.client('s3').list_buckets()",
        '    def stay(self):',
        "        boto3.client('sqs').list_queues()",
        'def script_handler(events, context):',
        "    events['thing'].go()",
      ],
      'script_handler',
    );
    expect(result.calls.map((c) => [c.operation, c.reachableFromHandler])).toEqual([
      ['DescribeVpcs', true],
      ['ListBuckets', true],
      ['ListQueues', false],
    ]);
  });

  it('follows an instance method of a known class only', () => {
    const result = analyzeLines(
      [
        'import boto3',
        'class A:',
        '    def go(self):',
        "        return boto3.client('ec2')",
        'class B:',
        '    def go(self):',
        "        return boto3.client('s3')",
        'def script_handler(events, context):',
        '    A().go().describe_vpcs()',
        '    A().go().list_buckets()',
      ],
      'script_handler',
    );
    expect(result.calls.map((c) => [c.kind, c.service, c.operation])).toEqual([
      ['client', 'ec2', 'DescribeVpcs'],
      ['unresolved', 'ec2', null],
    ]);
  });
});
