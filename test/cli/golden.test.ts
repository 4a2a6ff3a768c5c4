import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Spawns the built CLI on the examples for every format. The expectations are written from the examples themselves:
 * examples/temporary-instance-profile.yaml has two reference mistakes on purpose — `{{ InstanceID }}` on line 44
 * (column 20, where the braces start) and `{{ AssociateProfile.AssociationID }}` on line 65 (column 23). The format
 * tests run only undefined-reference (test/cli/fixtures/only-references.yaml) on the three stand-alone examples; the
 * last test checks every intended mistake of the whole examples/ directory with all rules.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'runbook-iam.js');
const BAD = 'examples/temporary-instance-profile.yaml';
const INPUTS = [
  'examples/ami-with-approval.json',
  'examples/restart-instance.yaml',
  BAD,
  '--config',
  'test/cli/fixtures/only-references.yaml',
];

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('runbook-iam lint examples/ (built CLI)', () => {
  it('stylish: groups by file, prints both findings and the summary, exit code 1', async () => {
    const { code, stdout, stderr } = await cli('lint', ...INPUTS);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(BAD);
    expect(lines[1]).toMatch(
      /^ {2}44:20 {2}error {2}\[AssociateProfile\] \{\{ InstanceID \}\} names no parameter\. Did you mean "InstanceId"\? +undefined-reference$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}65:23 {2}error {2}\[Disassociate\] \{\{ AssociateProfile\.AssociationID \}\}: step AssociateProfile has no output "AssociationID" .* +undefined-reference$/,
    );
    expect(stdout).toContain('✖ 2 problems (2 errors, 0 warnings, 0 notes)');
    expect(stdout).not.toContain('\u001b[');
  });

  it('json: every example analysed, exactly the two findings with their ranges', async () => {
    const { code, stdout } = await cli('lint', ...INPUTS, '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      version: number;
      tool: { name: string };
      files: { path: string; status: string }[];
      results: {
        ruleId: string;
        severity: string;
        file: string;
        startLine: number;
        startColumn: number;
        endLine: number;
        endColumn: number;
        step: string | null;
      }[];
    };
    expect(report.version).toBe(1);
    expect(report.tool.name).toBe('runbook-iam');
    expect(report.files.map((file) => [file.path, file.status])).toEqual([
      ['examples/ami-with-approval.json', 'analyzed'],
      ['examples/restart-instance.yaml', 'analyzed'],
      [BAD, 'analyzed'],
    ]);
    expect(
      report.results.map(({ ruleId, severity, file, startLine, startColumn, endLine, endColumn, step }) => ({
        ruleId,
        severity,
        file,
        startLine,
        startColumn,
        endLine,
        endColumn,
        step,
      })),
    ).toEqual([
      {
        ruleId: 'undefined-reference',
        severity: 'error',
        file: BAD,
        startLine: 44,
        startColumn: 20,
        endLine: 44,
        endColumn: 36,
        step: 'AssociateProfile',
      },
      {
        ruleId: 'undefined-reference',
        severity: 'error',
        file: BAD,
        startLine: 65,
        startColumn: 23,
        endLine: 65,
        endColumn: 59,
        step: 'Disassociate',
      },
    ]);
  });

  it('sarif: one run, the rules as descriptors, two results with repository-relative locations', async () => {
    const { code, stdout } = await cli('lint', ...INPUTS, '--format', 'sarif');
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
          }[];
        }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((rule) => rule.id)).toContain('undefined-reference');
    expect(
      run.results.map((result) => [
        result.ruleId,
        result.level,
        result.locations[0]!.physicalLocation.artifactLocation.uri,
        result.locations[0]!.physicalLocation.region.startLine,
        result.locations[0]!.physicalLocation.region.startColumn,
      ]),
    ).toEqual([
      ['undefined-reference', 'error', BAD, 44, 20],
      ['undefined-reference', 'error', BAD, 65, 23],
    ]);
  });

  it('github: one workflow command per finding', async () => {
    const { code, stdout } = await cli('lint', ...INPUTS, '--format', 'github');
    expect(code).toBe(1);
    const commands = stdout.split('\n').filter((line) => /^::(error|warning|notice) file=/.test(line));
    expect(commands).toHaveLength(2);
    // Run notes (here: the checks skipped for lack of a role) are notices without a file.
    expect(stdout).toMatch(/^::notice title=runbook-iam::No role information for 3 runbooks/m);
    expect(commands[0]).toMatch(
      /^::error file=examples\/temporary-instance-profile\.yaml,line=44,col=20,endLine=44,endColumn=36,title=undefined-reference::\{\{ InstanceID \}\} names no parameter/,
    );
    expect(commands[1]).toMatch(
      /^::error file=examples\/temporary-instance-profile\.yaml,line=65,col=23,endLine=65,endColumn=59,title=undefined-reference::/,
    );
  });

  it('--fail-on none exits 0 with the same findings; a clean file exits 0', async () => {
    expect((await cli('lint', ...INPUTS, '--fail-on', 'none')).code).toBe(0);
    const clean = await cli('lint', 'examples/restart-instance.yaml');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('No problems found in 1 file.');
  });

  it('with every rule, examples/ shows each intended mistake and nothing in the clean examples', async () => {
    const { code, stdout } = await cli('lint', 'examples', '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { results: { ruleId: string; file: string; startLine: number }[] };
    const found = report.results.map((result) => `${result.file}:${result.startLine} ${result.ruleId}`);
    // The temporary-instance-profile pattern: privileges created, a success path that skips DeleteRole (isEnd on
    // DeleteInstanceProfile), failure paths that skip cleanup, and the two reference typos.
    for (const expected of [
      `${BAD}:15 temporary-privilege-not-revoked`,
      `${BAD}:23 temporary-privilege-not-revoked`,
      `${BAD}:30 temporary-privilege-not-revoked`,
      `${BAD}:15 privilege-escalation-step`,
      `${BAD}:38 privilege-escalation-step`,
      `${BAD}:44 undefined-reference`,
      `${BAD}:65 undefined-reference`,
      `${BAD}:8 assume-role-not-parameterized`,
    ]) {
      expect(found).toContain(expected);
    }
    for (const clean of [
      'examples/restart-instance.yaml',
      'examples/ami-with-approval.json',
      'examples/report-untagged-volumes.yaml',
    ]) {
      expect(found.filter((line) => line.startsWith(`${clean}:`))).toEqual([]);
    }
  });

  it('a usage error is one line on stderr and exit code 2', async () => {
    const { code, stderr } = await cli('lint', 'examples', '--format', 'xml');
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'xml' is invalid");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await cli('--version');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')[0]).toMatch(/^\d+\.\d+\.\d+/);
  });
});
