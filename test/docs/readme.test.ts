import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Every command in the ```sh blocks of the README and of docs/*.md is run as written, in a copy of the repository
 * (what a fresh clone holds), and must end with the exit code the text gives it: a trailing comment `# exits N: why`,
 * otherwise 0. Commands run with bash, from the copy's root; a block that installs runbook-iam from npm runs in an
 * empty project of its own.
 *
 * Three commands stand for work this test has already done, so they are replaced by small shims on the PATH:
 * - `npm ci` (install and build): the copy links this checkout's node_modules and copies the dist/ that vitest's
 *   global setup built from the current sources;
 * - `npm test`: that is the suite running this test;
 * - `npm install --save-dev runbook-iam` (from the registry): installs the tarball `npm pack` makes of the copy, offline
 *   from npm's cache, which is what the registry would serve.
 * `npx runbook-iam` runs the project's own bin directly (as npx resolves it, without npx's start-up time); one test
 * below runs the real `npx` once.
 */
const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface DocumentedCommand {
  page: string;
  line: number;
  command: string;
  exitCode: number;
  /** Index of the ```sh block in its page: commands of one block share a working directory. */
  block: number;
}

/** The commands of a page's ```sh blocks: one per line (a trailing `\` continues it), comments and blank lines left out. */
export function documentedCommands(page: string, markdown: string): DocumentedCommand[] {
  const commands: DocumentedCommand[] = [];
  const lines = markdown.split('\n');
  let block = -1;
  let inShell = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^```/.test(line)) {
      inShell = !inShell && /^```(sh|bash|shell)\s*$/.test(line);
      if (inShell) block++;
      continue;
    }
    if (!inShell || line.trim() === '' || line.trimStart().startsWith('#')) continue;
    let command = line;
    const start = index;
    while (command.endsWith('\\') && index + 1 < lines.length) command = `${command.slice(0, -1)} ${lines[++index]!}`;
    const comment = /\s#\s.*$/.exec(command)?.[0] ?? '';
    const exits = /\bexits (\d+)\b/.exec(comment);
    commands.push({
      page,
      line: start + 1,
      command: command.slice(0, command.length - comment.length).trim(),
      exitCode: exits ? Number(exits[1]) : 0,
      block,
    });
  }
  return commands;
}

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const commands = pages.flatMap((page) => documentedCommands(page, readFileSync(join(root, page), 'utf8')));
const FROM_REGISTRY = 'npm install --save-dev runbook-iam';

let clone = '';
let project = '';
let shims = '';

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'runbook-iam-docs-'));
  clone = join(base, 'runbook-iam');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  }).split('\0');
  for (const file of files.filter(Boolean)) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(clone, file));
    } catch {
      // Deleted in the working tree but still in the index.
    }
  }
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
  cpSync(join(root, 'dist'), join(clone, 'dist'), { recursive: true });

  project = join(base, 'my-project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "my-project", "version": "1.0.0", "private": true }\n');
  const packed = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', base], { cwd: clone });
  const tarball = join(base, packed.stdout.trim().split('\n').pop()!);

  shims = join(base, 'bin');
  mkdirSync(shims);
  const npm = execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(shims, 'npm'),
    [
      '#!/usr/bin/env bash',
      'if [[ "$*" == "ci" || "$*" == "test" ]]; then exit 0; fi',
      `if [[ "$*" == "install --save-dev runbook-iam" ]]; then`,
      `  exec ${JSON.stringify(npm)} install --offline --no-audit --no-fund --save-dev ${JSON.stringify(tarball)}`,
      'fi',
      `exec ${JSON.stringify(npm)} "$@"`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(shims, 'npx'),
    [
      '#!/usr/bin/env bash',
      'if [[ "$1" == runbook-iam ]]; then',
      '  shift',
      '  if [[ -f node_modules/runbook-iam/bin/runbook-iam.js ]]; then exec node node_modules/runbook-iam/bin/runbook-iam.js "$@"; fi',
      `  exec node ${JSON.stringify(join(clone, 'bin', 'runbook-iam.js'))} "$@"`,
      'fi',
      `exec ${JSON.stringify(execFileSync('bash', ['-c', 'command -v npx'], { encoding: 'utf8' }).trim())} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(join(shims, 'npm'), 0o755);
  chmodSync(join(shims, 'npx'), 0o755);
}, 300_000);

async function runCommand(command: string, cwd: string, path: string) {
  try {
    const { stdout, stderr } = await run('bash', ['-c', command], {
      cwd,
      env: { ...process.env, PATH: path, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('the commands of the README and docs/', () => {
  it('finds the quick start, the CLI examples and the npm install among them', () => {
    const readme = commands.filter((command) => command.page === 'README.md').map((command) => command.command);
    expect(readme.slice(0, 2)).toEqual(['npm ci && npx runbook-iam lint examples/', 'npm test']);
    expect(readme).toContain(FROM_REGISTRY);
    expect(readme.filter((command) => command.startsWith('npx runbook-iam ')).length).toBeGreaterThan(8);
    // Every command of the pages runs the documented tool or npm; nothing else needs explaining here.
    for (const { command, page, line } of commands)
      expect(command, `${page}:${line}`).toMatch(/^(npm|npx runbook-iam)\b/);
  });

  it('run as written and exit as documented', { timeout: 600_000 }, async () => {
    const path = `${shims}:${process.env.PATH ?? ''}`;
    const blocksWithRegistry = new Set(
      commands
        .filter((command) => command.command === FROM_REGISTRY)
        .map((command) => `${command.page}#${command.block}`),
    );
    for (const documented of commands) {
      const cwd = blocksWithRegistry.has(`${documented.page}#${documented.block}`) ? project : clone;
      const result = await runCommand(documented.command, cwd, path);
      const where = `${documented.page}:${documented.line}: ${documented.command}\n${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`;
      expect(result.code, where).toBe(documented.exitCode);
      expect(result.stderr, where).not.toContain('internal error');
    }
  });

  it('npx runbook-iam works in a clone (the real npx, once)', { timeout: 300_000 }, async () => {
    const result = await runCommand('npx runbook-iam --version', clone, process.env.PATH ?? '');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n/);
  });
});

describe('documentedCommands', () => {
  it('reads commands, continuations and the documented exit code, and skips other blocks', () => {
    const markdown = [
      '```sh',
      '# a comment',
      'npx runbook-iam lint a \\',
      '  b   # exits 1: findings',
      '',
      'npm test',
      '```',
      '```yaml',
      'npx runbook-iam not-a-command',
      '```',
    ].join('\n');
    expect(documentedCommands('X.md', markdown)).toEqual([
      { page: 'X.md', line: 3, command: 'npx runbook-iam lint a    b', exitCode: 1, block: 0 },
      { page: 'X.md', line: 6, command: 'npm test', exitCode: 0, block: 0 },
    ]);
  });
});
