import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** The files the linter and the bare parse read. */
export const CORPUS_FILE = /\.(ya?ml|json|tf)$/i;

/** Every regular file under `dir` whose name matches CORPUS_FILE, relative to `dir`, sorted. */
export function corpusFilesOf(dir: string): string[] {
  const files: string[] = [];
  const walk = (at: string, relative: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(at, entry.name), path);
      else if (entry.isFile() && CORPUS_FILE.test(entry.name)) files.push(path);
    }
  };
  walk(dir, '');
  return files.sort();
}

/**
 * A corpus of real files for the benchmark: the whole tree under `source`, copied into numbered directories
 * (copy-0001/, copy-0002/, …) until it holds at least `repeatTo` files. Whole trees are copied, so each file keeps its
 * relative directory and the attachments and Terraform file() targets it names still resolve. Cached under `root`
 * (keyed by the source's path, its file list and sizes, and the target count).
 */
export function ensureRepeatedCorpus(
  root: string,
  source: string,
  repeatTo: number,
): { dir: string; files: number; bytes: number; copies: number; generated: boolean } {
  const sourceDir = resolve(source);
  const files = corpusFilesOf(sourceDir);
  if (files.length === 0) throw new Error(`${sourceDir} holds no .yaml, .yml, .json or .tf file.`);
  const sizes = files.map((file) => statSync(join(sourceDir, file)).size);
  const key = createHash('sha256')
    .update(JSON.stringify([sourceDir, files, sizes, repeatTo]))
    .digest('hex')
    .slice(0, 12);
  const dir = join(root, `${basename(sourceDir)}-${key}-n${repeatTo}`);
  const copies = Math.max(1, Math.ceil(repeatTo / files.length));
  const bytesPerCopy = sizes.reduce((sum, size) => sum + size, 0);
  const result = { dir, files: files.length * copies, bytes: bytesPerCopy * copies, copies };
  const manifest = join(dir, '.corpus-manifest');
  if (existsSync(manifest) && readFileSync(manifest, 'utf8') === key) return { ...result, generated: false };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let copy = 1; copy <= copies; copy++) {
    cpSync(sourceDir, join(dir, `copy-${String(copy).padStart(4, '0')}`), { recursive: true });
  }
  writeFileSync(manifest, key);
  return { ...result, generated: true };
}
