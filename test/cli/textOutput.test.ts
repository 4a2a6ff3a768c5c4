import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';
import { ROOT } from '../policy/generate/helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

const role = dir.write(
  'role.json',
  JSON.stringify({
    Role: {
      RoleName: 'Runner',
      Arn: 'arn:aws:iam::123456789012:role/Runner',
      RolePolicyList: [
        {
          PolicyName: 'Main',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }],
          },
        },
      ],
    },
  }),
);

async function run(...args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(['node', 'runbook-iam', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('text output', () => {
  it('permissions and diff show the condition of a need in the table', async () => {
    const permissions = await run('permissions', 'examples/temporary-instance-profile.yaml');
    expect(permissions.stdout).toMatch(/iam:PassRole +\* if iam:PassedToService=ec2\.amazonaws\.com /);
    const diff = await run('diff', 'examples/temporary-instance-profile.yaml', '--role', role);
    expect(diff.stdout).toMatch(/iam:PassRole +\* if iam:PassedToService=ec2\.amazonaws\.com /);
  });

  it.each([
    ['lint', 'examples/restart-instance.yaml'],
    ['permissions', 'examples/restart-instance.yaml'],
    ['policy', 'examples/restart-instance.yaml', '-f', 'cloudformation'],
    ['policy', 'examples/restart-instance.yaml', '-f', 'terraform'],
    ['policy', 'examples/restart-instance.yaml'],
    ['diff', 'examples/restart-instance.yaml', '--role', role],
    ['explain', 'ec2', 'StopInstances'],
    ['explain', 'aws:runCommand'],
    ['rules'],
  ])('%s %s … ends its text output with a newline', async (...args) => {
    const { stdout, stderr } = await run(...args);
    expect(stdout.length).toBeGreaterThan(0);
    expect(stdout.endsWith('\n')).toBe(true);
    if (stderr.length > 0) expect(stderr.endsWith('\n')).toBe(true);
  });
});
