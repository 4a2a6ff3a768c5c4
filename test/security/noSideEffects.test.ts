import childProcess from 'node:child_process';
import dns from 'node:dns';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { JsonOutput } from '../../src/formatters/json.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

/**
 * The tool's own safety: a default `lint` run never executes, imports or evaluates anything from a runbook or an
 * attachment, makes no network call (only --aws may), starts no child process, and writes nothing but --output or
 * --write-baseline. Checked in-process with every network and process entry point replaced by a throwing spy, and by
 * scripts that would leave a marker file if anything ran them.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const MARKER = join(tmpdir(), `runbook-iam-pwned-${process.pid}`);

/** Python and PowerShell that, if executed or imported, would create MARKER. */
const PYTHON = [
  'import os, subprocess, boto3',
  `os.system('touch ${MARKER}')`,
  `open('${MARKER}', 'w').write('pwned')`,
  'def script_handler(events, context):',
  `    subprocess.run(['touch', '${MARKER}'])`,
  "    return boto3.client('s3').list_buckets()",
].join('\n');
const POWERSHELL = [
  `New-Item -ItemType File -Path '${MARKER}'`,
  `Start-Process touch -ArgumentList '${MARKER}'`,
  `Invoke-Expression "touch ${MARKER}"`,
].join('\n');

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');

const RUNBOOK = [
  "schemaVersion: '0.3'",
  "assumeRole: '{{ AutomationAssumeRole }}'",
  'parameters:',
  '  AutomationAssumeRole: {type: String}',
  '  Url: {type: String, default: "https://example.com/{{ ssm:/x }}"}',
  'mainSteps:',
  '  - name: Python',
  '    action: aws:executeScript',
  '    inputs:',
  '      Runtime: python3.11',
  '      Handler: script_handler',
  '      Script: |-',
  indent(PYTHON, '        '),
  '  - name: PowerShell',
  '    action: aws:executeScript',
  '    inputs:',
  '      Runtime: PowerShell 7.4',
  '      Script: |-',
  indent(POWERSHELL, '        '),
  '  - name: FromZip',
  '    action: aws:executeScript',
  '    inputs:',
  '      Runtime: python3.11',
  '      Handler: evil.script_handler',
  '      Attachment: evil.zip',
  '  - name: FromFile',
  '    action: aws:executeScript',
  '    inputs:',
  '      Runtime: python3.11',
  '      Handler: evil.script_handler',
  '      Attachment: evil.py',
  '  - name: Webhook',
  '    action: aws:invokeWebhook',
  '    inputs:',
  '      IntegrationName: https://example.com/hook',
  '  - name: Run',
  '    action: aws:runCommand',
  '    isEnd: true',
  '    inputs:',
  '      DocumentName: AWS-RunShellScript',
  "      InstanceIds: ['i-0123456789abcdef0']",
  '      Parameters:',
  `        commands: ['touch ${MARKER}']`,
  '',
].join('\n');

/** A CloudFormation template with a custom resource whose inline Lambda code would also create MARKER. */
const TEMPLATE = [
  'Resources:',
  '  Fn:',
  '    Type: AWS::Lambda::Function',
  '    Properties:',
  '      Code:',
  '        ZipFile: |',
  `          import os; os.system('touch ${MARKER}')`,
  '  Doc:',
  '    Type: AWS::SSM::Document',
  '    Properties:',
  '      DocumentType: Automation',
  '      Content:',
  indent(RUNBOOK, '        '),
  '',
].join('\n');

