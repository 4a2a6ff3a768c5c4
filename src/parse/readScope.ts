import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The directories a run may read from. Files named by the repository's content (a `roles:` entry, a Terraform
 * `file()` target, a script attachment, a symbolic link met while searching a directory) are read only when their
 * real path lies inside one: the repository root (the directory of the configuration file, else the enclosing git
 * repository of the working directory, else the working directory), or the repository of a path the user named on
 * the command line (its git root, else the path itself, or the directory of a named file).
 */
export class ReadScope {
  private constructor(readonly roots: readonly string[]) {}

  /** The scope of one run; `paths` are the paths named on the command line. */
  static forRun({ cwd, configPath, paths }: { cwd: string; configPath?: string; paths: readonly string[] }): ReadScope {
    const root = configPath ? dirname(resolve(cwd, configPath)) : (gitRoot(cwd) ?? resolve(cwd));
    const roots = [root];
    for (const path of paths) {
      const absolute = resolve(cwd, path);
      let directory = absolute;
      try {
        if (!statSync(absolute).isDirectory()) directory = dirname(absolute);
      } catch {
        directory = dirname(absolute);
      }
      roots.push(gitRoot(directory) ?? directory);
    }
    return new ReadScope([...new Set(roots.map(realPath))]);
  }

  /** A scope of the given directories (tests, and library callers that read one tree). */
  static of(...directories: string[]): ReadScope {
    return new ReadScope(directories.map(realPath));
  }

  /** Whether `path`, once its symbolic links are followed, lies inside the scope. */
  contains(path: string): boolean {
    const real = realPath(path);
    return this.roots.some((root) => isInside(real, root));
  }
}

/** The nearest directory at or above `start` that holds `.git` (a directory, or a file in a worktree). */
export function gitRoot(start: string): string | undefined {
  let directory = resolve(start);
  for (;;) {
    if (existsSync(resolve(directory, '.git'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The real path; for a path that does not exist, the real path of its nearest existing ancestor joined with the rest. */
function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : resolve(realPath(parent), basename(absolute));
  }
}

function isInside(path: string, root: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot === '' || (!fromRoot.startsWith(`..${sep}`) && fromRoot !== '..' && !isAbsolute(fromRoot));
}
