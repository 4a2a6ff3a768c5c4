import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of the files under `path` (0 when it does not exist). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * vitest globalSetup: compile src/ and rules/ into dist/ once (and bundle the command line into dist/cli.mjs), so tests that spawn bin/runbook-iam.js run current
 * code. Skipped when dist/ is newer than every source. A type error does not stop the tests: tsc still emits the
 * JavaScript (type errors are `npm run typecheck`'s job), so only a build that leaves no CLI behind is fatal.
 */
export default function buildOnce(): void {
  const root = join(import.meta.dirname, '..', '..');
  const cli = join(root, 'dist', 'cli.mjs');
  const sources = Math.max(
    newestMtime(join(root, 'src')),
    newestMtime(join(root, 'rules')),
    newestMtime(join(root, 'tsconfig.json')),
    newestMtime(join(root, 'tsconfig.build.json')),
  );
  if (existsSync(cli) && statSync(cli).mtimeMs > sources) return;
  try {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
  } catch (error) {
    if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw error;
    process.stderr.write(
      'buildOnce: tsc reported errors (see above); dist/ was still written, so the tests run on it.\n',
    );
  }
  // bin/runbook-iam.js runs dist/cli.mjs, the command line in one module (scripts/bundleCli.mjs).
  execFileSync(process.execPath, [join(root, 'scripts', 'bundleCli.mjs')], { cwd: root, stdio: 'inherit' });
}
