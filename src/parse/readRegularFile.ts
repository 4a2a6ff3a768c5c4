import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

export type RegularFileRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'directory' | 'not-regular' | 'too-large' | 'unreadable'; size?: number; error?: unknown };

export interface RegularFileLimits {
  /** Largest number of bytes read; a longer file is refused without reading more than this. */
  maxBytes: number;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. The descriptor is checked with fstat
// before anything is read, so a path swapped between a check and the open cannot make us read a pipe or a device.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a file only when it is a regular file of at most `maxBytes`: a directory, FIFO, socket or device
 * (`/dev/zero`, `/dev/stdin`) is refused without reading, and no more than `maxBytes + 1` bytes are ever read,
 * even when the size the file system reports is wrong (files under /proc report 0).
 */
export async function readRegularFile(path: string, { maxBytes }: RegularFileLimits): Promise<RegularFileRead> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    return openFailure(error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { ok: false, reason: 'directory' };
    if (!info.isFile()) return { ok: false, reason: 'not-regular' };
    if (info.size > maxBytes) return { ok: false, reason: 'too-large', size: info.size };
    let buffer: Buffer = Buffer.allocUnsafe(initialSize(info.size, maxBytes));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { ok: false, reason: 'too-large', size: length };
        buffer = grown(buffer, maxBytes);
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, reason: 'too-large', size: length };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, reason: 'unreadable', error };
  } finally {
    await handle.close();
  }
}

/** readRegularFile for the few reads that happen before any asynchronous work (configuration, role and baseline files). */
export function readRegularFileSync(path: string, { maxBytes }: RegularFileLimits): RegularFileRead {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return openFailure(error);
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { ok: false, reason: 'directory' };
    if (!info.isFile()) return { ok: false, reason: 'not-regular' };
    if (info.size > maxBytes) return { ok: false, reason: 'too-large', size: info.size };
    let buffer: Buffer = Buffer.allocUnsafe(initialSize(info.size, maxBytes));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { ok: false, reason: 'too-large', size: length };
        buffer = grown(buffer, maxBytes);
      }
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, reason: 'too-large', size: length };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, reason: 'unreadable', error };
  } finally {
    closeSync(fd);
  }
}

/** ENXIO: the path is a socket (`/dev/stdin` of a process started with a socket pair), which cannot be opened. */
function openFailure(error: unknown): RegularFileRead {
  if ((error as { code?: string } | undefined)?.code === 'ENXIO') return { ok: false, reason: 'not-regular' };
  return { ok: false, reason: 'unreadable', error };
}

/**
 * Room for the reported size and one byte more (to notice a file longer than reported), within maxBytes + 1; at
 * least 4 KB, for files that report no size (under /proc), and grown by doubling from there.
 */
function initialSize(reportedSize: number, maxBytes: number): number {
  return Math.min(maxBytes + 1, Math.max(reportedSize + 1, 4 * 1024));
}

function grown(buffer: Buffer, maxBytes: number): Buffer {
  const larger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
  buffer.copy(larger);
  return larger;
}

/** One sentence (without a final period) saying why a file was not read; `label` names the file as the user knows it. */
export function refusalReason(label: string, read: Exclude<RegularFileRead, { ok: true }>, maxBytes: number): string {
  const sentence = refusal(label, read, maxBytes);
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function refusal(label: string, read: Exclude<RegularFileRead, { ok: true }>, maxBytes: number): string {
  switch (read.reason) {
    case 'directory':
      return `${label} is a directory, not a file`;
    case 'not-regular':
      return `${label} is not a regular file (a pipe, socket or device)`;
    case 'too-large': {
      const size = read.size ?? maxBytes + 1;
      // Sizes that round alike ("2.0 KB, over the 2.0 KB limit") are shown in bytes.
      const exact = formatBytes(size) === formatBytes(maxBytes);
      return exact
        ? `${label} is ${size} bytes, over the ${maxBytes} bytes limit`
        : `${label} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit`;
    }
    case 'unreadable':
      return `cannot read ${label}: ${describeFsError(read.error)}`;
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
