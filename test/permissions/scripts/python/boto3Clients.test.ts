import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { analyzeLines } from './analyzeLines.js';

beforeAll(loadPythonParser);

const callsOf = (lines: string[]) =>
  analyzeLines(['import boto3', ...lines]).calls.map((c) => [c.kind, c.service, c.operation, c.confidence, c.text]);

describe('boto3 clients: operations', () => {
  it('maps a method to the operation of every service the client may be, unresolved only when none has it', () => {
    expect(
      callsOf([
        "c = boto3.client('sns') if x else boto3.client('sqs')",
        "c.get_queue_url(QueueName='q')",
        'c.frobnicate()',
      ]),
    ).toEqual([
      ['client', 'sqs', 'GetQueueUrl', 'certain', 'c.get_queue_url'],
      ['unresolved', 'sns', null, 'unknown', 'c.frobnicate'],
      ['unresolved', 'sqs', null, 'unknown', 'c.frobnicate'],
    ]);
  });

  it('follows a method taken from a client and called later', () => {
    expect(callsOf(["describe = boto3.client('ec2').describe_vpcs", 'describe()'])).toEqual([
      ['client', 'ec2', 'DescribeVpcs', 'certain', 'describe'],
    ]);
  });

  it('resolves getattr with a literal name, and reports a computed one as unresolved', () => {
    expect(
      callsOf([
        "ec2 = boto3.client('ec2')",
        "getattr(ec2, 'describe_vpcs')()",
        'getattr(ec2, name)(Foo=1)',
        "getattr(other, 'describe_vpcs')()",
      ]),
    ).toEqual([
      ['client', 'ec2', 'DescribeVpcs', 'certain', "getattr(ec2, 'describe_vpcs')"],
      ['unresolved', 'ec2', null, 'unknown', 'getattr(ec2, name)(Foo=1)'],
    ]);
  });

  it('needs no permission for client helpers and attributes', () => {
    expect(
      callsOf([
        "s3 = boto3.client('s3')",
        's3.meta.region_name',
        "s3.can_paginate('list_objects')",
        's3.waiter_names',
        's3.exceptions.NoSuchKey',
        's3.close()',
      ]),
    ).toEqual([]);
  });
});

describe('boto3 clients: paginators and waiters', () => {
  it('reports each paginator or waiter name, keyword arguments and several names included', () => {
    expect(
      callsOf([
        "ec2 = boto3.client('ec2')",
        "ec2.get_paginator(operation_name='describe_instances')",
        "ec2.get_waiter(waiter_name='instance_stopped')",
        "for name in ['describe_vpcs', 'describe_subnets']:",
        '    ec2.get_paginator(name)',
        'ec2.get_paginator(computed)',
      ]),
    ).toEqual([
      ['paginator', 'ec2', 'DescribeInstances', 'certain', "get_paginator(operation_name='describe_instances')"],
      ['waiter', 'ec2', 'DescribeInstances', 'certain', "get_waiter(waiter_name='instance_stopped')"],
      ['paginator', 'ec2', 'DescribeVpcs', 'certain', 'get_paginator(name)'],
      ['paginator', 'ec2', 'DescribeSubnets', 'certain', 'get_paginator(name)'],
      ['paginator', 'ec2', null, 'unknown', 'get_paginator(computed)'],
    ]);
  });

  it('needs nothing more to use a paginator or waiter', () => {
    expect(
      callsOf(["p = boto3.client('s3').get_paginator('list_buckets')", 'p.paginate()', 'p.build_full_result()']),
    ).toEqual([['paginator', 's3', 'ListBuckets', 'certain', "get_paginator('list_buckets')"]]);
  });
});

describe('boto3 clients: S3 transfers and presigned URLs', () => {
  it("maps S3's managed transfer methods to the operations they call", () => {
    expect(
      callsOf([
        "s3 = boto3.client('s3')",
        "s3.upload_file('f', 'b', 'k')",
        "s3.upload_fileobj(f, 'b', 'k')",
        "s3.download_file('b', 'k', 'f')",
        "s3.download_fileobj('b', 'k', f)",
        "s3.copy({'Bucket': 'a', 'Key': 'k'}, 'b', 'k')",
        "boto3.client('sqs').upload_file('f')",
      ]),
    ).toEqual([
      ['client', 's3', 'PutObject', 'likely', 's3.upload_file'],
      ['client', 's3', 'PutObject', 'likely', 's3.upload_fileobj'],
      ['client', 's3', 'GetObject', 'likely', 's3.download_file'],
      ['client', 's3', 'GetObject', 'likely', 's3.download_fileobj'],
      ['client', 's3', 'CopyObject', 'likely', 's3.copy'],
      ['unresolved', 'sqs', null, 'unknown', "boto3.client('sqs').upload_file"],
    ]);
  });

  it('reports the operation a presigned URL is made for', () => {
    expect(
      callsOf([
        "s3 = boto3.client('s3')",
        "s3.generate_presigned_url('get_object', Params={})",
        "s3.generate_presigned_url(ClientMethod='put_object')",
        "s3.generate_presigned_post('b', 'k')",
        's3.generate_presigned_url(method)',
      ]),
    ).toEqual([
      ['client', 's3', 'GetObject', 'likely', 's3.generate_presigned_url'],
      ['client', 's3', 'PutObject', 'likely', 's3.generate_presigned_url'],
      ['client', 's3', 'PutObject', 'likely', 's3.generate_presigned_post'],
      ['unresolved', 's3', null, 'unknown', 's3.generate_presigned_url'],
    ]);
  });
});
