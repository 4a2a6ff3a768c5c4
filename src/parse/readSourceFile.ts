import { describeFsError, formatBytes, readRegularFile, readRegularFileSync } from './readRegularFile.js';
import type { RegularFileRead } from './readRegularFile.js';
import type { SourceRange } from './sourceRange.js';

export { describeFsError, formatBytes } from './readRegularFile.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; message: string; range?: SourceRange };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a file as UTF-8 text, refusing what is not a text runbook: not a regular file (a FIFO, socket or device would
 * block the read or never end), over the size cap, binary (NUL bytes), UTF-16/32 (SSM documents are UTF-8), invalid
 * UTF-8. A UTF-8 byte order mark is dropped.
 */
export async function readSourceFile(path: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): Promise<ReadResult> {
  return sourceOf(path, await readRegularFile(path, { maxBytes: maxFileSize }), maxFileSize);
}

/**
 * readSourceFile without the event loop, for the loader's file-by-file reads: an asynchronous read takes five trips
 * through the event loop (open, stat, read, read, close), each waiting for the analysis of the file before to
 * yield, while a synchronous read of a runbook-sized file takes tens of microseconds.
 */
export function readSourceFileSync(path: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): ReadResult {
  return sourceOf(path, readRegularFileSync(path, { maxBytes: maxFileSize }), maxFileSize);
}

function sourceOf(path: string, read: RegularFileRead, maxFileSize: number): ReadResult {
  if (read.ok) return decodeSource(path, read.bytes);
  switch (read.reason) {
    case 'directory':
      return { ok: false, message: `${path} is a directory, not a file.` };
    case 'not-regular':
      return { ok: false, message: `${path} is not a regular file (a pipe, socket or device); name a runbook file.` };
    case 'unreadable':
      return { ok: false, message: `Cannot read ${path}: ${describeFsError(read.error)}.` };
    case 'too-large': {
      const size = read.size ?? maxFileSize + 1;
      // Sizes that round alike ("2.0 KB, over the 2.0 KB limit") are shown in bytes.
      const exact = formatBytes(size) === formatBytes(maxFileSize);
      const [shownSize, shownLimit] = exact
        ? [`${size} bytes`, `${maxFileSize} bytes`]
        : [formatBytes(size), formatBytes(maxFileSize)];
      return {
        ok: false,
        message: `${path} is ${shownSize}, over the ${shownLimit} limit; raise maxFileSize in .runbook-iam.yaml or --max-file-size if it really is a runbook.`,
      };
    }
  }
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
      range: {
        file: path,
        startLine: position.line,
        startColumn: position.column,
        endLine: position.line,
        endColumn: position.column,
      },
    };
  }
  try {
    return { ok: true, text: utf8.decode(bytes.subarray(start)) };
  } catch {
    const bad = firstInvalidUtf8(bytes, start);
    const position = lineAndColumnOfByte(bytes, start, bad);
    return {
      ok: false,
      message: `${path} is not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at line ${position.line}, column ${position.column}); save it as UTF-8.`,
      range: {
        file: path,
        startLine: position.line,
        startColumn: position.column,
        endLine: position.line,
        endColumn: position.column,
      },
    };
  }
}

/** 1-based line and column of a byte; the column counts UTF-16 code units, as SourceText does for decoded text. */
function lineAndColumnOfByte(bytes: Uint8Array, start: number, index: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = start; i < index; i++) {
    const byte = bytes[i] as number;
    if (byte === 10) {
      line++;
      column = 1;
    } else if ((byte & 0xc0) !== 0x80) column += byte >= 0xf0 ? 2 : 1;
  }
  return { line, column };
}

/** Index of the first byte of the first ill-formed UTF-8 sequence (Unicode 15, table 3-7), from `start`. */
function firstInvalidUtf8(bytes: Uint8Array, start: number): number {
  let i = start;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] as number;
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    )
      return i;
    i += length;
  }
  return Math.max(start, bytes.length - 1);
}