/** Every file under `dir` with its size and modification time, to see what a run wrote. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const info = statSync(path);
        files.set(relative(dir, path), `${info.size}:${info.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return files;
}

describe('a default lint run', () => {
  let dir: TempDir;
  const spies: MockInstance[] = [];
  const forbid = <T extends object>(target: T, names: string[], what: string): void => {
    for (const name of names) {
      if (typeof (target as Record<string, unknown>)[name] !== 'function') continue;
      // The overloads of these functions differ; the spy only has to throw, so its type is the target's own.
      spies.push(
        vi.spyOn(target as Record<string, (...args: unknown[]) => unknown>, name).mockImplementation(() => {
          throw new Error(`${what}.${name} was called during a default lint run`);
        }),
      );
    }
  };

  beforeAll(() => {
    dir = tempDir('runbook-iam-security-');
    dir.write('runbook.yaml', RUNBOOK);
    dir.write(
      'runbook.json',
      JSON.stringify({
        schemaVersion: '0.3',
        mainSteps: [
          { name: 'S', action: 'aws:executeScript', inputs: { Runtime: 'python3.11', Handler: 'h', Script: PYTHON } },
        ],
      }),
    );
    dir.write('evil.py', PYTHON);
    dir.write(
      'evil.zip',
      zipSync({ 'evil.py': new TextEncoder().encode(PYTHON), 'evil.ps1': new TextEncoder().encode(POWERSHELL) }),
    );
    dir.write('cfn/template.yaml', TEMPLATE);
    // A package.json and a .js file next to the runbooks: nothing in the searched tree is ever imported.
    dir.write('package.json', JSON.stringify({ type: 'module', main: 'index.js' }));
    dir.write('index.js', `import { writeFileSync } from 'node:fs'; writeFileSync('${MARKER}', 'pwned');`);
    dir.write('.runbook-iam.yaml', 'rules: {}\n');
    rmSync(MARKER, { force: true });

    forbid(
      childProcess,
      ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'],
      'child_process',
    );
    forbid(net.Socket.prototype, ['connect'], 'net.Socket.prototype');
    forbid(net, ['connect', 'createConnection'], 'net');
    forbid(http, ['request', 'get'], 'http');
    forbid(https, ['request', 'get'], 'https');
    forbid(dns, ['lookup', 'resolve', 'resolve4', 'resolve6'], 'dns');
    forbid(dns.promises, ['lookup', 'resolve'], 'dns.promises');
    forbid(globalThis, ['fetch'], 'globalThis');
    // Named imports of built-in modules (`import { spawn } from 'node:child_process'`) see the spies from here on.
    syncBuiltinESMExports();
  });

  afterEach(() => {
    for (const spy of spies) expect(spy, String(spy.getMockName())).not.toHaveBeenCalled();
  });

  afterAll(() => {
    for (const spy of spies) spy.mockRestore();
    syncBuiltinESMExports();
    dir.remove();
    rmSync(MARKER, { force: true });
  });

  it('has live spies: a named import of a built-in sees them', async () => {
    const { execFileSync } = await import('node:child_process');
    const { request } = await import('node:https');
    expect(() => execFileSync('true')).toThrow(/during a default lint run/);
    expect(() => request('https://example.com')).toThrow(/during a default lint run/);
    for (const spy of spies) spy.mockClear();
  });

  it('analyses the scripts without running them, and makes no network call and starts no process', async () => {
    const before = snapshot(dir.path);
    const io = fakeIo({ cwd: dir.path });
    const code = await main(['node', 'runbook-iam', 'lint', '--format', 'json'], io);
    expect(io.err()).toBe('');
    expect([0, 1]).toContain(code);
    const output = JSON.parse(io.out()) as JsonOutput;
    expect(
      output.files
        .filter((file) => file.status === 'analyzed')
        .map((file) => file.path)
        .sort(),
    ).toEqual([dir.file('cfn/template.yaml'), dir.file('runbook.json'), dir.file('runbook.yaml')].sort());
    // The scripts were read: the boto3 call in them is known (the analysis saw it) although nothing ran it.
    expect(existsSync(MARKER)).toBe(false);
    // Nothing was written: the tree is exactly as before.
    expect(snapshot(dir.path)).toEqual(before);
  });

  it('writes only --output and --write-baseline, atomically (no temporary file left behind)', async () => {
    const before = snapshot(dir.path);
    const io = fakeIo({ cwd: dir.path });
    await main(
      [
        'node',
        'runbook-iam',
        'lint',
        '--format',
        'sarif',
        '--output',
        'report.sarif',
        '--write-baseline',
        'baseline.json',
      ],
      io,
    );
    expect(io.out()).toBe('');
    const after = snapshot(dir.path);
    const added = [...after.keys()].filter((path) => !before.has(path)).sort();
    expect(added).toEqual(['baseline.json', 'report.sarif']);
    for (const [path, stamp] of before) expect(after.get(path), path).toBe(stamp);
    expect(JSON.parse(readFileSync(dir.file('report.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(existsSync(MARKER)).toBe(false);
  });
});

describe('the source code', () => {
  const sources = (): { path: string; text: string }[] => {
    const found: { path: string; text: string }[] = [];
    const walk = (current: string): void => {
      for (const entry of readdirSync(current, { withFileTypes: true })) {
        const path = join(current, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts'))
          found.push({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') });
      }
    };
    walk(join(ROOT, 'src'));
    walk(join(ROOT, 'rules'));
    return found;
  };

  it('has no eval, no Function constructor, no vm, no child processes and no require', () => {
    const offending = sources().flatMap(({ path, text }) =>
      [
        /(?<![.\w])(?<!(?:private|public|protected|static)\s+)eval\s*\(/,
        /new\s+Function\s*\(/,
        /['"]node:vm['"]|['"]vm['"]/,
        /child_process/,
        /(?<![.\w])require\s*\(/,
      ]
        .filter((pattern) => pattern.test(text))
        .map((pattern) => `${path}: ${pattern.source}`),
    );
    expect(offending).toEqual([]);
  });

  it('imports only fixed module names: no dynamic import can load a path taken from a runbook', () => {
    const dynamic = sources().flatMap(({ path, text }) =>
      [...text.matchAll(/(?<![\w.])import\s*\(\s*([^)]*)\)/g)]
        .filter((match) => !/^['"][^'"]+['"]$/.test((match[1] ?? '').trim()))
        .map((match) => `${path}: ${match[0]}`),
    );
    expect(dynamic).toEqual([]);
  });

  it('reaches the network only from src/aws (the --aws mode)', () => {
    const network = /['"]node:(?:net|http|https|dns|tls|dgram)['"]|\bfetch\s*\(|@aws-sdk\//;
    expect(
      sources()
        .filter(({ path, text }) => network.test(text) && !path.startsWith(join('src', 'aws')))
        .map(({ path }) => path),
    ).toEqual([]);
  });
});
