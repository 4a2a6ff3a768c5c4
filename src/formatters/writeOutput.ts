import { randomBytes } from 'node:crypto';
import { constants, lstatSync, statSync, unlinkSync } from 'node:fs';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The output path cannot be written: a usage error naming it, never a stack trace. */
export class OutputTargetError extends Error {}

/**
 * Throws an OutputTargetError unless `file` is a regular file or a new name in an existing folder. A device node, a
 * FIFO, a directory or a symbolic link is refused: the report replaces the file, and replacing `/dev/null` or the
 * target of a link is never what was meant.
 */
export function checkOutputTarget(file: string, label = file): void {
  let kind: string | undefined;
  try {
    const stats = lstatSync(file);
    if (stats.isSymbolicLink()) kind = 'a symbolic link';
    else if (stats.isDirectory()) kind = 'a directory';
    else if (stats.isFIFO()) kind = 'a named pipe';
    else if (stats.isCharacterDevice() || stats.isBlockDevice()) kind = 'a device';
    else if (stats.isSocket()) kind = 'a socket';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(label, error);
    const folder = path.dirname(file);
    let isFolder = false;
    try {
      isFolder = statSync(folder).isDirectory();
    } catch {
      // Reported below.
    }
    if (!isFolder) throw new OutputTargetError(`Cannot write ${label}: the folder ${folder} does not exist.`);
  }
  if (kind) throw new OutputTargetError(`Cannot write ${label}: it is ${kind}; name a regular file or a new path.`);
}

/**
 * Writes `text` to `file` so that readers see either the old content or the whole new content, never a partial file:
 * the text goes to a new temporary file in the same directory (rename is only atomic within one file system), which
 * then replaces `file`. The temporary file is removed if the process is interrupted (SIGINT, SIGTERM) meanwhile.
 */
export async function writeFileAtomic(file: string, text: string, label = file): Promise<void> {
  checkOutputTarget(file, label);
  const folder = path.dirname(file);
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    throw outputError(label, error);
  }
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}`;
  const temporary = path.join(folder, `.${path.basename(file)}.${suffix}.tmp`);
  const removeTemporary = (): void => {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never created.
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    removeTemporary();
    release();
    // Die of the same signal, as without the handler.
    process.kill(process.pid, signal);
  };
  const release = (): void => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // `wx`: a file (or a link) that appeared under the temporary name is never written through.
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    checkOutputTarget(file, label);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof OutputTargetError) throw error;
    throw outputError(label, error);
  } finally {
    release();
  }
}

function outputError(label: string, error: unknown): OutputTargetError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'the file system is read-only'
        : code === 'ENOSPC'
          ? 'no space left on the device'
          : error instanceof Error
            ? error.message
            : String(error);
  return new OutputTargetError(`Cannot write ${label}: ${why}.`);
}
