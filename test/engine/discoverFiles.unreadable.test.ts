import { chmodSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runningAsRoot, tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

/**
 * A directory whose listing is refused. As root (the usual container user) chmod 000 does not stop readdir, so the
 * refusal is simulated: readdir of any path ending in "locked" throws EACCES, as the kernel would for other users.
 */
vi.mock('node:fs/promises', async (importOriginal) =>
  (await import('../helpers/lockedReaddir.js')).withLockedReaddir(await importOriginal<typeof FsPromises>()),
);

const { discoverFiles } = await import('../../src/engine/discoverFiles.js');

describe('discoverFiles: a directory that cannot be listed', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-locked-');
    dir.write('ok.yaml', 'a: 1\n');
    dir.write('locked/hidden.yaml', 'a: 1\n');
    if (!runningAsRoot()) chmodSync(dir.file('locked'), 0o000);
  });
  afterAll(() => {
    if (!runningAsRoot()) chmodSync(dir.file('locked'), 0o755);
    dir.remove();
  });

  it('reports it as an error and still returns the other files', async () => {
    const { files, errors } = await discoverFiles([dir.path], [], dir.path);
    expect(files.map((file) => file.path)).toEqual([dir.file('ok.yaml')]);
    expect(errors).toEqual([
      { path: dir.file('locked'), message: `Cannot read directory ${dir.file('locked')}: permission denied.` },
    ]);
  });

  it('reports it when it is named on the command line', async () => {
    const { files, errors } = await discoverFiles([dir.file('locked')], [], dir.path);
    expect(files).toEqual([]);
    expect(errors.map((error) => error.message)).toEqual([
      `Cannot read directory ${dir.file('locked')}: permission denied.`,
    ]);
  });
});
