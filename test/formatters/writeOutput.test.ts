import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/formatters/writeOutput.js';

describe('writeFileAtomic', () => {
  let directory = '';
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'runbook-iam-write-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('creates the file and leaves no temporary file behind', async () => {
    const file = path.join(directory, 'report.sarif');
    await writeFileAtomic(file, 'ünïcode ✓\n');
    expect(await readFile(file, 'utf8')).toBe('ünïcode ✓\n');
    expect(await readdir(directory)).toEqual(['report.sarif']);
  });

  it('replaces an existing file', async () => {
    const file = path.join(directory, 'report.json');
    await writeFile(file, 'old content that is longer than the new one');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(directory)).toEqual(['report.json']);
  });

  it('fails when the directory does not exist, without leaving anything', async () => {
    await expect(writeFileAtomic(path.join(directory, 'missing', 'out.txt'), 'x')).rejects.toThrow();
    expect(await readdir(directory)).toEqual([]);
  });

  it('cleans up the temporary file when the rename fails', async () => {
    const target = path.join(directory, 'a-directory');
    await writeFile(path.join(directory, 'keep'), '');
    await mkdir(path.join(target, 'child'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect((await readdir(directory)).sort()).toEqual(['a-directory', 'keep']);
  });
});
