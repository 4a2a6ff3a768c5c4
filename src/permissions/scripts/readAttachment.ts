import { existsSync, realpathSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type * as Fflate from 'fflate';
import { readRegularFile, refusalReason } from '../../parse/readRegularFile.js';
import type { ReadScope } from '../../parse/readScope.js';

export interface AttachmentLimits {
  /** Largest .zip file read, in bytes. */
  maxCompressedBytes: number;
  /** Largest total of uncompressed entry sizes in one .zip, in bytes. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Largest single uncompressed entry (or .py/.ps1 file), in bytes. */
  maxEntryBytes: number;
  /** Largest total of script bytes read in one run, over every distinct attachment. */
  maxRunBytes: number;
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
  maxRunBytes: 100 * 1024 * 1024,
};

const SCRIPT_EXTENSIONS = new Set(['.py', '.ps1']);
const MiB = 1024 * 1024;

class LimitError extends Error {}

/**
 * Reads the `aws:executeScript` attachments of one run. Each distinct file (by real path) is read once, however many
 * steps and runbooks name it, and the script bytes read are summed across the run: every limit is checked before the
 * work it bounds (a file's size before reading it, a zip's declared entry sizes before inflating any entry), and a
 * file that would pass the run's budget is not read. A file outside `scope` (a link out of the repository) is not read.
 */
export class AttachmentReader {
  private readonly limit: AttachmentLimits;
  private readonly results = new Map<string, Promise<AttachmentResult>>();
  private bytesRead = 0;

  constructor(
    limits: Partial<AttachmentLimits> = {},
    private readonly scope?: ReadScope,
  ) {
    this.limit = { ...defaultAttachmentLimits, ...limits };
  }

  /**
   * An attachment that sits next to the runbook: a .py or .ps1 file, or a .zip whose .py/.ps1 entries are inflated
   * in memory (Automation accepts these three forms; see "Using scripts in runbooks"). Nothing is extracted to disk
   * or executed.
   */
  read(runbookDir: string, attachmentName: string): Promise<AttachmentResult> {
    const name = basename(attachmentName);
    if (name !== attachmentName || name === '' || name === '.' || name === '..') {
      return Promise.resolve({
        kind: 'error',
        message: `Attachment name '${attachmentName}' must be a plain file name next to the runbook.`,
      });
    }
    const path = join(runbookDir, name);
    let key = resolve(path);
    try {
      key = realpathSync(key);
    } catch {
      // Absent: reported as such by readOnce.
    }
    let result = this.results.get(key);
    if (!result) {
      result = this.readOnce(path, name);
      this.results.set(key, result);
    }
    return result;
  }

  private async readOnce(path: string, name: string): Promise<AttachmentResult> {
    if (!existsSync(path)) return { kind: 'absent' };
    if (this.scope && !this.scope.contains(path))
      return {
        kind: 'error',
        message: `Attachment '${name}' is a link to a file outside the repository; it was not read.`,
      };
    const extension = extname(name).toLowerCase();
    const isScript = SCRIPT_EXTENSIONS.has(extension);
    if (!isScript && extension !== '.zip') {
      return {
        kind: 'error',
        message: `Attachment '${name}' is not a .py, .ps1 or .zip file, so its script cannot be analysed.`,
      };
    }
    const maxBytes = isScript ? this.limit.maxEntryBytes : this.limit.maxCompressedBytes;
    const remaining = this.limit.maxRunBytes - this.bytesRead;
    // A script is counted against the run's budget before it is read: it is read only up to what is left.
    const read = await readRegularFile(path, { maxBytes: isScript ? Math.min(maxBytes, remaining) : maxBytes });
    if (!read.ok) {
      if (read.reason === 'too-large') {
        const size = read.size ?? maxBytes + 1;
        if (size <= maxBytes)
          return { kind: 'error', message: runBudgetError(name, size, this.limit.maxRunBytes).message };
        return {
          kind: 'error',
          message: `Attachment '${name}' is ${formatSize(size)}, over the ${formatSize(maxBytes)} limit for ${isScript ? 'a script' : 'a .zip'}.`,
        };
      }
      if (read.reason === 'unreadable' && (read.error as { code?: string } | undefined)?.code === 'ENOENT')
        return { kind: 'absent' };
      return { kind: 'error', message: `${refusalReason(`attachment '${name}'`, read, maxBytes)}.` };
    }
    try {
      if (isScript) {
        this.spend(name, read.bytes.length);
        return { kind: 'found', entries: [{ name, text: read.bytes.toString('utf8') }] };
      }
      // fflate is loaded only for a zip attachment, so runs without one do not pay for it.
      const fflate = await import('fflate');
      const declared = declaredScriptBytes(fflate, read.bytes, name, this.limit);
      if (declared > remaining) throw runBudgetError(name, declared, this.limit.maxRunBytes);
      const unzipped = unzipScripts(fflate, read.bytes, name, this.limit, remaining);
      this.bytesRead += unzipped.bytes;
      return { kind: 'found', entries: unzipped.entries };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        kind: 'error',
        message: error instanceof LimitError ? message : `Attachment '${name}' could not be read: ${message}`,
      };
    }
  }

  /** Counts `bytes` against the run's budget, or refuses them (before they are used). */
  private spend(name: string, bytes: number): void {
    if (this.bytesRead + bytes > this.limit.maxRunBytes) throw runBudgetError(name, bytes, this.limit.maxRunBytes);
    this.bytesRead += bytes;
  }
}

