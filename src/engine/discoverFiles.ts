import { realpathSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { ReadScope } from '../parse/readScope.js';
import { describeFsError } from '../parse/readSourceFile.js';
import { compilePathGlob } from '../model/pathGlob.js';

export interface DiscoveredFile {
  path: string;
  /** Named on the command line (reported when not a runbook) rather than found in a directory (skipped silently). */
  explicit: boolean;
  /** Named on the command line but matched by an `ignore` glob: reported as skipped, never read. */
  ignored?: true;
}

export interface DiscoveryError {
  path: string;
  message: string;
}

// Terraform (.tf) is searched for aws_ssm_document resources; CloudFormation templates are YAML/JSON, recognised by content.
const CANDIDATE = /\.(ya?ml|json|tf)$/i;
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.terraform']);

/**
 * Expands the command line's paths into files: directories are searched recursively for *.yaml, *.yml,
 * *.json and *.tf (skipping node_modules, .git and `ignore` globs); symbolic links are followed once (loops are cut),
 * and only when they stay inside `scope`.
 */
export async function discoverFiles(
  paths: string[],
  ignore: string[],
  baseDir: string,
  scope?: ReadScope,
): Promise<{ files: DiscoveredFile[]; errors: DiscoveryError[]; notes: string[] }> {
  const isIgnored = ignore.length > 0 ? compilePathGlob(ignore) : () => false;
  const ignored = (path: string): boolean => {
    const fromBase = relative(baseDir, resolve(path)).split(sep).join('/');
    return !fromBase.startsWith('..') && fromBase !== '' && isIgnored(fromBase);
  };
  const files: DiscoveredFile[] = [];
  const errors: DiscoveryError[] = [];
  const notes: string[] = [];
  const seenDirectories = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (path: string, explicit: boolean): void => {
    // The real path, so that a file reached through a symbolic link and directly is linted once.
    let key = resolve(path);
    try {
      key = realpathSync(key);
    } catch {
      // A dangling link is reported when the file is read.
    }
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    files.push({ path, explicit });
  };

  const walk = async (directory: string): Promise<void> => {
    let identity: string;
    try {
      const info = await stat(directory);
      identity = `${info.dev}:${info.ino}`;
    } catch (error) {
      errors.push({ path: directory, message: `Cannot read directory ${directory}: ${describeFsError(error)}.` });
      return;
    }
    if (seenDirectories.has(identity)) return;
    seenDirectories.add(identity);
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      errors.push({ path: directory, message: `Cannot read directory ${directory}: ${describeFsError(error)}.` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (ALWAYS_SKIPPED.has(entry.name) || ignored(path)) continue;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // A link out of the repository (`up -> /`) would make a pull request read, and report on, any file the run can.
        if (scope && !scope.contains(path)) {
          notes.push(`${path}: a symbolic link that leads outside the repository; not followed.`);
          continue;
        }
        try {
          const target = await stat(path);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          if (CANDIDATE.test(entry.name))
            errors.push({ path, message: `Cannot read ${path}: ${describeFsError(error)}.` });
          continue;
        }
      }
      if (isDirectory) await walk(path);
      else if (isFile && CANDIDATE.test(entry.name)) addFile(path, false);
    }
  };

  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      errors.push({ path, message: `Cannot read ${path}: ${describeFsError(error)}.` });
      continue;
    }
    if (info.isDirectory()) await walk(path);
    else if (!ignored(path)) addFile(path, true);
    else files.push({ path, explicit: true, ignored: true });
  }
  return { files, errors, notes };
}
