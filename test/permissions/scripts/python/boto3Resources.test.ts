import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { analyzeLines } from './analyzeLines.js';

beforeAll(loadPythonParser);

const callsOf = (lines: string[]) =>
  analyzeLines(['import boto3', ...lines]).calls.map((c) => [c.service, c.operation, c.method, c.confidence]);

describe('boto3 resources', () => {
  it('maps actions, sub-resources and load/reload to operations', () => {
    expect(
      callsOf([
        "s3 = boto3.resource('s3')",
        "bucket = s3.Bucket('b')",
        "bucket.Object('k').put(Body=b'')",
        'bucket.Policy().delete()',
        "s3.Object('b', 'k').reload()",
        'bucket.get_available_subresources()',
      ]),
    ).toEqual([
      ['s3', 'PutObject', 'put', 'likely'],
      ['s3', 'DeleteBucketPolicy', 'delete', 'likely'],
      ['s3', 'HeadObject', 'reload', 'likely'],
    ]);
  });

  it('follows resources that actions return, and lists of them', () => {
    expect(
      callsOf([
        "ec2 = boto3.resource('ec2')",
        'for instance in ec2.create_instances(MinCount=1, MaxCount=1):',
        '    instance.stop()',
        'obj = ec2.meta.client.describe_vpcs()',
        "boto3.resource('s3').Bucket('b').put_object(Key='k').delete()",
      ]),
    ).toEqual([
      ['ec2', 'RunInstances', 'create_instances', 'likely'],
      ['ec2', 'StopInstances', 'stop', 'likely'],
      ['ec2', 'DescribeVpcs', 'describe_vpcs', 'certain'],
      ['s3', 'PutObject', 'put_object', 'likely'],
      ['s3', 'DeleteObject', 'delete', 'likely'],
    ]);
  });

  it('loads a resource when an attribute that is not an identifier is read, but not for its identifiers', () => {
    expect(
      callsOf(["obj = boto3.resource('s3').Object('b', 'k')", 'obj.key', 'obj.content_length', 'obj._private']),
    ).toEqual([['s3', 'HeadObject', 'content_length', 'likely']]);
  });

  it('lists a collection when it is listed or iterated, and batch actions list it and act on each page', () => {
    expect(
      callsOf([
        "bucket = boto3.resource('s3').Bucket('b')",
        "for summary in bucket.objects.filter(Prefix='p'):",
        '    summary.delete()',
        'bucket.object_versions.delete()',
        'bucket.objects.frobnicate()',
      ]),
    ).toEqual([
      ['s3', 'ListObjects', 'filter', 'likely'],
      ['s3', 'DeleteObject', 'delete', 'likely'],
      ['s3', 'ListObjectVersions', 'delete', 'likely'],
      ['s3', 'DeleteObjects', 'delete', 'likely'],
      ['s3', null, 'frobnicate', 'unknown'],
    ]);
  });

  it('reports unknown actions and resource types without silencing them', () => {
    expect(
      callsOf([
        "boto3.resource('s3').Bucket('b').frobnicate()",
        "boto3.resource('glacier').Vault('a', 'v').upload_archive()",
      ]),
    ).toEqual([
      ['s3', null, 'frobnicate', 'unknown'],
      ['glacier', null, 'Vault', 'unknown'],
    ]);
  });
});
