import { mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/engine/discoverFiles.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

describe('discoverFiles', () => {
  let dir: TempDir;
  const rel = (path: string): string => relative(dir.path, path).split('\\').join('/');

  beforeAll(() => {
    dir = tempDir('runbook-iam-discover-');
    for (const path of [
      'a.yaml',
      'b.yml',
      'c.json',
      'notes.txt',
      'README.md',
      'sub/d.YAML',
      'sub/deeper/e.json',
      'node_modules/pkg/x.yaml',
      '.git/y.yaml',
      'fixtures/skip.yaml',
      'fixtures/nested/skip.json',
      'sub/fixtures/kept.yaml',
      '.hidden/h.yaml',
    ]) {
      dir.write(path, 'a: 1\n');
    }
    mkdirSync(dir.file('empty'));
    symlinkSync(dir.path, dir.file('loop')); // a directory link back to the root
    symlinkSync(dir.file('sub'), dir.file('sub/deeper/up')); // a cycle through a subdirectory
    symlinkSync(dir.file('nowhere.yaml'), dir.file('dangling.yaml'));
    symlinkSync(dir.file('nowhere'), dir.file('dangling-dir'));
    symlinkSync(dir.file('a.yaml'), dir.file('z-link.yaml'));
  });
  afterAll(() => dir.remove());

  it('searches recursively for .yaml, .yml and .json (any case), sorted by name, skipping node_modules and .git', async () => {
    const { files, errors } = await discoverFiles([dir.path], [], dir.path);
    expect(files.map((file) => rel(file.path))).toEqual([
      '.hidden/h.yaml',
      'a.yaml',
      'b.yml',
      'c.json',
      'fixtures/nested/skip.json',
      'fixtures/skip.yaml',
      'sub/d.YAML',
      'sub/deeper/e.json',
      'sub/fixtures/kept.yaml',
    ]);
    expect(files.every((file) => !file.explicit)).toBe(true);
    // A dangling link with a runbook extension is reported; one without (a directory link) is not.
    expect(errors).toEqual([
      {
        path: dir.file('dangling.yaml'),
        message: `Cannot read ${dir.file('dangling.yaml')}: no such file or directory.`,
      },
    ]);
  });

  it('terminates on symbolic link cycles, visiting each directory once', async () => {
    const { files } = await discoverFiles([dir.path, dir.file('loop'), dir.file('sub/deeper/up')], [], dir.path);
    expect(files.filter((file) => file.path.endsWith('e.json'))).toHaveLength(1);
  });

  it('applies ignore globs relative to baseDir, to directories and files', async () => {
    const { files } = await discoverFiles([dir.path], ['fixtures/**', '**/*.json', '.hidden'], dir.path);
    expect(files.map((file) => rel(file.path))).toEqual(['a.yaml', 'b.yml', 'sub/d.YAML', 'sub/fixtures/kept.yaml']);
  });

  it('resolves ignore globs against baseDir, not against the searched directory', async () => {
    const fromRoot = await discoverFiles([dir.file('sub')], ['sub/deeper/**'], dir.path);
    expect(fromRoot.files.map((file) => rel(file.path))).toEqual(['sub/d.YAML', 'sub/fixtures/kept.yaml']);
    const fromSub = await discoverFiles([dir.file('sub')], ['deeper/**'], dir.file('sub'));
    expect(fromSub.files.map((file) => rel(file.path))).toEqual(['sub/d.YAML', 'sub/fixtures/kept.yaml']);
    // A glob that names sub/deeper from the wrong base matches nothing.
    const wrongBase = await discoverFiles([dir.file('sub')], ['deeper/**'], dir.path);
    expect(wrongBase.files.map((file) => rel(file.path))).toContain('sub/deeper/e.json');
  });

  it('keeps files named explicitly, whatever their extension, once, and marks them explicit', async () => {
    const { files, errors } = await discoverFiles(
      [dir.file('notes.txt'), dir.file('a.yaml'), dir.file('a.yaml'), dir.path],
      [],
      dir.path,
    );
    expect(errors).toHaveLength(1); // dangling.yaml, from the directory
    expect(files.slice(0, 2)).toEqual([
      { path: dir.file('notes.txt'), explicit: true },
      { path: dir.file('a.yaml'), explicit: true },
    ]);
    expect(files.filter((file) => file.path === dir.file('a.yaml'))).toHaveLength(1);
  });

  it('marks an explicitly named file that an ignore glob covers as ignored, so it is reported but never read', async () => {
    const { files } = await discoverFiles([dir.file('fixtures/skip.yaml')], ['fixtures/**'], dir.path);
    expect(files).toEqual([{ path: dir.file('fixtures/skip.yaml'), explicit: true, ignored: true }]);
  });

  it('lists a file reached through a symbolic link and directly once (z-link.yaml links to a.yaml)', async () => {
    const { files } = await discoverFiles([dir.path], [], dir.path);
    expect(files.filter((file) => /(a|z-link)\.yaml$/.test(file.path)).map((file) => rel(file.path))).toEqual([
      'a.yaml',
    ]);
  });

  it('finds nothing, without error, in an empty directory', async () => {
    expect(await discoverFiles([dir.file('empty')], [], dir.path)).toEqual({ files: [], errors: [], notes: [] });
  });

  it('reports paths that cannot be read: missing, dangling link, a file used as a directory', async () => {
    // Tests may run as root, where chmod 000 does not stop reads; these paths fail for every user.
    const missing = dir.file('missing');
    const dangling = dir.file('dangling-dir');
    const throughFile = join(dir.file('a.yaml'), 'inside');
    const { files, errors } = await discoverFiles([missing, dangling, throughFile, dir.file('b.yml')], [], dir.path);
    expect(files).toEqual([{ path: dir.file('b.yml'), explicit: true }]);
    expect(errors).toEqual([
      { path: missing, message: `Cannot read ${missing}: no such file or directory.` },
      { path: dangling, message: `Cannot read ${dangling}: no such file or directory.` },
      { path: throughFile, message: `Cannot read ${throughFile}: a component of the path is not a directory.` },
    ]);
  });
});
