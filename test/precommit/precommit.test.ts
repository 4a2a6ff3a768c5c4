import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM build script without type declarations
import { bundleAction } from '../../scripts/bundleAction.mjs';

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

/** The `.pre-commit-config.yaml` block of the README, as a user copies it. */
function readmeSnippet(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const snippet = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .find((block) => block.includes('id: runbook-iam'));
  if (snippet === undefined)
    throw new Error('README.md has no ```yaml block with the pre-commit hook (id: runbook-iam).');
  return snippet;
}

describe('README pre-commit snippet', () => {
  it('names this repository, a release tag and the hook id', () => {
    const snippet = readmeSnippet();
    expect(snippet).toMatch(/^\s*- repo: https:\/\/github\.com\/\S+$/m);
    expect(snippet).toMatch(/^\s*rev: v\d+\.\d+\.\d+$/m);
    expect(snippet).toContain('- id: runbook-iam');
  });
});

describe.skipIf(!installed)('pre-commit hook (pre-commit run with the README snippet, for real)', () => {
  it(
    'fails on a bad runbook, passes a good one, and passes files that are not runbooks',
    { timeout: 900_000 },
    async () => {
      const base = mkdtempSync(join(tmpdir(), 'runbook-iam-precommit-'));
      // The hook repository: this working tree as a commit (pre-commit clones it at `rev`), without node_modules.
      const hookRepo = join(base, 'hook-repo');
      const files = git(root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
        .split('\0')
        .filter(Boolean);
      for (const file of files) {
        try {
          mkdirSync(dirname(join(hookRepo, file)), { recursive: true });
          cpSync(join(root, file), join(hookRepo, file));
        } catch {
          // Deleted in the working tree but still in the index.
        }
      }
      // The hook runs the bundle in action/dist: built from the current src/, as a release tag carries it.
      await bundleAction(join(hookRepo, 'action', 'dist'));
      git(hookRepo, 'init', '-q');
      git(hookRepo, 'add', '-A');
      git(hookRepo, 'commit', '-qm', 'hook');
      const commit = git(hookRepo, 'rev-parse', 'HEAD').trim();

      const target = join(base, 'target');
      mkdirSync(target);
      git(target, 'init', '-q');
      // The README's snippet with only the repository URL and the tag replaced by the local copy and its commit.
      const config = readmeSnippet()
        .replace(/(- repo: )\S+/, `$1${hookRepo}`)
        .replace(/(rev: )\S+/, `$1${commit}`);
      writeFileSync(join(target, '.pre-commit-config.yaml'), config);
      writeFileSync(join(target, 'workflow.yml'), 'name: ci\non: push\n');
      writeFileSync(join(target, 'package.json'), '{ "name": "x" }\n');
      git(target, 'add', '-A');

      // No workaround: a user's environment, without npm's npm_config_* variables (npm test sets them).
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|PRE_COMMIT)/i.test(name)));
      Object.assign(env, { PRE_COMMIT_HOME: join(base, 'cache'), PRE_COMMIT_COLOR: 'never' });
      const run = () => spawnSync('pre-commit', ['run', '--all-files'], { cwd: target, env, encoding: 'utf8' });

      const started = performance.now();
      const nothingToLint = run();
      console.log(`pre-commit: hook installed and run in ${Math.round(performance.now() - started)} ms`);
      expect(nothingToLint.status, nothingToLint.stdout + nothingToLint.stderr).toBe(0);
      expect(nothingToLint.stdout).toMatch(/runbook-iam\.+Passed/);

      writeFileSync(
        join(target, 'good.yaml'),
        "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n",
      );
      // A file named like an option: the hook passes file names after `--`, so it is linted, never obeyed.
      writeFileSync(join(target, '--output=good.yaml'), 'name: not a runbook\n');
      git(target, 'add', '-A');
      const clean = run();
      expect(clean.status, clean.stdout + clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/runbook-iam\.+Passed/);
      expect(readFileSync(join(target, 'good.yaml'), 'utf8')).toContain('mainSteps');

      writeFileSync(
        join(target, 'bad.yaml'),
        "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n    nextStep: nowhere\n",
      );
      git(target, 'add', '-A');
      const dirty = run();
      expect(dirty.status).toBe(1);
      expect(dirty.stdout).toMatch(/runbook-iam\.+Failed/);
      expect(dirty.stdout).toContain('bad.yaml');
      expect(dirty.stdout).toContain('unknown-step-target');
    },
  );
});
