import { readFile, stat } from 'node:fs/promises';
import type { SourceRange } from './sourceRange.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; message: string; range?: SourceRange };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a file as UTF-8 text, refusing what is not a text runbook: over the size cap, binary (NUL bytes),
 * UTF-16/32 (SSM documents are UTF-8), invalid UTF-8. A UTF-8 byte order mark is dropped.
 */
export async function readSourceFile(path: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): Promise<ReadResult> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, message: `${path} is a directory, not a file.` };
    size = info.size;
  } catch (error) {
    return { ok: false, message: `Cannot read ${path}: ${describeFsError(error)}.` };
  }
  if (size > maxFileSize) {
    return {
      ok: false,
      message: `${path} is ${formatBytes(size)}, over the ${formatBytes(maxFileSize)} limit; raise maxFileSize in .runbook-iam.yaml or --max-file-size if it really is a runbook.`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { ok: false, message: `Cannot read ${path}: ${describeFsError(error)}.` };
  }
  return decodeSource(path, bytes);
}

export function decodeSource(path: string, bytes: Uint8Array): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: `${path} is UTF-16 encoded; save it as UTF-8 (Systems Manager documents are UTF-8).` };
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const nul = bytes.indexOf(0, start);
  if (nul !== -1) {
    const position = lineAndColumnOfByte(bytes, start, nul);
    return {
      ok: false,
      message: `${path} contains a NUL byte at line ${position.line}, column ${position.column}: it is binary or UTF-16 without a byte order mark, not a UTF-8 runbook.`,
      range: { file: path, startLine: position.line, startColumn: position.column, endLine: position.line, endColumn: position.column },
    };
  }
  try {
    return { ok: true, text: utf8.decode(bytes.subarray(start)) };
  } catch {
    const bad = firstInvalidUtf8(bytes, start);
    const position = lineAndColumnOfByte(bytes, start, bad);
    return {
      ok: false,
      message: `${path} is not valid UTF-8 (byte ${bad} at line ${position.line}, column ${position.column}); save it as UTF-8.`,
      range: { file: path, startLine: position.line, startColumn: position.column, endLine: position.line, endColumn: position.column },
    };
  }
}

function lineAndColumnOfByte(bytes: Uint8Array, start: number, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = start;
  for (let i = start; i < index; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array, start: number): number {
  let low = start;
  let high = bytes.length;
  // Binary search for the shortest prefix that fails to decode; the failure is in its last few bytes.
  while (low < high) {
    const middle = (low + high) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, middle), { stream: true });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  return Math.max(start, low - 1);
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
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
