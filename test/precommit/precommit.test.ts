import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const installed = preCommit.status === 0;
if (!installed) {
  console.warn(
    'Skipping the pre-commit hook test: pre-commit is not installed (apt-get install pre-commit, or pip install pre-commit).',
  );
}

const git = (cwd: string, ...args: string[]): string =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=runbook-iam test',
      '-c',
      'user.email=test@example.invalid',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  );

describe.skipIf(!installed)('pre-commit hook (pre-commit try-repo, for real)', () => {
  it('fails on a bad runbook, passes a good one, and passes files that are not runbooks', { timeout: 900_000 }, () => {
    const base = mkdtempSync(join(tmpdir(), 'runbook-iam-precommit-'));
    // The hook repository: this working tree as a commit (try-repo only sees committed or tracked files).
    const hookRepo = join(base, 'hook-repo');
    const files = git(root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
    for (const file of files) {
      try {
        mkdirSync(dirname(join(hookRepo, file)), { recursive: true });
        cpSync(join(root, file), join(hookRepo, file));
      } catch {
        // Deleted in the working tree but still in the index.
      }
    }
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-qm', 'hook');

    const target = join(base, 'target');
    mkdirSync(target);
    git(target, 'init', '-q');
    writeFileSync(
      join(target, 'good.yaml'),
      "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n",
    );
    writeFileSync(
      join(target, 'bad.yaml'),
      "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n    nextStep: nowhere\n",
    );
    writeFileSync(join(target, 'workflow.yml'), 'name: ci\non: push\n');
    writeFileSync(join(target, 'package.json'), '{ "name": "x" }\n');
    git(target, 'add', '-A');

    // pre-commit installs a node hook with `npm pack` and takes its whole stdout as the tarball name; npm prints the
    // `prepare` script's banner there (known pre-commit problem: pre-commit/pre-commit#3460), so npm runs silent here.
    const env = {
      ...process.env,
      PRE_COMMIT_HOME: join(base, 'cache'),
      PRE_COMMIT_COLOR: 'never',
      npm_config_loglevel: 'silent',
    };
    const tryRepo = (...files: string[]) =>
      spawnSync('pre-commit', ['try-repo', hookRepo, 'runbook-iam', '--files', ...files], {
        cwd: target,
        env,
        encoding: 'utf8',
      });

    const clean = tryRepo('good.yaml', 'workflow.yml', 'package.json');
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/runbook-iam\.+Passed/);

    const dirty = tryRepo('good.yaml', 'bad.yaml');
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toMatch(/runbook-iam\.+Failed/);
    expect(dirty.stdout).toContain('bad.yaml');
    expect(dirty.stdout).toContain('unknown-step-target');
  });
});
