import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { attachmentHandler } from '../../../src/permissions/scripts/attachmentHandler.js';
import { readAttachment } from '../../../src/permissions/scripts/readAttachment.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-iam-attach-'));

describe('readAttachment', () => {
  it('reads .py and .ps1 files next to the runbook', async () => {
    writeFileSync(join(dir, 'main.py'), 'def script_handler(e, c):\n    pass\n');
    writeFileSync(join(dir, 'run.ps1'), 'Get-EC2Instance');
    expect(await readAttachment(dir, 'main.py')).toEqual({
      kind: 'found',
      entries: [{ name: 'main.py', text: 'def script_handler(e, c):\n    pass\n' }],
    });
    expect(await readAttachment(dir, 'run.ps1')).toEqual({
      kind: 'found',
      entries: [{ name: 'run.ps1', text: 'Get-EC2Instance' }],
    });
    expect(await readAttachment(dir, 'missing.py')).toEqual({ kind: 'absent' });
    expect((await readAttachment(dir, '../etc/passwd')).kind).toBe('error');
  });

  it('reads the script entries of a zip in memory', async () => {
    writeFileSync(
      join(dir, 'scripts.zip'),
      zipSync({
        'main.py': strToU8("import boto3\nboto3.client('ec2').describe_instances()\n"),
        'lib/helpers.py': strToU8('X = 1\n'),
        'README.md': strToU8('not a script'),
      }),
    );
    const result = await readAttachment(dir, 'scripts.zip');
    expect(result).toEqual({
      kind: 'found',
      entries: [
        { name: 'main.py', text: "import boto3\nboto3.client('ec2').describe_instances()\n" },
        { name: 'lib/helpers.py', text: 'X = 1\n' },
      ],
    });
  });

  it('stops at a zip bomb', async () => {
    writeFileSync(join(dir, 'bomb.zip'), zipSync({ 'main.py': new Uint8Array(3 * 1024 * 1024) }, { level: 9 }));
    const result = await readAttachment(dir, 'bomb.zip', { maxEntryBytes: 1024 * 1024 });
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.message).toMatch(/zip bomb/);
    const total = await readAttachment(dir, 'bomb.zip', { maxTotalBytes: 1024 * 1024 });
    expect(total.kind === 'error' && total.message).toMatch(/zip bomb/);
  });

  it('stops at a zip with too many entries, or one that is too big', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 30; i++) files[`f${i}.py`] = strToU8('x = 1\n');
    writeFileSync(join(dir, 'many.zip'), zipSync(files));
    const result = await readAttachment(dir, 'many.zip', { maxEntries: 20 });
    expect(result.kind === 'error' && result.message).toMatch(/more than 20 entries/);
    const big = await readAttachment(dir, 'many.zip', { maxCompressedBytes: 100 });
    expect(big.kind === 'error' && big.message).toMatch(/over the 100 bytes limit/);
  });

  it('rejects corrupt zips and other file types with a message', async () => {
    writeFileSync(join(dir, 'broken.zip'), 'PK\u0003\u0004 not really a zip');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect((await readAttachment(dir, 'broken.zip')).kind).not.toBe('found');
    expect((await readAttachment(dir, 'notes.txt')).kind).toBe('error');
  });
});

describe('attachmentHandler', () => {
  it('splits module.function', () => {
    expect(attachmentHandler('main.script_handler')).toEqual({ file: 'main.py', functionName: 'script_handler' });
    expect(attachmentHandler('pkg.mod.handler')).toEqual({ file: 'pkg/mod.py', functionName: 'handler' });
    expect(attachmentHandler('script_handler')).toBeNull();
  });
});
