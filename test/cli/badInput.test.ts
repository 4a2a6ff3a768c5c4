import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type * as FsPromises from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JsonOutput, JsonResult } from '../../src/formatters/json.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { BAD_RUNBOOK, coreOnlyConfig, GOOD_RUNBOOK } from '../helpers/lint.js';
import { lines } from '../helpers/parsed.js';
import { runningAsRoot, tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

/**
 * A directory that exists but cannot be listed. Root (the usual container user) ignores chmod 000, so there readdir of
 * a path ending in "locked" is made to fail with EACCES, as the kernel does for other users; elsewhere chmod does it.
 */
vi.mock('node:fs/promises', async (importOriginal) =>
  (await import('../helpers/lockedReaddir.js')).withLockedReaddir(await importOriginal<typeof FsPromises>()),
);

const { main } = await import('../../src/cli/main.js');

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'runbook-iam.js');
const STACK_LINE = /^\s+at /m;

/** The hostile inputs, by file name; `position` is [line, column] where the problem is known to be. */
interface BadInput {
  name: string;
  message: RegExp;
  position?: [number, number];
}

const BAD_INPUTS: BadInput[] = [
  { name: 'invalid.yaml', message: /^Invalid YAML: Tabs are not allowed as indentation\.$/, position: [3, 1] },
  { name: 'invalid.json', message: /^Invalid JSON: Expected double-quoted property name\.$/, position: [1, 26] },
  {
    name: 'binary.yaml',
    message: /binary\.yaml contains a NUL byte at line 2, column 4: it is binary/,
    position: [2, 4],
  },
  { name: 'empty.yaml', message: /empty\.yaml is empty: an Automation runbook needs schemaVersion and mainSteps\.$/ },
  { name: 'utf16.yaml', message: /utf16\.yaml is UTF-16 encoded; save it as UTF-8/ },
  { name: 'deep.yaml', message: /^Nesting deeper than 200 levels; /, position: [1, 202] },
  { name: 'deep.json', message: /^Nesting deeper than 200 levels; /, position: [1, 1006] },
  { name: 'bomb.yaml', message: /^YAML aliases expand to more than 100000 nodes \(an alias bomb\)/, position: [7, 8] },
  { name: 'huge.yaml', message: /huge\.yaml is 50\.0 MB, over the 10\.0 MB limit; raise maxFileSize/ },
];

/** A runbook whose parameter and step names are Object.prototype's own: lookups must not find inherited members. */
const PROTO_RUNBOOK = lines(
  "schemaVersion: '0.3'", //                                            1
  '__proto__:', //                                                      2
  '  polluted: yes', //                                                 3
  'parameters:', //                                                     4
  '  __proto__: {type: String}', //                                     5
  '  constructor: {type: String}', //                                   6
  'mainSteps:', //                                                      7
  '  - name: constructor', //                                           8
  '    action: aws:executeAwsApi', //                                   9
  '    inputs:', //                                                     10
  '      Service: ec2', //                                              11
  '      Api: DescribeInstances', //                                    12
  '      __proto__: {polluted: yes}', //                                13
  "      A: '{{ __proto__ }} {{ constructor }}'", //                    14
  "      B: '{{ toString }} {{ hasOwnProperty.x }}'", //                15
);

function writeBadInputs(dir: TempDir): void {
  // Only the structural rules: the expected findings below must not change as IAM rules are added.
  dir.write('core-only.yaml', coreOnlyConfig());
  dir.write('good.yaml', GOOD_RUNBOOK);
  dir.write('findings.yaml', BAD_RUNBOOK);
  dir.write('proto.yaml', PROTO_RUNBOOK);
  dir.write('invalid.yaml', lines("schemaVersion: '0.3'", 'mainSteps:', '\t- name: A'));
  dir.write('invalid.json', '{"schemaVersion": "0.3", }');
  dir.write('binary.yaml', Buffer.from([...Buffer.from('schemaVersion: x\nPK\u0003'), 0, 0xff, 0xfe, 0x00]));
  dir.write('empty.yaml', '');
  dir.write(
    'utf16.yaml',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines("schemaVersion: '0.3'", 'mainSteps: []'), 'utf16le')]),
  );
  dir.write('deep.yaml', `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
  dir.write('deep.json', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
  const names = 'abcdefghi';
  let bomb = "schemaVersion: '0.3'\n";
  bomb += `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i < 9; i++)
    bomb += `${names[i]}: &${names[i]} [${Array(9)
      .fill(`*${names[i - 1]}`)
      .join(', ')}]\n`;
  dir.write('bomb.yaml', bomb);
  // 50 MB of a plausible runbook line, written at test time (never committed).
  const line = Buffer.from('  - name: Step\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n');
  const huge = Buffer.alloc(50 * 1024 * 1024, line);
  huge.write("schemaVersion: '0.3'\nmainSteps:\n");
  writeFileSync(dir.file('huge.yaml'), huge);
}

