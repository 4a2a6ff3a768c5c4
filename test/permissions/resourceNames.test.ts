import { describe, expect, it } from 'vitest';
import { buildRunbook } from '../../src/model/buildRunbook.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { runbookPermissions } from '../../src/permissions/stepPermissions.js';

function needsOf(parameters: string, steps: string) {
  const parsed = parseDocument('test.yaml', `schemaVersion: '0.3'\nparameters:\n${parameters}mainSteps:\n${steps}`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const runbook = buildRunbook(parsed.document);
  if (!runbook) throw new Error('not a runbook');
  return runbookPermissions(runbook).flatMap((step) => step.needs);
}

describe('resources exactly as the runbook names them', () => {
  it('a bucket from a parameter default and a literal key are one object ARN, likely', () => {
    const [need] = needsOf(
      '  BucketName: { type: String, default: example-audit-bucket }\n',
      "  - name: Head\n    action: aws:executeAwsApi\n    inputs: { Service: s3, Api: HeadObject, Bucket: '{{ BucketName }}', Key: report.json }\n",
    );
    expect(need?.action).toBe('s3:GetObject');
    expect(need?.resources).toEqual(['arn:${Partition}:s3:::example-audit-bucket/report.json']);
    expect(need?.resourceConfidence).toBe('likely');
  });

  it('a literal bucket and key are one certain ARN', () => {
    const [need] = needsOf(
      '  Unused: { type: String }\n',
      '  - name: Head\n    action: aws:executeAwsApi\n    inputs: { Service: s3, Api: HeadObject, Bucket: reports, Key: 2024/summary.json }\n',
    );
    expect(need?.resources).toEqual(['arn:${Partition}:s3:::reports/2024/summary.json']);
    expect(need?.resourceConfidence).toBe('certain');
  });

  it('ec2 CreateTags names the instance a parameter called InstanceId holds', () => {
    const needs = needsOf(
      '  InstanceId: { type: String }\n',
      "  - name: Tag\n    action: aws:executeAwsApi\n    inputs: { Service: ec2, Api: CreateTags, Resources: ['{{ InstanceId }}'], Tags: [{ Key: a, Value: b }] }\n",
    );
    expect(needs.find((need) => need.action === 'ec2:CreateTags')?.resources).toEqual([
      'arn:${Partition}:ec2:${Region}:${Account}:instance/*',
    ]);
  });

  it('aws:createTags names resources by their id prefix, and a volume id literal exactly', () => {
    const needs = needsOf(
      '  Unused: { type: String }\n',
      '  - name: Tag\n    action: aws:createTags\n    inputs: { ResourceType: EC2, ResourceIds: [vol-0123456789abcdef0, snap-0123456789abcdef0], Tags: [{ Key: a, Value: b }] }\n',
    );
    expect(needs.find((need) => need.action === 'ec2:CreateTags')?.resources).toEqual([
      'arn:${Partition}:ec2:${Region}:${Account}:volume/vol-0123456789abcdef0',
      'arn:${Partition}:ec2:${Region}::snapshot/snap-0123456789abcdef0',
    ]);
  });

  it('an input named after the ARN variable names the resource (DBInstanceIdentifier → db)', () => {
    const [need] = needsOf(
      '  Db: { type: String, default: orders }\n',
      "  - name: Describe\n    action: aws:executeAwsApi\n    inputs: { Service: rds, Api: DescribeDBInstances, DBInstanceIdentifier: '{{ Db }}' }\n",
    );
    expect(need?.resources).toEqual(['arn:${Partition}:rds:${Region}:${Account}:db:orders']);
  });

  it('a cluster or snapshot identifier names the cluster or snapshot', () => {
    const needs = needsOf(
      '  Cluster: { type: String, default: orders }\n',
      "  - name: Describe\n    action: aws:executeAwsApi\n    inputs: { Service: rds, Api: DescribeDBClusters, DBClusterIdentifier: '{{ Cluster }}' }\n  - name: Snapshots\n    action: aws:executeAwsApi\n    inputs: { Service: rds, Api: DescribeDBSnapshots, DBSnapshotIdentifier: nightly }\n",
    );
    expect(needs.map((need) => need.resources)).toEqual([
      ['arn:${Partition}:rds:${Region}:${Account}:cluster:orders'],
      ['arn:${Partition}:rds:${Region}:${Account}:snapshot:nightly'],
    ]);
  });

  it('an ARN parameter whose allowedPattern only fixes "arn:" is the resource type\'s format, not arn:*', () => {
    const [need] = needsOf(
      "  TopicArn: { type: String, allowedPattern: '^arn:(?:aws|aws-cn):sns:.*$' }\n",
      "  - name: Get\n    action: aws:executeAwsApi\n    inputs: { Service: sns, Api: GetTopicAttributes, TopicArn: '{{ TopicArn }}' }\n",
    );
    expect(need?.resources).toEqual(['arn:${Partition}:sns:${Region}:${Account}:*']);
  });
});
