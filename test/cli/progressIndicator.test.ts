import { describe, expect, it } from 'vitest';
import { progressIndicator, PROGRESS_MIN_FILES } from '../../src/cli/progressIndicator.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { GOOD_RUNBOOK, lint } from '../helpers/lint.js';
import { tempDir } from '../helpers/tempDir.js';

describe('progressIndicator', () => {
  const run = (stderrIsTty: boolean, env: Record<string, string | undefined>, total: number): string => {
    const io = fakeIo({ stderrIsTty });
    let time = 0;
    const progress = progressIndicator(io, { env, now: () => (time += 1000) });
    for (let done = 0; done <= total; done++) progress.update(done, total);
    progress.finish();
    return io.err();
  };

  it('redraws one line on a terminal for more than 200 files, and erases it at the end', () => {
    const text = run(true, {}, PROGRESS_MIN_FILES + 1);
    expect(text).toContain('\r\u001b[Klinting: 0/201 files (0%)');
    expect(text).toContain('\r\u001b[Klinting: 201/201 files (100%)');
    expect(text.endsWith('\r\u001b[K')).toBe(true);
    expect(text).not.toContain('\n');
  });

  it('writes nothing on a pipe, in CI, on a dumb terminal, or for 200 files or fewer', () => {
    expect(run(false, {}, 1000)).toBe('');
    expect(run(true, { CI: 'true' }, 1000)).toBe('');
    expect(run(true, { TERM: 'dumb' }, 1000)).toBe('');
    expect(run(true, {}, PROGRESS_MIN_FILES)).toBe('');
    expect(run(true, { CI: 'false' }, 1000)).not.toBe('');
  });

  it('redraws at most once per interval, but always shows the last file', () => {
    const io = fakeIo({ stderrIsTty: true });
    const progress = progressIndicator(io, { env: {}, now: () => 0 });
    for (let done = 0; done <= 1000; done++) progress.update(done, 1000);
    expect(io.err().split('\r\u001b[K').filter(Boolean)).toEqual([
      'linting: 0/1000 files (0%)',
      'linting: 1000/1000 files (100%)',
    ]);
  });
});

describe('lintFiles onProgress', () => {
  it('reports each file before it is linted, then the total', async () => {
    const dir = tempDir('runbook-iam-progress-');
    try {
      for (let i = 0; i < 3; i++) dir.write(`r${i}.yaml`, GOOD_RUNBOOK);
      const calls: [number, number][] = [];
      const { lintFiles } = await import('../../src/engine/lintFiles.js');
      const { rules } = await import('../../rules/index.js');
      const { defaultConfig } = await import('../../src/engine/config.js');
      await lintFiles({
        paths: [dir.path],
        cwd: dir.path,
        config: defaultConfig(dir.path),
        rules,
        onProgress: (done, total) => calls.push([done, total]),
      });
      expect(calls).toEqual([
        [0, 3],
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      expect((await lint([dir.path], dir.path)).files).toHaveLength(3);
    } finally {
      dir.remove();
    }
  });
});
