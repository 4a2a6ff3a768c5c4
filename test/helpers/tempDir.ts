import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempDir {
  /** Absolute, symlink-free path of the directory. */
  path: string;
  /** Writes a file (creating parent directories) and returns its absolute path. */
  write(relativePath: string, content: string | Uint8Array): string;
  /** Absolute path of a file in the directory. */
  file(relativePath: string): string;
  remove(): void;
}

/** A fresh temporary directory for one test file; remove it in afterAll. */
export function tempDir(prefix = 'runbook-iam-test-'): TempDir {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return {
    path,
    write(relativePath, content) {
      const target = join(path, relativePath);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
      return target;
    },
    file: (relativePath) => join(path, relativePath),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** True when the tests run as root, where file permissions (chmod 000) do not stop reads. */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}
