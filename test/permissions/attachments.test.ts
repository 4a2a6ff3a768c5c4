import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/engine/config.js';
import { lintFiles } from '../../src/engine/lintFiles.js';
import { main } from '../../src/cli/main.js';
import { rules } from '../../rules/index.js';
import { fakeIo } from '../helpers/fakeIo.js';

const runbook = (attachment: string, handler: string) => `schemaVersion: '0.3'
assumeRole: arn:aws:iam::123456789012:role/AutomationRole
mainSteps:
  - name: Attached
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: ${handler}
      Attachment: ${attachment}
`;

const MAIN_PY = `import boto3
from helpers import tag


def handler(events, context):
    ec2 = boto3.client('ec2')
    ec2.stop_instances(InstanceIds=events['ids'])
`;

const HELPERS_PY = `import boto3


def tag(ids):
    boto3.client('ec2').create_tags(Resources=ids, Tags=[])
`;

describe('script attachments', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'runbook-iam-attach-'));
    await writeFile(join(directory, 'single.yaml'), runbook('main.py', 'main.handler'));
    await writeFile(join(directory, 'main.py'), MAIN_PY);
    await writeFile(join(directory, 'bundle.yaml'), runbook('bundle.zip', 'main.handler'));
    await writeFile(
      join(directory, 'bundle.zip'),
      zipSync({ 'main.py': strToU8(MAIN_PY), 'helpers.py': strToU8(HELPERS_PY) }),
    );
    await writeFile(join(directory, 'bomb.yaml'), runbook('bomb.zip', 'main.handler'));
    await writeFile(
      join(directory, 'bomb.zip'),
      zipSync({ 'main.py': new Uint8Array(60 * 1024 * 1024).fill(35) }, { level: 9 }),
    );
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('a .py attachment next to the runbook is analysed and its needs point into the file', async () => {
    const io = fakeIo({ cwd: directory });
    expect(
      await main(
        ['node', 'runbook-iam', 'permissions', 'single.yaml', '--format', 'json', '--exclude', 'cloudwatch-output'],
        io,
      ),
    ).toBe(0);
    const output = JSON.parse(io.out()) as {
      actions: string[];
      steps: { needs: { action: string; reason: string; line: number }[] }[];
    };
    expect(output.actions).toEqual(['ec2:StopInstances']);
    expect(output.steps[0]!.needs[0]).toMatchObject({ line: 7, reason: expect.stringContaining('(main.py line 7)') });
  });

  it('every script of a .zip attachment is analysed; calls outside the handler file are marked so', async () => {
    const io = fakeIo({ cwd: directory });
    expect(
      await main(
        ['node', 'runbook-iam', 'permissions', 'bundle.yaml', '--format', 'json', '--exclude', 'cloudwatch-output'],
        io,
      ),
    ).toBe(0);
    const output = JSON.parse(io.out()) as {
      actions: string[];
      steps: { needs: { action: string; reason: string; line: number }[] }[];
    };
    expect(output.actions).toEqual(['ec2:CreateTags', 'ec2:StopInstances']);
    const reasons = output.steps[0]!.needs.map((need) => need.reason);
    expect(reasons.some((reason) => reason.includes('bundle.zip: main.py line 7'))).toBe(true);
    // A zip entry is not a file in the repository: the need points at the Attachment input (line 9).
    expect(output.steps[0]!.needs.every((need) => need.line === 9)).toBe(true);
  });

  it('a zip bomb is refused with a note, and lint still finishes', async () => {
    const run = await lintFiles({
      paths: [join(directory, 'bomb.yaml')],
      cwd: directory,
      config: defaultConfig(directory),
      rules,
    });
    const note = run.findings.find((finding) => finding.ruleId === 'script-analysis-incomplete');
    expect(note?.message).toMatch(/^The AWS calls of step Attached are not all known: .*bomb\.zip.*limit/);
    expect(run.files[0]!.status).toBe('analyzed');
  });
});
