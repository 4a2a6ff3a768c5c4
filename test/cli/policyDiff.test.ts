import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';
import { ROOT } from '../policy/generate/helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

function roleFile(name: string, statements: unknown[]): string {
  return dir.write(
    `${name}.json`,
    JSON.stringify({
      Role: {
        RoleName: name,
        Arn: `arn:aws:iam::123456789012:role/${name}`,
        RolePolicyList: [{ PolicyName: 'Main', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      },
    }),
  );
}

async function run(...args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(['node', 'runbook-iam', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('runbook-iam diff', () => {
  it('a role that grants exactly the needs: everything granted, nothing excess, exit 0', async () => {
    const role = roleFile('Exact', [
      {
        Sid: 'StopStart',
        Effect: 'Allow',
        Action: ['ec2:StopInstances', 'ec2:StartInstances'],
        Resource: 'arn:aws:ec2:*:123456789012:instance/i-*',
      },
      {
        Sid: 'Describe',
        Effect: 'Allow',
        Action: ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'],
        Resource: '*',
      },
    ]);
    const { code, stdout } = await run('diff', 'examples/restart-instance.yaml', '--role', role);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^ACTION +NEEDED ON +GRANTED BY +STATUS$/);
    expect(lines[1]).toMatch(/^ec2:DescribeInstances +\* +statement Describe of policy Main +granted$/i);
    expect(stdout).toContain('6 actions needed: 4 granted, 0 missing, 2 not checked; 0 excess grants');
  });

  it('missing and excess permissions: table rows, summary and exit 1', async () => {
    const role = roleFile('Loose', [
      {
        Sid: 'Ec2',
        Effect: 'Allow',
        Action: ['ec2:Describe*', 'ec2:StopInstances', 'ec2:TerminateInstances'],
        Resource: '*',
      },
    ]);
    const { code, stdout } = await run('diff', 'examples/restart-instance.yaml', '--role', role);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^ec2:StartInstances +arn:\$\{Partition\}:ec2:\$\{Region\}:\$\{Account\}:instance\/i-\* +- +missing: not allowed on arn:aws:ec2:us-east-1:123456789012:instance\/i-\*$/im,
    );
    expect(stdout).toMatch(
      /^ec2:Describe\* +- +statement Ec2 of policy Main on \* +excess: wider than the needed ec2:DescribeInstances, ec2:DescribeInstanceStatus$/im,
    );
    expect(stdout).toMatch(
      /^ec2:TerminateInstances +- +statement Ec2 of policy Main on \* +excess: no step needs it$/im,
    );
    expect(stdout).toMatch(
      /^ec2:StopInstances +- +statement Ec2 of policy Main on \* +excess: the runbook needs it only on arn:\$\{Partition\}/im,
    );
    expect(stdout).toContain('6 actions needed: 3 granted, 1 missing, 2 not checked; 3 excess grants');
  });

  it('json format for scripts', async () => {
    const role = roleFile('Json', [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }]);
    const { code, stdout } = await run('diff', 'examples/restart-instance.yaml', '--role', role, '-f', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { summary: Record<string, number>; rows: { status: string }[] };
    expect(report.summary).toEqual({ needed: 6, granted: 4, missing: 0, notChecked: 2, excess: 1 });
    const excluded = await run(
      'diff',
      'examples/restart-instance.yaml',
      '--role',
      role,
      '-f',
      'json',
      '--exclude',
      'kms',
    );
    expect((JSON.parse(excluded.stdout) as { summary: Record<string, number> }).summary).toEqual({
      needed: 4,
      granted: 4,
      missing: 0,
      notChecked: 0,
      excess: 1,
    });
  });

  it('needs a role: a usage error otherwise', async () => {
    const { code, stderr } = await run('diff', 'examples/restart-instance.yaml');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'runbook-iam: diff needs the role to compare with: --role FILE (the JSON of `aws iam get-role` with its policies), or --aws to read it from the account.\n',
    );
    expect((await run('diff', 'examples/restart-instance.yaml', '--role', dir.file('absent.json'))).code).toBe(2);
  });
});