/** The checks every bad-input run must pass, whatever the entry point. */
function expectBadInputsReported(output: JsonOutput, fileOf: (name: string) => string): void {
  const statusOf = new Map(output.files.map((file) => [file.path, file.status]));
  for (const input of BAD_INPUTS) {
    const path = fileOf(input.name);
    expect(statusOf.get(path), input.name).toBe('error');
    const results = output.results.filter((result) => result.file === path);
    expect(
      results.map((result) => result.ruleId),
      input.name,
    ).toEqual(['parse-error']);
    const result = results[0] as JsonResult;
    expect(result.severity).toBe('error');
    expect(result.message, input.name).toMatch(input.message);
    if (input.position) expect([result.startLine, result.startColumn], input.name).toEqual(input.position);
    else expect([result.startLine, result.startColumn], input.name).toEqual([1, 1]);
  }
  // The good runbook, the one with findings and the __proto__ one are analysed in the same run.
  expect(statusOf.get(fileOf('good.yaml'))).toBe('analyzed');
  expect(statusOf.get(fileOf('findings.yaml'))).toBe('analyzed');
  expect(statusOf.get(fileOf('proto.yaml'))).toBe('analyzed');
  expect(output.results.filter((result) => result.file === fileOf('good.yaml'))).toEqual([]);
  expect(
    output.results
      .filter((result) => result.file === fileOf('findings.yaml'))
      .map((result) => [result.ruleId, result.startLine, result.startColumn]),
  ).toEqual([
    ['undefined-reference', 11, 22],
    ['undefined-reference', 11, 42],
    ['unreachable-step', 12, 11],
  ]);
  // Only the names that really are parameters resolve; inherited members of Object.prototype do not.
  expect(
    output.results
      .filter((result) => result.file === fileOf('proto.yaml'))
      .map((result) => [result.ruleId, result.startLine, result.startColumn, result.message]),
  ).toEqual([
    ['undefined-reference', 15, 11, expect.stringMatching(/^\{\{ toString \}\} names no parameter\./)],
    [
      'undefined-reference',
      15,
      26,
      expect.stringMatching(/^\{\{ hasOwnProperty\.x \}\} names step "hasOwnProperty", which does not exist\./),
    ],
  ]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('bad input, in-process (main with a fake io)', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-bad-input-');
    writeBadInputs(dir);
    dir.write('locked/hidden.yaml', GOOD_RUNBOOK);
    if (!runningAsRoot()) chmodSync(dir.file('locked'), 0o000);
  });
  afterAll(() => {
    if (!runningAsRoot()) chmodSync(dir.file('locked'), 0o755);
    dir.remove();
  });

  it('reports every bad file as a parse-error, analyses the good ones, exit code 2, no stack trace', async () => {
    const io = fakeIo({ cwd: dir.path });
    const names = ['good.yaml', 'findings.yaml', 'proto.yaml', ...BAD_INPUTS.map((input) => input.name)];
    const started = Date.now();
    const code = await main(
      [
        'node',
        'runbook-iam',
        'lint',
        ...names.map((name) => dir.file(name)),
        dir.file('locked'),
        '--format',
        'json',
        '--config',
        dir.file('core-only.yaml'),
      ],
      io,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(2);
    expect(io.err()).toBe('');
    expect(io.out()).not.toMatch(STACK_LINE);
    const output = JSON.parse(io.out()) as JsonOutput;
    expectBadInputsReported(output, (name) => dir.file(name));
    expect(output.files.find((file) => file.path === dir.file('locked'))).toEqual({
      path: dir.file('locked'),
      status: 'error',
      reason: `Cannot read directory ${dir.file('locked')}: permission denied.`,
    });
    expect(
      output.results.filter((result) => result.file === dir.file('locked')).map((result) => result.ruleId),
    ).toEqual(['parse-error']);
  });

  it('prints no stack trace in the human format either', async () => {
    const io = fakeIo({ cwd: dir.path });
    const code = await main(
      [
        'node',
        'runbook-iam',
        'lint',
        dir.file('deep.json'),
        dir.file('bomb.yaml'),
        dir.file('binary.yaml'),
        dir.file('good.yaml'),
        '--config',
        dir.file('core-only.yaml'),
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.out()).not.toMatch(STACK_LINE);
    expect(io.err()).not.toMatch(STACK_LINE);
    expect(io.out()).toContain('Nesting deeper than 200 levels');
    expect(io.out()).toContain('alias bomb');
    expect(io.out()).toContain('contains a NUL byte');
  });

  it('searching a directory: reports what is unreadable or plainly a broken runbook, skips what is not a runbook', async () => {
    const io = fakeIo({ cwd: dir.path });
    const code = await main(
      ['node', 'runbook-iam', 'lint', dir.path, '--format', 'json', '--config', dir.file('core-only.yaml')],
      io,
    );
    expect(code).toBe(2);
    expect(io.out()).not.toMatch(STACK_LINE);
    const output = JSON.parse(io.out()) as JsonOutput;
    const status = Object.fromEntries(output.files.map((file) => [relative(dir.path, file.path), file.status]));
    expect(status).toEqual({
      // Files that cannot be read are errors wherever they are found.
      'binary.yaml': 'error',
      'huge.yaml': 'error',
      'utf16.yaml': 'error',
      locked: 'error',
      // Files that fail to parse are errors when they mention schemaVersion or mainSteps...
      'bomb.yaml': 'error',
      'core-only.yaml': 'skipped',
      'invalid.json': 'error',
      'invalid.yaml': 'error',
      // ...and are skipped silently otherwise, like any other YAML or JSON file that is not a runbook.
      'deep.json': 'skipped',
      'deep.yaml': 'skipped',
      'empty.yaml': 'skipped',
      'findings.yaml': 'analyzed',
      'good.yaml': 'analyzed',
      'proto.yaml': 'analyzed',
    });
    expect(output.results.filter((result) => result.ruleId === 'parse-error')).toHaveLength(7);
  });
});

describe('bad input, built CLI (node bin/runbook-iam.js)', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-bad-input-cli-');
    writeBadInputs(dir);
    // Directories that cannot be read by any user: a dangling link to one, and a path through a file.
    symlinkSync(dir.file('gone'), dir.file('dangling-dir'));
    mkdirSync(dir.file('real'));
  });
  afterAll(() => dir.remove());

  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
        cwd: dir.path,
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
  }

  it('reports every bad file with relative paths, analyses the good ones, exit code 2, no stack trace', async () => {
    const names = ['good.yaml', 'findings.yaml', 'proto.yaml', ...BAD_INPUTS.map((input) => input.name)];
    const { code, stdout, stderr } = await cli([
      'lint',
      ...names,
      'dangling-dir',
      'good.yaml/inside',
      '--format',
      'json',
      '--config',
      'core-only.yaml',
    ]);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(STACK_LINE);
    expect(code).toBe(2);
    const output = JSON.parse(stdout) as JsonOutput;
    expectBadInputsReported(output, (name) => name);
    expect(output.files.filter((file) => file.path === 'dangling-dir' || file.path === 'good.yaml/inside')).toEqual([
      { path: 'dangling-dir', status: 'error', reason: 'Cannot read dangling-dir: no such file or directory.' },
      {
        path: 'good.yaml/inside',
        status: 'error',
        reason: 'Cannot read good.yaml/inside: a component of the path is not a directory.',
      },
    ]);
  });

  it('prints a readable stylish report for the same input', async () => {
    const { code, stdout, stderr } = await cli([
      'lint',
      'good.yaml',
      ...BAD_INPUTS.map((input) => input.name),
      '--config',
      'core-only.yaml',
    ]);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(stdout).not.toMatch(STACK_LINE);
    for (const input of BAD_INPUTS) expect(stdout).toContain(input.name);
    expect(stdout).toContain('Nesting deeper than 200 levels');
  });
});
