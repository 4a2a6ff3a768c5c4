import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSource, describeFsError, formatBytes, readSourceFile } from '../../src/parse/readSourceFile.js';

const utf8 = (text: string): number[] => [...Buffer.from(text, 'utf8')];
const decode = (...bytes: number[]): ReturnType<typeof decodeSource> => decodeSource('x.yaml', Uint8Array.from(bytes));

describe('decodeSource', () => {
  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decode(...utf8('a: é\n'))).toEqual({ ok: true, text: 'a: é\n' });
    expect(decode(0xef, 0xbb, 0xbf, ...utf8('a: 1\n'))).toEqual({ ok: true, text: 'a: 1\n' });
  });

  it('refuses UTF-16 with a byte order mark, little and big endian', () => {
    const message = 'x.yaml is UTF-16 encoded; save it as UTF-8 (Systems Manager documents are UTF-8).';
    expect(decode(0xff, 0xfe, ...Buffer.from('a: 1\n', 'utf16le'))).toEqual({ ok: false, message });
    expect(decode(0xfe, 0xff, ...Buffer.from('a: 1\n', 'utf16le').swap16())).toEqual({ ok: false, message });
  });

  it('refuses binary content, naming the line and column of the first NUL byte', () => {
    const result = decode(...utf8('ab\ncd'), 0, ...utf8('x'));
    expect(result).toEqual({
      ok: false,
      message:
        'x.yaml contains a NUL byte at line 2, column 3: it is binary or UTF-16 without a byte order mark, not a UTF-8 runbook.',
      range: { file: 'x.yaml', startLine: 2, startColumn: 3, endLine: 2, endColumn: 3 },
    });
  });

  it('refuses UTF-16 without a byte order mark as binary', () => {
    const result = decode(...Buffer.from('a: 1\n', 'utf16le'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/NUL byte at line 1, column 2/);
  });

  it('reports invalid UTF-8 at the first byte of the bad sequence', () => {
    // "ab\nc" then 0xC3 0x28: 0xC3 starts a two-byte sequence that 0x28 "(" does not continue.
    expect(decode(...utf8('ab\nc'), 0xc3, 0x28, ...utf8('x\n'))).toEqual({
      ok: false,
      message: 'x.yaml is not valid UTF-8 (byte 0xc3 at line 2, column 2); save it as UTF-8.',
      range: { file: 'x.yaml', startLine: 2, startColumn: 2, endLine: 2, endColumn: 2 },
    });
  });

  it('counts columns in characters, not bytes, before the bad byte', () => {
    // "wörld" is 5 characters but 6 bytes: the stray 0xFF is the 6th character of line 2.
    const result = decode(...utf8('héllo\nwörld'), 0xff);
    expect(!result.ok && result.range).toMatchObject({ startLine: 2, startColumn: 6 });
  });

  it('reports a truncated multi-byte sequence at its start, also at the end of the file', () => {
    const atEnd = decode(...utf8('ab\n'), 0xe2, 0x82);
    expect(!atEnd.ok && atEnd.message).toBe(
      'x.yaml is not valid UTF-8 (byte 0xe2 at line 2, column 1); save it as UTF-8.',
    );
    const inside = decode(...utf8('ab\n'), 0xe2, 0x82, 0x41);
    expect(!inside.ok && inside.range).toMatchObject({ startLine: 2, startColumn: 1 });
  });

  it('refuses overlong encodings and UTF-16 surrogates', () => {
    const overlong = decode(...utf8('a: '), 0xc0, 0xaf);
    expect(!overlong.ok && overlong.range).toMatchObject({ startLine: 1, startColumn: 4 });
    const surrogate = decode(...utf8('a: '), 0xed, 0xa0, 0x80);
    expect(!surrogate.ok && surrogate.message).toMatch(/byte 0xed at line 1, column 4/);
  });

  it('counts lines after a byte order mark from the first real character', () => {
    const result = decode(0xef, 0xbb, 0xbf, ...utf8('a\nb'), 0xff);
    expect(!result.ok && result.range).toMatchObject({ startLine: 2, startColumn: 2 });
  });
});

describe('readSourceFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-iam-read-'));
    writeFileSync(join(dir, 'ok.yaml'), '\uFEFFa: 1\n');
    writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(2_000));
    writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    mkdirSync(join(dir, 'folder.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    writeFileSync(join(dir, 'plain-file'), 'x');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a UTF-8 file without its byte order mark', async () => {
    expect(await readSourceFile(join(dir, 'ok.yaml'))).toEqual({ ok: true, text: 'a: 1\n' });
  });

  it('refuses a file over the size limit before reading it, and accepts one at the limit', async () => {
    const path = join(dir, 'big.yaml');
    expect(await readSourceFile(path, 1_000)).toEqual({
      ok: false,
      message: `${path} is 2.0 KB, over the 1000 bytes limit; raise maxFileSize in .runbook-iam.yaml or --max-file-size if it really is a runbook.`,
    });
    // 2,000 and 1,999 bytes both round to "2.0 KB": then the message gives bytes.
    const close = await readSourceFile(path, 1_999);
    expect(!close.ok && close.message).toMatch(/ is 2000 bytes, over the 1999 bytes limit; /);
    expect((await readSourceFile(path, 2_000)).ok).toBe(true);
  });

  it('refuses a binary file (a PNG header: its NUL follows two line feeds)', async () => {
    const result = await readSourceFile(join(dir, 'binary.yaml'));
    expect(!result.ok && result.message).toMatch(/binary\.yaml contains a NUL byte at line 3, column 1/);
  });

  it('reports a missing file, a directory and a dangling symbolic link', async () => {
    const missing = join(dir, 'missing.yaml');
    expect(await readSourceFile(missing)).toEqual({
      ok: false,
      message: `Cannot read ${missing}: no such file or directory.`,
    });
    const folder = join(dir, 'folder.yaml');
    expect(await readSourceFile(folder)).toEqual({ ok: false, message: `${folder} is a directory, not a file.` });
    const dangling = join(dir, 'dangling.yaml');
    expect(await readSourceFile(dangling)).toEqual({
      ok: false,
      message: `Cannot read ${dangling}: no such file or directory.`,
    });
  });

  it('explains a path that goes through a file', async () => {
    const through = join(dir, 'plain-file', 'runbook.yaml');
    expect(await readSourceFile(through)).toEqual({
      ok: false,
      message: `Cannot read ${through}: a component of the path is not a directory.`,
    });
  });
});

describe('describeFsError and formatBytes', () => {
  it('turns error codes into words and falls back to the code or message', () => {
    expect(describeFsError({ code: 'EACCES' })).toBe('permission denied');
    expect(describeFsError({ code: 'ELOOP' })).toBe('too many levels of symbolic links');
    expect(describeFsError({ code: 'EMFILE' })).toBe('EMFILE');
    expect(describeFsError(new Error('boom'))).toBe('boom');
  });

  it('prints sizes in bytes, KB and MB', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1_536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50.0 MB');
  });
});
