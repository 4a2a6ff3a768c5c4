import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { analyzeLines } from './analyzeLines.js';

beforeAll(loadPythonParser);

describe('boto3 factories', () => {
  it('makes clients from boto3, boto3 sessions and botocore sessions', () => {
    const result = analyzeLines([
      'import boto3',
      'import botocore.session',
      "boto3.session.Session().client('ec2').describe_vpcs()",
      "boto3.Session(profile_name='p').resource('s3').Bucket('b').delete()",
      "botocore.session.Session().create_client('sqs').list_queues()",
      "botocore.session.create_session().create_client('sns').list_topics()",
      "boto3.client(service_name='kms', region_name='x').list_keys()",
    ]);
    expect(result.calls.map((c) => `${c.service}:${c.operation}`)).toEqual([
      'ec2:DescribeVpcs',
      's3:DeleteBucket',
      'sqs:ListQueues',
      'sns:ListTopics',
      'kms:ListKeys',
    ]);
    expect(result.usesAws).toBe(true);
  });

  it('counts a session or a default session as using AWS, even without a call', () => {
    expect(analyzeLines(['import boto3', 'boto3.setup_default_session()']).usesAws).toBe(true);
    expect(analyzeLines(['import boto3', 's = boto3.Session()', 's.get_credentials()']).usesAws).toBe(true);
    expect(analyzeLines(['import boto3', 'boto3.set_stream_logger()']).usesAws).toBe(false);
  });

  it('reports a client or resource whose service is computed as a dynamic client, at its creation', () => {
    const result = analyzeLines([
      'import boto3',
      'c = boto3.client(name)',
      'c.describe_vpcs()',
      'r = boto3.Session().resource(name)',
      "r.Bucket('b').delete()",
      'boto3.client(*args)',
    ]);
    expect(result.calls.map((c) => [c.kind, c.method, c.line, c.text])).toEqual([
      ['dynamic-client', 'client', 2, 'boto3.client(name)'],
      ['dynamic-client', 'resource', 4, 'boto3.Session().resource(name)'],
      ['dynamic-client', 'client', 6, 'boto3.client(*args)'],
    ]);
  });
});
