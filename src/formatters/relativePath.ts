import path from 'node:path';

/**
 * `file` relative to `cwd`, with forward slashes (as SARIF URIs and GitHub annotations expect).
 * A file outside `cwd` (or on another drive) keeps its absolute path, also with forward slashes.
 * Pure: `cwd` is expected to be absolute; nothing is read from the file system or `process`.
 */
export function relativePath(cwd: string, file: string): string {
  if (!path.isAbsolute(file)) {
    return toForwardSlashes(path.normalize(file)).replace(/^\.\//, '');
  }
  const relative = path.relative(cwd, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return toForwardSlashes(file);
  }
  return toForwardSlashes(relative);
}

function toForwardSlashes(value: string): string {
  return value.split(path.sep).join('/');
}
