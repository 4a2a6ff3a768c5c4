import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';

const dir = tempDir();
afterAll(() => dir.remove());

const stopStep = (name: string, instance: string) =>
  `  - name: ${name}\n    action: aws:executeAwsApi\n    inputs: { Service: ec2, Api: StopInstances, InstanceIds: [${instance}] }\n`;
const runbookText = (steps: string) => `schemaVersion: '0.3'\nmainSteps:\n${steps}`;

dir.write('runbooks/patching/stop-web.yaml', runbookText(stopStep('Stop', 'i-0aaaaaaaaaaaaaaaa')));
dir.write(
  'runbooks/patching/notify.yaml',
  runbookText(
    "  - name: Notify\n    action: aws:executeAwsApi\n    inputs: { Service: sns, Api: Publish, TopicArn: 'arn:aws:sns:us-east-1:123456789012:ops', Message: done }\n",
  ),
);
dir.write(
  'runbooks/backup/snapshot.yaml',
  runbookText(
    '  - name: Snap\n    action: aws:executeAwsApi\n    inputs: { Service: ec2, Api: CreateSnapshot, VolumeId: vol-0bbbbbbbbbbbbbbbb }\n',
  ),
);
dir.write('runbooks/README.json', '{"not": "a runbook"}');
// A configuration without roles: (the other runs find the one above, which has them).
dir.write('no-roles.yaml', 'rules: {}\n');
// The backup role exists already: its name and ARN are used; the patching role's file does not exist yet.
dir.write(
  'roles/backup-role.json',
  JSON.stringify({ Role: { RoleName: 'NightlyBackup', Arn: 'arn:aws:iam::123456789012:role/ops/NightlyBackup' } }),
);
dir.write(
  '.runbook-iam.yaml',
  "roles:\n  'runbooks/patching/**': roles/patching-role.json\n  'runbooks/backup/**': roles/backup-role.json\n",
);

async function run(cwd: string, ...args: string[]) {
  const io = fakeIo({ cwd });
  const code = await main(['node', 'runbook-iam', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('policy over a repository, one policy per role', () => {
  it('with roles: in the config, writes one identity policy per role, merged over its runbooks', async () => {
    const { code, stderr } = await run(dir.path, 'policy', 'runbooks', '--account', '123456789012', '-o', 'out');
    expect(stderr).not.toContain('internal error');
    expect(code).toBe(0);
    expect(readdirSync(dir.file('out')).sort()).toEqual(['NightlyBackup.json', 'PatchingRole.json']);
    const patching = JSON.parse(readFileSync(dir.file('out/PatchingRole.json'), 'utf8')) as {
      Statement: { Action: string | string[]; Resource: string | string[] }[];
    };
    const actions = patching.Statement.flatMap((statement) => statement.Action);
    expect(actions).toContain('ec2:StopInstances');
    expect(actions).toContain('sns:Publish');
    expect(actions).not.toContain('ec2:CreateSnapshot');
    const backup = readFileSync(dir.file('out/NightlyBackup.json'), 'utf8');
    expect(backup).toContain('ec2:CreateSnapshot');
    expect(backup).not.toContain('ec2:StopInstances');
  });

  it('prints one JSON object keyed by role without --output-dir, and asks for it in other formats', async () => {
    const json = await run(dir.path, 'policy', 'runbooks', '--account', '123456789012');
    expect(json.code).toBe(0);
    expect(Object.keys(JSON.parse(json.stdout) as object)).toEqual(['NightlyBackup', 'PatchingRole']);
    const all = await run(dir.path, 'policy', 'runbooks', '--account', '123456789012', '--kind', 'all', '-o', 'all');
    expect(all.code).toBe(0);
    expect(readFileSync(dir.file('all/NightlyBackup.json'), 'utf8')).toContain(
      'arn:aws:iam::123456789012:role/ops/NightlyBackup',
    );
    const terraform = await run(dir.path, 'policy', 'runbooks', '-f', 'terraform');
    expect(terraform.code).toBe(2);
    expect(terraform.stderr).toContain('add --output-dir DIR');
  });

  it('without roles: merges every runbook into one policy, as for several files', async () => {
    const { code, stdout } = await run(dir.file('runbooks'), 'policy', '.', '--config', dir.file('no-roles.yaml'));
    expect(code).toBe(0);
    for (const action of ['ec2:StopInstances', 'sns:Publish', 'ec2:CreateSnapshot']) expect(stdout).toContain(action);
  });

  it('a change in one runbook gives a small diff of the merged policy', async () => {
    const before = await run(
      dir.path,
      'policy',
      'runbooks/patching',
      '--account',
      '123456789012',
      '--config',
      dir.file('no-roles.yaml'),
    );
    dir.write(
      'runbooks/patching/stop-web.yaml',
      runbookText(stopStep('Stop', 'i-0aaaaaaaaaaaaaaaa') + stopStep('StopDb', 'i-0cccccccccccccccc')),
    );
    const after = await run(
      dir.path,
      'policy',
      'runbooks/patching',
      '--account',
      '123456789012',
      '--config',
      dir.file('no-roles.yaml'),
    );
    dir.write('runbooks/patching/stop-web.yaml', runbookText(stopStep('Stop', 'i-0aaaaaaaaaaaaaaaa')));
    const [a, b] = [before.stdout.split('\n'), after.stdout.split('\n')];
    const added = b.filter((line) => !a.includes(line));
    const removed = a.filter((line) => !b.includes(line));
    // The new instance joins the statement of the same action; no other statement moves or is renamed.
    expect(added.map((line) => line.trim())).toContain('"arn:*:ec2:*:123456789012:instance/i-0cccccccccccccccc"');
    expect(added.length + removed.length).toBeLessThanOrEqual(5);
    expect(added.concat(removed).join('\n')).not.toMatch(/Sid|sns/);
  });
});
