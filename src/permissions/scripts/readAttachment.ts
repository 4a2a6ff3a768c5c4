import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type * as Fflate from 'fflate';

export interface AttachmentLimits {
  /** Largest .zip file read, in bytes. */
  maxCompressedBytes: number;
  /** Largest total of uncompressed entry sizes, in bytes. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Largest single uncompressed entry, in bytes. */
  maxEntryBytes: number;
}

export type AttachmentResult =
  | { kind: 'found'; entries: { name: string; text: string }[] }
  | { kind: 'absent' }
  | { kind: 'error'; message: string };

export const defaultAttachmentLimits: AttachmentLimits = {
  maxCompressedBytes: 10 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxEntries: 1000,
  maxEntryBytes: 10 * 1024 * 1024,
};

const SCRIPT_EXTENSIONS = new Set(['.py', '.ps1']);
const MiB = 1024 * 1024;

class LimitError extends Error {}

/**
 * Reads an `aws:executeScript` attachment that sits next to the runbook: a .py or .ps1 file, or a .zip whose
 * .py/.ps1 entries are inflated in memory within `limits` (Automation accepts these three forms; see "Using scripts
 * in runbooks"). Nothing is extracted to disk or executed.
 */
export async function readAttachment(
  runbookDir: string,
  attachmentName: string,
  limits: Partial<AttachmentLimits> = {},
): Promise<AttachmentResult> {
  const limit: AttachmentLimits = { ...defaultAttachmentLimits, ...limits };
  const name = basename(attachmentName);
  if (name !== attachmentName || name === '' || name === '.' || name === '..') {
    return {
      kind: 'error',
      message: `Attachment name '${attachmentName}' must be a plain file name next to the runbook.`,
    };
  }
  const path = join(runbookDir, name);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { kind: 'error', message: `Attachment '${name}' is not a file.` };
    size = info.size;
  } catch {
    return { kind: 'absent' };
  }
  const extension = extname(name).toLowerCase();
  try {
    if (SCRIPT_EXTENSIONS.has(extension)) {
      if (size > limit.maxEntryBytes) {
        return {
          kind: 'error',
          message: `Attachment '${name}' is ${formatSize(size)}, over the ${formatSize(limit.maxEntryBytes)} limit for a script.`,
        };
      }
      return { kind: 'found', entries: [{ name, text: await readFile(path, 'utf8') }] };
    }
    if (extension !== '.zip') {
      return {
        kind: 'error',
        message: `Attachment '${name}' is not a .py, .ps1 or .zip file, so its script cannot be analysed.`,
      };
    }
    if (size > limit.maxCompressedBytes) {
      return {
        kind: 'error',
        message: `Attachment '${name}' is ${formatSize(size)}, over the ${formatSize(limit.maxCompressedBytes)} limit for a .zip.`,
      };
    }
    // fflate is loaded only for a zip attachment, so runs without one do not pay for it.
    return { kind: 'found', entries: unzipScripts(await import('fflate'), await readFile(path), name, limit) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      kind: 'error',
      message: error instanceof LimitError ? message : `Attachment '${name}' could not be read: ${message}`,
    };
  }
}

/** Inflates the script entries of a zip, checking declared sizes first and counting real bytes while inflating. */
function unzipScripts(
  { Unzip, UnzipInflate, UnzipPassThrough }: typeof Fflate,
  data: Uint8Array,
  zipName: string,
  limit: AttachmentLimits,
): { name: string; text: string }[] {
  const entries: { name: string; chunks: Uint8Array[] }[] = [];
  let entryCount = 0;
  let total = 0;
  let failure: Error | null = null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    entryCount++;
    if (entryCount > limit.maxEntries) {
      failure = new LimitError(
        `Attachment '${zipName}' has more than ${limit.maxEntries} entries; it looks like a zip bomb and was not read.`,
      );
      return;
    }
    const declared = file.originalSize ?? 0;
    if (declared > limit.maxEntryBytes || total + declared > limit.maxTotalBytes) {
      failure = new LimitError(
        `Attachment '${zipName}' entry '${file.name}' declares ${formatSize(declared)} uncompressed, over the limits (${formatSize(limit.maxEntryBytes)} per entry, ${formatSize(limit.maxTotalBytes)} in all); it looks like a zip bomb and was not read.`,
      );
      return;
    }
    if (file.name.endsWith('/') || !SCRIPT_EXTENSIONS.has(extname(file.name).toLowerCase())) return;
    const entry = { name: file.name, chunks: [] as Uint8Array[] };
    let entryBytes = 0;
    entries.push(entry);
    file.ondata = (error, chunk) => {
      if (failure) return;
      if (error) {
        failure = new Error(`entry '${file.name}' is corrupt: ${error.message}`);
        return;
      }
      entryBytes += chunk.length;
      total += chunk.length;
      if (entryBytes > limit.maxEntryBytes || total > limit.maxTotalBytes) {
        failure = new LimitError(
          `Attachment '${zipName}' entry '${file.name}' inflates past the limits (${formatSize(limit.maxEntryBytes)} per entry, ${formatSize(limit.maxTotalBytes)} in all); it looks like a zip bomb and was not read.`,
        );
        file.terminate();
        return;
      }
      entry.chunks.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  const step = 64 * 1024;
  for (let offset = 0; offset < data.length && !failure; offset += step) {
    unzip.push(data.subarray(offset, Math.min(offset + step, data.length)), offset + step >= data.length);
  }
  if (failure) throw failure;
  if (entryCount === 0 && !hasEndOfCentralDirectory(data)) throw new Error('it is not a valid .zip file');
  const decoder = new TextDecoder('utf-8');
  return entries.map((entry) => {
    const bytes = new Uint8Array(entry.chunks.reduce((sum, c) => sum + c.length, 0));
    let at = 0;
    for (const chunk of entry.chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return { name: entry.name, text: decoder.decode(bytes) };
  });
}

/** A zip ends with an end-of-central-directory record, signature PK\\x05\\x06, within its last 65,557 bytes (APPNOTE 4.3.16). */
function hasEndOfCentralDirectory(data: Uint8Array): boolean {
  for (let i = data.length - 22; i >= Math.max(0, data.length - 65_557); i--) {
    if (data[i] === 0x50 && data[i + 1] === 0x4b && data[i + 2] === 0x05 && data[i + 3] === 0x06) return true;
  }
  return false;
}

function formatSize(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`;
}
