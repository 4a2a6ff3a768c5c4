import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { GOOD_RUNBOOK } from '../helpers/lint.js';
import { runningAsRoot, tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

/**
 * `-o` writes only to a regular file or a new path: a device, a FIFO, a directory or a symbolic link is a usage error
 * (exit 2) and is left as it was; a missing or read-only folder is a usage error before any linting; an interrupted
 * write leaves no temporary file.
 */
const ROOT = join(import.meta.dirname, '..', '..');

describe('--output targets', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir();
    dir.write('good.yaml', GOOD_RUNBOOK);
    dir.write('target.json', 'keep me');
    symlinkSync(dir.file('target.json'), dir.file('link.json'));
    execFileSync('mkfifo', [dir.file('fifo')]);
    mkdirSync(dir.file('folder'));
  });
  afterAll(() => dir.remove());

  const lintTo = async (...output: string[]): Promise<{ code: number; err: string }> => {
    const io = fakeIo({ cwd: dir.path });
    const code = await main(['node', 'runbook-iam', 'lint', 'good.yaml', '--format', 'json', ...output], io);
    return { code, err: io.err() };
  };

  it.each([
    ['fifo', 'a named pipe', (path: string) => lstatSync(path).isFIFO()],
    ['link.json', 'a symbolic link', (path: string) => lstatSync(path).isSymbolicLink()],
    ['folder', 'a directory', (path: string) => lstatSync(path).isDirectory()],
  ])('-o %s: exit 2, "%s", left as it was', async (name, kind, unchanged) => {
    const { code, err } = await lintTo('-o', name);
    expect(err).toBe(`runbook-iam: Cannot write --output ${name}: it is ${kind}; name a regular file or a new path.\n`);
    expect(code).toBe(2);
    expect(unchanged(dir.file(name))).toBe(true);
    expect(readFileSync(dir.file('target.json'), 'utf8')).toBe('keep me');
  });

  it.runIf(runningAsRoot())('-o on a device node (made with mknod): exit 2, the device stays', async () => {
    execFileSync('mknod', [dir.file('null'), 'c', '1', '3']);
    const { code, err } = await lintTo('-o', 'null');
    expect(err).toMatch(/it is a device/);
    expect(code).toBe(2);
    expect(lstatSync(dir.file('null')).isCharacterDevice()).toBe(true);
  });

  it('--write-baseline on a symbolic link is refused the same way', async () => {
    const { code, err } = await lintTo('--write-baseline', 'link.json');
    expect(err).toMatch(/Cannot write --write-baseline link.json: it is a symbolic link/);
    expect(code).toBe(2);
  });

  it('-o into a missing folder: a usage error, not an internal ENOENT', async () => {
    const { code, err } = await lintTo('-o', 'missing/dir/x.json');
    expect(err).toBe(
      `runbook-iam: Cannot write --output missing/dir/x.json: the folder ${dir.file('missing/dir')} does not exist.\n`,
    );
    expect(code).toBe(2);
  });

  it.skipIf(runningAsRoot())('-o into a read-only folder: permission denied, exit 2', async () => {
    mkdirSync(dir.file('readonly'));
    chmodSync(dir.file('readonly'), 0o555);
    const { code, err } = await lintTo('-o', 'readonly/x.json');
    expect(err).toBe('runbook-iam: Cannot write --output readonly/x.json: permission denied.\n');
    expect(code).toBe(2);
  });

  it('-o to a regular file replaces it with the report', async () => {
    dir.write('report.json', 'old');
    const { code } = await lintTo('-o', 'report.json');
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(dir.file('report.json'), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('SIGTERM while the temporary file is written: it is removed, and the process dies of the signal', async () => {
    const folder = dir.file('interrupted');
    mkdirSync(folder);
    const script = dir.write(
      'slowWrite.mts',
      `import { writeFileAtomic } from ${JSON.stringify(join(ROOT, 'src/formatters/writeOutput.ts'))};\n` +
        `await writeFileAtomic(${JSON.stringify(join(folder, 'out.json'))}, 'x'.repeat(200 * 1024 * 1024));\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_, signal) => done(signal)));
    let sawTemporary = false;
    for (let waited = 0; waited < 8000 && child.exitCode === null; waited += 2) {
      if (readdirSync(folder).some((name) => name.endsWith('.tmp'))) {
        sawTemporary = true;
        child.kill('SIGTERM');
        break;
      }
      await new Promise((resume) => setTimeout(resume, 2));
    }
    const signal = await exited;
    expect(sawTemporary).toBe(true);
    expect(signal).toBe('SIGTERM');
    expect(readdirSync(folder)).toEqual([]);
  }, 15_000);
});
