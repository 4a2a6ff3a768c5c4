import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';

const dir = tempDir();
afterAll(() => dir.remove());

const parent = (name: string, runtimeParameters: string) =>
  `schemaVersion: '0.3'\nassumeRole: '{{ AutomationAssumeRole }}'\nparameters:\n  AutomationAssumeRole: {type: String}\nmainSteps:\n  - name: RunChild\n    action: aws:executeAutomation\n    inputs:\n      DocumentName: ${name}\n${runtimeParameters}`;

dir.write(
  'runbooks/StopChild.yaml',
  "schemaVersion: '0.3'\nassumeRole: '{{ AutomationAssumeRole }}'\nparameters:\n  AutomationAssumeRole: {type: String}\nmainSteps:\n  - name: Stop\n    action: aws:executeAwsApi\n    inputs: {Service: ec2, Api: StopInstances, InstanceIds: [i-0123456789abcdef0]}\n",
);
dir.write(
  'runbooks/PassesItself.yaml',
  parent('StopChild', "      RuntimeParameters:\n        AutomationAssumeRole: ['{{ AutomationAssumeRole }}']\n"),
);
dir.write('runbooks/PassesNone.yaml', parent('StopChild', ''));
dir.write(
  'runbooks/PassesAnother.yaml',
  parent(
    'StopChild',
    "      RuntimeParameters:\n        AutomationAssumeRole: ['arn:aws:iam::123456789012:role/ChildRole']\n",
  ),
);
dir.write('runbooks/RunsMissing.yaml', parent('NotHere', ''));
dir.write(
  'runbooks/Loop.yaml',
  parent('Loop', "      RuntimeParameters:\n        AutomationAssumeRole: ['{{ AutomationAssumeRole }}']\n"),
);

async function permissions(file: string) {
  const io = fakeIo({ cwd: dir.path });
  const code = await main(['node', 'runbook-iam', 'permissions', `runbooks/${file}`, '-f', 'json'], io);
  return {
    code,
    output: JSON.parse(io.out()) as {
      actions: string[];
      incomplete: string[];
      steps: { needs: { action: string; reason: string; origin: { kind: string } }[] }[];
    },
  };
}

describe('nested runbooks', () => {
  it.each(['PassesItself.yaml', 'PassesNone.yaml'])(
    '%s: the child beside it runs with the parent role, so the parent needs its actions',
    async (file) => {
      const { code, output } = await permissions(file);
      expect(code).toBe(0);
      expect(output.actions).toContain('ec2:StopInstances');
      const nested = output.steps[0]?.needs.find((need) => need.action === 'ec2:StopInstances');
      expect(nested?.origin.kind).toBe('nested');
      expect(nested?.reason).toBe('child runbook StopChild step Stop: aws:executeAwsApi ec2.StopInstances');
      expect(output.incomplete).toEqual([]);
    },
  );

  it('clean twin: a child given a role of its own adds nothing to the parent', async () => {
    const { output } = await permissions('PassesAnother.yaml');
    expect(output.actions).not.toContain('ec2:StopInstances');
    expect(output.incomplete).toEqual([]);
  });

  it('a child that is not among the files is marked incomplete, and policy exits 1', async () => {
    const { output } = await permissions('RunsMissing.yaml');
    expect(output.incomplete).toEqual(['RunChild']);
    const io = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'policy', 'runbooks/RunsMissing.yaml'], io)).toBe(1);
    expect(io.err()).toContain('NotHere is not among the files analysed');
  });

  it('a runbook that starts itself ends', async () => {
    const { code, output } = await permissions('Loop.yaml');
    expect(code).toBe(0);
    expect(output.incomplete).toEqual([]);
  });
});