function runBudgetError(name: string, bytes: number, maxRunBytes: number): LimitError {
  return new LimitError(
    `Attachment '${name}' holds ${formatSize(bytes)} of scripts, which would take the attachments read in this run past ${formatSize(maxRunBytes)}; it was not read.`,
  );
}

/** One attachment read on its own (a reader of its own, so no run budget is shared). */
export function readAttachment(
  runbookDir: string,
  attachmentName: string,
  limits: Partial<AttachmentLimits> = {},
): Promise<AttachmentResult> {
  return new AttachmentReader(limits).read(runbookDir, attachmentName);
}

/**
 * The uncompressed size the zip's central directory declares for its script entries, checking every entry's declared
 * size and the entry count against the limits first; nothing is inflated (fflate's filter sees each entry before).
 */
function declaredScriptBytes(
  { unzipSync }: typeof Fflate,
  data: Uint8Array,
  zipName: string,
  limit: AttachmentLimits,
): number {
  let entries = 0;
  let total = 0;
  let scripts = 0;
  try {
    unzipSync(data, {
      filter(file) {
        entries++;
        if (entries > limit.maxEntries) {
          throw new LimitError(
            `Attachment '${zipName}' has more than ${limit.maxEntries} entries; it looks like a zip bomb and was not read.`,
          );
        }
        total += file.originalSize;
        if (file.originalSize > limit.maxEntryBytes || total > limit.maxTotalBytes) {
          throw new LimitError(
            `Attachment '${zipName}' entry '${file.name}' declares ${formatSize(file.originalSize)} uncompressed, over the limits (${formatSize(limit.maxEntryBytes)} per entry, ${formatSize(limit.maxTotalBytes)} in all); it looks like a zip bomb and was not read.`,
          );
        }
        if (!file.name.endsWith('/') && SCRIPT_EXTENSIONS.has(extname(file.name).toLowerCase()))
          scripts += file.originalSize;
        return false;
      },
    });
  } catch (error) {
    if (error instanceof LimitError) throw error;
    // An unreadable central directory: the streaming read below reports what is wrong with the file.
  }
  return scripts;
}

/** Inflates the script entries of a zip, checking declared sizes first and counting real bytes while inflating. */
function unzipScripts(
  { Unzip, UnzipInflate, UnzipPassThrough }: typeof Fflate,
  data: Uint8Array,
  zipName: string,
  limit: AttachmentLimits,
  budget: number,
): { entries: { name: string; text: string }[]; bytes: number } {
  const entries: { name: string; chunks: Uint8Array[] }[] = [];
  let entryCount = 0;
  let total = 0;
  let scriptBytes = 0;
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
      scriptBytes += chunk.length;
      if (scriptBytes > budget) {
        // The central directory declared less than the entries hold: the run's budget still holds.
        failure = runBudgetError(zipName, scriptBytes, limit.maxRunBytes);
        file.terminate();
        return;
      }
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
  const texts = entries.map((entry) => {
    const bytes = new Uint8Array(entry.chunks.reduce((sum, c) => sum + c.length, 0));
    let at = 0;
    for (const chunk of entry.chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return { name: entry.name, text: decoder.decode(bytes) };
  });
  return { entries: texts, bytes: scriptBytes };
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
