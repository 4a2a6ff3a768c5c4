import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The installed package's root directory (holds package.json, schemas/, action-map/), from src/ or dist/src/. */
export function packageRoot(): string {
  if (cached) return cached;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) || !existsSync(join(directory, 'schemas'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('runbook-iam cannot find its own package directory.');
    directory = parent;
  }
  cached = directory;
  return directory;
}
