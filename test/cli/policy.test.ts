import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { ROOT } from '../policy/generate/helpers.js';

async function run(...args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(['node', 'runbook-iam', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('runbook-iam policy', () => {
  it('prints the JSON identity policy, sizes and the simulation result on stderr', async () => {
    const { code, stdout, stderr } = await run('policy', 'examples/restart-instance.yaml');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Ec2Instance', Resource: 'arn:*:ec2:*:*:instance/i-*' },
        // StartInstances on volumes encrypted with a customer managed key: granted through EC2 only.
        {
          Sid: 'KmsKeyViaEc2',
          Action: ['kms:CreateGrant', 'kms:Decrypt'],
          Condition: { StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' } },
        },
        { Sid: 'Ec2NoResourceType' },
      ],
    });
    expect(stderr).toContain('runbook-iam: warning: Granted on condition: kms:CreateGrant, kms:Decrypt');
    expect(stderr).toContain('runbook-iam: warning: The ARNs have "*" for the account, partition, region');
    expect(stderr).toContain('runbook-iam: RestartInstancePolicy: 3 statements, 543 of 6,144 characters.');
    expect(stderr).toContain(
      'runbook-iam: simulation: 6 of 6 needs allowed; 6 of 6 requests outside the needs denied; 3 of 3 trust and start-policy checks passed.',
    );
  });

  it('--exclude kms leaves the conditional KMS statement out', async () => {
    const { code, stdout, stderr } = await run('policy', 'examples/restart-instance.yaml', '--exclude', 'kms');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ Statement: [{ Sid: 'Ec2Instance' }, { Sid: 'Ec2NoResourceType' }] });
    expect(stderr).not.toContain('Granted on condition');
  });

  it('is stable across runs and merges several runbooks', async () => {
    const args = [
      'policy',
      'examples/restart-instance.yaml',
      'examples/ami-with-approval.json',
      '-k',
      'all',
      '-f',
      'terraform',
    ];
    const first = await run(...args);
    const second = await run(...args);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toContain('resource "aws_iam_policy" "automation"');
    expect(first.stdout).toContain('name        = "RunbookAutomationPolicy"');
  });

  it('cloudformation with --account fills the ARNs', async () => {
    const { code, stdout } = await run(
      'policy',
      'examples/ami-with-approval.json',
      '--format',
      'cloudformation',
      '--account',
      '111122223333',
    );
    expect(code).toBe(0);
    expect(stdout).toContain("AWSTemplateFormatVersion: '2010-09-09'");
    expect(stdout).toContain("!Sub 'arn:${AWS::Partition}:ec2:${AWS::Region}:111122223333:instance/*'");
  });

  it.each([
    [['--account', '12345'], '--account must be a 12-digit AWS account id, not "12345".'],
    [['--region', 'Frankfurt'], '--region must be a Region code such as us-east-1, not "Frankfurt".'],
    [['-k', 'trust'], 'The trust policy pins aws:SourceAccount'],
    [
      ['--role-arn', 'arn:aws:iam::123456789012:user/bob'],
      '--role-arn "arn:aws:iam::123456789012:user/bob" is not a role ARN',
    ],
  ])('usage error %j: one line, exit 2', async (flags, message) => {
    const { code, stdout, stderr } = await run('policy', 'examples/restart-instance.yaml', ...flags);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown --kind is a usage error', async () => {
    const { code } = await run('policy', 'examples/restart-instance.yaml', '--kind', 'admin');
    expect(code).toBe(2);
  });
});
