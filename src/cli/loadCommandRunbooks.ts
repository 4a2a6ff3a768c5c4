import { isAbsolute, relative, resolve } from 'node:path';
import { defaultConfig } from '../engine/config.js';
import type { Config } from '../engine/config.js';
import { loadInRunOrder } from '../engine/loadRunbooks.js';
import type { LoadedRunbook } from '../engine/loadRunbooks.js';
import { UsageError } from './usageError.js';

/**
 * The runbooks of the commands that print needs or policies (permissions, policy, diff): the same loader as lint,
 * so they accept the same inputs — runbooks, templates with runbooks inside, directories. An input that cannot be
 * read or parsed is a usage error naming the file and position (exit code 2); so is finding no runbook at all.
 */
export async function loadCommandRunbooks(
  cwd: string,
  paths: string[],
  config: Pick<Config, 'ignore' | 'baseDir' | 'maxFileSize'> = defaultConfig(cwd),
): Promise<LoadedRunbook[]> {
  const runbooks: LoadedRunbook[] = [];
  const problems: string[] = [];
  let skipped = 0;
  const inputs = paths.map((path) => inputPath(cwd, path));
  for (const loaded of await loadInRunOrder({ paths: inputs, cwd, config })) {
    for (const problem of loaded.problems) {
      const { file, startLine, startColumn } = problem.range;
      const message = problem.message.startsWith(file)
        ? problem.message
        : `${file}:${startLine}:${startColumn}: ${problem.message}`;
      problems.push(message);
    }
    for (const result of loaded.results) {
      if (result.status === 'skipped') {
        skipped++;
        if (result.reason !== undefined && paths.length === 1) problems.push(`${result.path} is ${result.reason}.`);
      }
    }
    runbooks.push(...loaded.runbooks);
  }
  // Messages name files as the user typed them.
  const typed = (text: string): string =>
    paths.reduce((result, path) => result.split(resolve(cwd, path)).join(path), text);
  if (problems.length > 0)
    throw new UsageError(
      typed(problems.slice(0, 5).join('\n') + (problems.length > 5 ? `\n(and ${problems.length - 5} more)` : '')),
    );
  if (runbooks.length === 0) {
    throw new UsageError(
      `No Automation runbooks found in ${paths.join(', ')}${skipped > 0 ? ` (${skipped} file${skipped === 1 ? '' : 's'} skipped: not Automation runbooks)` : ''}.`,
    );
  }
  return runbooks;
}

/** How a command names a runbook: its file, and for one inside a template, the template resource too. */
export function runbookLabel(loaded: LoadedRunbook, cwd: string): string {
  const path = shownPath(cwd, loaded.runbook.path);
  return loaded.template ? `${path} (${loaded.template.resource})` : path;
}

/** A path as commands print it: relative to the working directory when the loader made it absolute. */
export function shownPath(cwd: string, path: string): string {
  return isAbsolute(path) ? relative(cwd, path) : path;
}

/** Paths stay as the user wrote them (relative paths print relative), resolved against the working directory. */
export function inputPath(cwd: string, path: string): string {
  return resolve(cwd) === process.cwd() ? path : resolve(cwd, path);
}
