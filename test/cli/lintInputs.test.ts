import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';

const directory = tempDir();
afterAll(() => directory.remove());
const RUNBOOK =
  "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n";

async function lint(...args: string[]) {
  const io = fakeIo({ cwd: directory.path });
  const code = await main(['node', 'runbook-iam', 'lint', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('lint with no runbook to check', () => {
  it('exits 2 on an empty directory, naming the path, so a mistyped path never passes as clean', async () => {
    directory.write('empty/.keep', '');
    const result = await lint('empty');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'runbook-iam: No Automation runbooks found in empty (no YAML, JSON or Terraform file there).\n',
    );
    expect(result.stdout).toBe('');
  });

  it('says how many files were skipped and why', async () => {
    directory.write('config/workflow.yml', 'name: ci\non: push\n');
    directory.write('config/package.json', '{ "name": "x" }\n');
    directory.write('config/.runbook-iam.yaml', 'ignore: ["**/ignored.yaml"]\n');
    const ignored = directory.write('config/ignored.yaml', RUNBOOK);
    const result = await lint('--config', 'config/.runbook-iam.yaml', 'config', ignored);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`No Automation runbooks found in config, ${ignored} (4 files skipped: `);
    expect(result.stderr).toContain('3 not an Automation runbook');
    expect(result.stderr).toContain('1 matched by an ignore pattern of the configuration');
  });

  it('still writes machine-readable reports, and --pass-on-no-runbooks exits 0 (for hooks given any changed file)', async () => {
    const json = await lint('--format', 'json', 'config/workflow.yml');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ results: [], files: [{ status: 'skipped' }] });
    const hook = await lint('--pass-on-no-runbooks', 'config/workflow.yml');
    expect(hook.code).toBe(0);
    expect(hook.stderr).toBe('');
  });

  it('treats every argument after -- as a file name, even one that looks like an option', async () => {
    directory.write('runbook.yaml', RUNBOOK);
    directory.write('--output=runbook.yaml', 'name: not a runbook\n');
    const result = await lint('--format', 'json', '--', 'runbook.yaml', '--output=runbook.yaml');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: { path: string; status: string }[] };
    expect(report.files.map((file) => [basename(file.path), file.status])).toEqual([
      ['--output=runbook.yaml', 'skipped'],
      ['runbook.yaml', 'analyzed'],
    ]);
  });
});

describe('baseline and the spelling of paths', () => {
  it('keeps baselined findings hidden when --role is given as roles/a.json or ./roles/a.json', async () => {
    const examples = join(import.meta.dirname, '..', '..', 'examples');
    const baseline = directory.file('role-baseline.json');
    const run = async (...args: string[]) => {
      const io = fakeIo({ cwd: examples });
      const code = await main(['node', 'runbook-iam', 'lint', '--format', 'json', ...args], io);
      return { code, report: JSON.parse(io.out()) as { results: { message: string }[] } };
    };
    const written = await run(
      'restart-instance.yaml',
      '--role',
      'roles/too-broad-role.json',
      '--write-baseline',
      baseline,
    );
    // The messages quote the role file as typed: the fingerprint must not depend on them.
    expect(written.report.results.length).toBeGreaterThan(2);
    expect(written.report.results.some((result) => result.message.includes('(roles/too-broad-role.json)'))).toBe(true);
    for (const role of ['./roles/too-broad-role.json', join(examples, 'roles', 'too-broad-role.json')]) {
      const again = await run('./restart-instance.yaml', '--role', role, '--baseline', baseline);
      expect(again.report.results, role).toEqual([]);
      expect(again.code).toBe(0);
    }
  });
});

describe('lint --also-output', () => {
  it('writes further formats from the same run, each equal to a run with that --format', async () => {
    directory.write('also/runbook.yaml', `${RUNBOOK}    nextStep: nowhere\n`);
    const sarifFile = directory.file('also/report.sarif');
    const githubFile = directory.file('also/annotations.txt');
    const json = await lint(
      '--format',
      'json',
      '--also-output',
      `sarif=${sarifFile}`,
      '--also-output',
      `github=${githubFile}`,
      'also',
    );
    expect(json.code).toBe(1);
    expect(readFileSync(sarifFile, 'utf8')).toBe((await lint('--format', 'sarif', 'also')).stdout);
    expect(readFileSync(githubFile, 'utf8')).toBe((await lint('--format', 'github', 'also')).stdout);
    expect(JSON.parse(json.stdout)).toMatchObject({ results: [{ ruleId: 'unknown-step-target' }] });
  });

  it('refuses a value that is not <format>=<file> before linting anything', async () => {
    for (const value of ['sarif', 'xml=out.xml', 'json=']) {
      const result = await lint('--also-output', value, 'also');
      expect(result.code, value).toBe(2);
      expect(result.stderr).toBe(
        `runbook-iam: --also-output takes <format>=<file> with a format among stylish, json, sarif, github, not "${value}".\n`,
      );
      expect(result.stdout).toBe('');
    }
  });
});
