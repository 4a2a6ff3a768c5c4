import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonOutput } from '../../src/formatters/json.js';
import { HclParseError, HclParser } from '../../src/parse/extract/hclParser.js';
import { ReadScope } from '../../src/parse/readScope.js';
import { AttachmentReader } from '../../src/permissions/scripts/readAttachment.js';
import { BAD_RUNBOOK, coreOnlyConfig, GOOD_RUNBOOK } from '../helpers/lint.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

/**
 * Attacks by repository content on the input side: untrusted parsers that crash or take quadratic time, attachments
 * that exhaust memory, files that are not regular files, reads that leave the repository and leak into the report,
 * and directives hidden in strings. Each runs through the built CLI (or the component that holds the limit) with
 * inputs generated here, and must end in bounded time with a complete report and the right exit code.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'runbook-iam.js');
const MiB = 1024 * 1024;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function cli(args: string[], cwd: string, timeout = 20_000): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, timeout, maxBuffer: 64 * MiB, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
      },
    );
    // An open, never-written stdin: what `--role /dev/stdin` would wait on forever.
    child.stdin?.on('error', () => undefined);
  });
}

/** A temporary repository (a `.git` directory) whose configuration turns on the core rules only. */
function repository(prefix: string): TempDir {
  const dir = tempDir(prefix);
  mkdirSync(dir.file('.git'));
  dir.write('.runbook-iam.yaml', coreOnlyConfig());
  return dir;
}

const report = (run: CliRun): JsonOutput => JSON.parse(run.stdout) as JsonOutput;
const ruleIds = (output: JsonOutput, file: string): string[] =>
  output.results.filter((result) => result.file.endsWith(file)).map((result) => result.ruleId);

const terraformDocument = (content: string): string =>
  `resource "aws_ssm_document" "doc" {\n  name          = "doc"\n  document_type = "Automation"\n  content       = ${content}\n}\n`;

describe('untrusted parser faults fail one file, never the run', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = repository('runbook-iam-parser-faults-');
    // 20,000 nested brackets: HashiCorp's HCL parser (Go, compiled to WebAssembly) aborts the Go runtime on this.
    dir.write('deep.tf', `locals {\n  x = ${'['.repeat(20_000)}\n}\n`);
    dir.write('other.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n');
    dir.write('runbook.yaml', BAD_RUNBOOK);
  });
  afterAll(() => dir.remove());

  it('reports a .tf nested 20,000 deep as parse-error, with every other file, and exits 2 (was: exit 0, no report)', async () => {
    const run = await cli(['lint', '.', '--format', 'json'], dir.path);
    expect(run.code).toBe(2);
    const output = report(run);
    expect(ruleIds(output, 'deep.tf')).toEqual(['parse-error']);
    expect(output.results.find((result) => result.file.endsWith('deep.tf'))?.message).toMatch(
      /nested more than 256 levels deep/,
    );
    expect(ruleIds(output, 'runbook.yaml')).toEqual(['undefined-reference', 'undefined-reference', 'unreachable-step']);
    expect(run.stderr).not.toMatch(/goroutine|fatal error|wasm/i);
    expect(run.seconds).toBeLessThan(10);
  });

  it('contains a parser failure past the guard in its worker, and the next file parses in a fresh one', async () => {
    const parser = new HclParser({ maxNesting: Number.POSITIVE_INFINITY });
    try {
      const failure = await parser.parse('deep.tf', `locals {\n  x = ${'['.repeat(20_000)}\n}\n`).catch((e) => e);
      expect(failure).toBeInstanceOf(HclParseError);
      expect((failure as HclParseError).parserFault).toBe(true);
      expect((failure as HclParseError).message).toMatch(/^the HCL parser (failed|crashed|stopped)/);
      expect(await parser.parse('ok.tf', 'locals {\n  x = 1\n}\n')).toEqual({ locals: [{ x: 1 }] });
    } finally {
      await parser.close();
    }
  });

  it('stops a parse that takes longer than its time limit', async () => {
    const slow = new HclParser({ timeoutMs: 1 });
    const failure = await slow.parse('a.tf', 'locals {\n  x = 1\n}\n').catch((e) => e);
    await slow.close();
    expect((failure as HclParseError).message).toBe(
      'the HCL parser did not finish within 0.001 s; the file was not checked',
    );
  });

  it('never exits 0 when the run stops before main finishes, or when an error escapes every handler', () => {
    const runCli = join(ROOT, 'dist', 'src', 'cli', 'runCli.js');
    const hang = `import { runCli } from ${JSON.stringify(runCli)}; runCli([], () => new Promise(() => {}));`;
    const escape = `import { runCli } from ${JSON.stringify(runCli)}; runCli([], () => { setTimeout(() => { throw new Error('boom'); }); return new Promise(() => setTimeout(() => {}, 5000)); });`;
    for (const [code, message] of [
      [hang, 'runbook-iam: internal error: the run stopped before its report was complete; exit code 2.'],
      [escape, 'runbook-iam: internal error: boom; the report is incomplete, exit code 2.'],
    ] as const) {
      let status = 0;
      let stderr = '';
      try {
        execFileSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'pipe', timeout: 10_000 });
      } catch (error) {
        status = (error as { status: number }).status;
        stderr = String((error as { stderr: Buffer }).stderr);
      }
      expect(status).toBe(2);
      expect(stderr.trim()).toBe(message);
    }
  });
});

describe('Terraform parsing time is bounded', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = repository('runbook-iam-terraform-time-');
    const steps: string[] = ["schemaVersion: '0.3'", 'mainSteps:'];
    for (let i = 0; steps.join('\n').length < 500 * 1024; i++)
      steps.push(`  - name: Step${i}`, '    action: aws:sleep', '    inputs: {Duration: PT1S}');
    // An unterminated heredoc in 500 KB: the HCL parser's time grows with the square of the heredoc's lines.
    dir.write('open/main.tf', terraformDocument(`<<EOT\n${steps.join('\n')}\n`));
    // The same runbook in a closed heredoc (7,000 steps, 21,000 lines) is linted, its findings on the .tf's lines.
    const last = '  - name: Last\n    action: aws:sleep\n    nextStep: Nowhere';
    dir.write('closed/main.tf', terraformDocument(`<<EOT\n${steps.join('\n')}\n${last}\nEOT`));
    // jsonencode of a 3 MB literal: the parser needs about 150 bytes of memory per byte of HCL.
    const items: string[] = [];
    for (let i = 0; items.length * 90 < 3 * MiB; i++)
      items.push(
        `      { name = "S${i}", action = "aws:executeAwsApi", inputs = { Service = "s3", Api = "ListBuckets" } },`,
      );
    dir.write(
      'large/main.tf',
      terraformDocument(`jsonencode({\n    schemaVersion = "0.3"\n    mainSteps = [\n${items.join('\n')}\n    ]\n  })`),
    );
  });
  afterAll(() => dir.remove());

  it('reports an unterminated heredoc at its opening line without calling the parser (was 117 s)', async () => {
    const run = await cli(['lint', 'open', '--format', 'json'], dir.path);
    expect(run.code).toBe(2);
    const [problem] = report(run).results;
    expect(problem).toMatchObject({ ruleId: 'parse-error', startLine: 4 });
    expect(problem?.message).toBe(
      'Invalid Terraform (HCL): the heredoc <<EOT is never closed (no line holding only EOT)',
    );
    expect(run.seconds).toBeLessThan(5);
  });

  it('lints a 21,000-line heredoc runbook, findings on the lines of the .tf', async () => {
    const run = await cli(['lint', 'closed', '--format', 'json'], dir.path);
    const lines = dir.file('closed/main.tf');
    const expected = readFileSync(lines, 'utf8').split('\n').indexOf('    nextStep: Nowhere') + 1;
    expect(report(run).results.map((result) => [result.ruleId, result.startLine])).toEqual([
      ['unknown-step-target', expected],
    ]);
    expect(expected).toBeGreaterThan(21_000);
    expect(run.code).toBe(1);
    expect(run.seconds).toBeLessThan(9);
  });

  it('refuses a Terraform file over 2 MB of HCL before parsing it (10 MB of jsonencode took 80 s and 889 MB)', async () => {
    const run = await cli(['lint', 'large', '--format', 'json'], dir.path);
    expect(run.code).toBe(2);
    expect(report(run).results[0]?.message).toMatch(/MB of Terraform is more than the 2\.0 MB given to the HCL parser/);
    expect(run.seconds).toBeLessThan(5);
  });
});

describe('attachments are read once per file, within one budget for the run', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = repository('runbook-iam-attachments-');
    // 5 entries of 10 MB, 50 KB compressed, named by 100 steps in each of 20 runbooks.
    const big = new TextEncoder().encode('x = 1\n'.repeat((10 * MiB) / 6 - 1));
    const entries = Object.fromEntries(
      Array.from({ length: 5 }, (_, i): [string, [Uint8Array, { level: 9 }]] => [`m${i}.py`, [big, { level: 9 }]]),
    );
    dir.write('bundle.zip', zipSync(entries));
    const steps = Array.from(
      { length: 100 },
      (_, i) =>
        `  - name: S${i}\n    action: aws:executeScript\n    inputs:\n      Runtime: python3.11\n      Handler: m0.handler\n      Attachment: bundle.zip\n`,
    );
    for (let i = 0; i < 20; i++) dir.write(`runbook${i}.yaml`, `schemaVersion: '0.3'\nmainSteps:\n${steps.join('')}`);
    dir.write('second.zip', zipSync(entries));
  });
  afterAll(() => dir.remove());

  it('reads a zip named by 2,000 steps once: the same result for every name of it', async () => {
    const reader = new AttachmentReader();
    const first = await reader.read(dir.path, 'bundle.zip');
    expect(first.kind).toBe('found');
    expect(await reader.read(dir.path, 'bundle.zip')).toBe(first);
  });

  it('counts every distinct attachment against the run budget before inflating it', async () => {
    const reader = new AttachmentReader({ maxRunBytes: 60 * MiB });
    expect((await reader.read(dir.path, 'bundle.zip')).kind).toBe('found');
    const started = performance.now();
    expect(await reader.read(dir.path, 'second.zip')).toEqual({
      kind: 'error',
      message:
        "Attachment 'second.zip' holds 50.0 MiB of scripts, which would take the attachments read in this run past 60.0 MiB; it was not read.",
    });
    // Refused from the zip's central directory: nothing was inflated.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('lints 20 runbooks of 100 steps sharing the zip in bounded time (was: V8 out of memory, exit 134)', async () => {
    const run = await cli(['lint', '.', '--format', 'json'], dir.path, 30_000);
    expect(run.code).toBe(0);
    expect(report(run).files.filter((file) => file.status === 'analyzed')).toHaveLength(20);
    expect(run.seconds).toBeLessThan(9);
  });
});

describe('only regular files are read', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = repository('runbook-iam-file-kinds-');
    dir.write('runbook.yaml', GOOD_RUNBOOK);
    execFileSync('mkfifo', [dir.file('fifo.yaml'), dir.file('fifo.json')]);
    dir.write('zero/runbook.yaml', GOOD_RUNBOOK);
    symlinkSync('/dev/zero', dir.file('zero/.runbook-iam.yaml'));
    dir.write('fifo-role/.runbook-iam.yaml', 'roles:\n  "**": ../fifo.json\n');
    dir.write('fifo-role/runbook.yaml', GOOD_RUNBOOK);
  });
  afterAll(() => dir.remove());

  it.each([
    [
      'a .runbook-iam.yaml linked to /dev/zero',
      ['lint', 'zero'],
      /\.runbook-iam\.yaml is a symbolic link to a file outside the repository, so it was not read/,
      'zero',
    ],
    [
      '--config /dev/zero',
      ['lint', 'runbook.yaml', '--config', '/dev/zero'],
      /Config file \/dev\/zero is not a regular file/,
      '.',
    ],
    [
      '--config on a FIFO',
      ['lint', 'runbook.yaml', '--config', 'fifo.yaml'],
      /Config file .*fifo\.yaml is not a regular file/,
      '.',
    ],
    [
      '--baseline /dev/zero',
      ['lint', 'runbook.yaml', '--baseline', '/dev/zero'],
      /Baseline \/dev\/zero is not a regular file/,
      '.',
    ],
    [
      '--role /dev/stdin',
      ['lint', 'runbook.yaml', '--role', '/dev/stdin'],
      /Role file \/dev\/stdin is not a regular file/,
      '.',
    ],
  ])('refuses %s at once with exit 2 (was: 16 GB read or a hang)', async (_, args, message, cwd) => {
    const run = await cli(args, dir.file(cwd));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.seconds).toBeLessThan(5);
  });

  it('refuses a roles: entry that is a FIFO, and lints the runbook without the role', async () => {
    const run = await cli(['lint', '.', '--format', 'json'], dir.file('fifo-role'));
    expect(run.code).toBe(2);
    expect(report(run).results.map((result) => result.message)).toContainEqual(
      expect.stringMatching(/Role file \.\.\/fifo\.json is not a regular file/),
    );
    expect(run.seconds).toBeLessThan(5);
  });
});

describe('reads stay inside the repository and quote nothing the user did not name', () => {
  let dir: TempDir;
  const SECRET = 'ghp_0123456789abcdefSECRET';
  beforeAll(() => {
    dir = tempDir('runbook-iam-outside-');
    dir.write('outside/passwd', 'root:x:0:0:root:/root:/bin/bash\n');
    dir.write('outside/secret.json', `${SECRET}\n`);
    dir.write('outside/elsewhere.yaml', BAD_RUNBOOK);
    mkdirSync(dir.file('repo/.git'), { recursive: true });
    dir.write('repo/.runbook-iam.yaml', coreOnlyConfig());
    dir.write('repo/runbook.yaml', BAD_RUNBOOK);
    dir.write('repo/notes.txt', 'root:x:0:0:root:/root:/bin/bash\n');
    dir.write('repo/token.json', `${SECRET}\n`);
    symlinkSync(dir.file('outside'), dir.file('repo/up'));
    dir.write(
      'repo/scripts/runbook.yaml',
      "schemaVersion: '0.3'\nmainSteps:\n  - name: Run\n    action: aws:executeScript\n    inputs:\n      Runtime: python3.11\n      Handler: handler.script_handler\n      Attachment: handler.py\n",
    );
    dir.write(
      'repo/tf/main.tf',
      terraformDocument('file("../../outside/secret.json")') +
        terraformDocument('file("../token.json")').replace('"doc"', '"inside"'),
    );
  });
  afterAll(() => dir.remove());

  it('does not read a roles: file outside the repository, nor quote one inside it', async () => {
    for (const [roles, reason] of [
      ['../outside/passwd', /Role file \.\.\/outside\/passwd is outside the repository, so it was not read/],
      ['notes.txt', /Role file notes\.txt is not valid JSON; give the output of `aws iam get-role`/],
    ] as const) {
      // Every rule on: the role rules are what make the role file read.
      dir.write('repo/.runbook-iam.yaml', `roles:\n  "**": ${roles}\n`);
      for (const format of ['sarif', 'github', 'json']) {
        const run = await cli(['lint', 'runbook.yaml', '--format', format], dir.file('repo'));
        expect(run.code).toBe(2);
        expect(run.stdout).toMatch(reason);
        expect(run.stdout + run.stderr).not.toContain('root:x');
      }
    }
  });

  it('does not follow a symbolic link out of the repository, and says so', async () => {
    dir.write('repo/.runbook-iam.yaml', coreOnlyConfig());
    const run = await cli(['lint', '.', '--format', 'json'], dir.file('repo'));
    const output = report(run);
    expect(output.results.map((result) => result.file)).not.toContainEqual(expect.stringContaining('elsewhere'));
    expect(output.runNotes).toContainEqual(
      expect.stringMatching(/up: a symbolic link that leads outside the repository; not followed/),
    );
  });

  it('does not read a Terraform file() target outside the repository, nor quote one inside it', async () => {
    const run = await cli(['lint', 'tf', '--format', 'json'], dir.file('repo'));
    expect(run.stdout).not.toContain('ghp_');
    const output = report(run);
    expect(output.runNotes).toContainEqual(
      expect.stringMatching(
        /file\("\.\.\/\.\.\/outside\/secret\.json"\), a file outside the repository, which was not read/,
      ),
    );
    expect(output.results.map((result) => result.message)).toContainEqual(
      expect.stringMatching(/^Invalid JSON: Unexpected token/),
    );
  });

  it('does not read a script attachment that links out of the repository', async () => {
    dir.write(
      'outside/handler.py',
      'import boto3\ndef script_handler(e, c):\n    boto3.client("s3").delete_bucket(Bucket="b")\n',
    );
    symlinkSync(dir.file('outside/handler.py'), dir.file('repo/scripts/handler.py'));
    // Before: the linked script was analysed (s3:DeleteBucket, "handler.py line 3").
    const run = await cli(['permissions', 'scripts/runbook.yaml', '--format', 'json'], dir.file('repo'));
    expect(run.stdout).not.toContain('DeleteBucket');
    const lint = await cli(['lint', 'scripts', '--format', 'json'], dir.file('repo'));
    expect(lint.stdout).not.toContain('DeleteBucket');
    const reader = new AttachmentReader({}, ReadScope.of(dir.file('repo')));
    expect(await reader.read(dir.file('repo/scripts'), 'handler.py')).toEqual({
      kind: 'error',
      message: "Attachment 'handler.py' is a link to a file outside the repository; it was not read.",
    });
  });

  it('still reads what the user names on the command line, wherever it is', async () => {
    const run = await cli(['lint', '../outside/elsewhere.yaml', '--format', 'json'], dir.file('repo'));
    expect(ruleIds(report(run), 'elsewhere.yaml')).toEqual([
      'undefined-reference',
      'undefined-reference',
      'unreachable-step',
    ]);
  });
});

describe('suppressions are YAML comments only', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = repository('runbook-iam-suppress-strings-');
  });
  afterAll(() => dir.remove());

  it.each([
    ['a single-quoted description', "description: 'Do not add # runbook-iam-disable -- comments here'"],
    ['a double-quoted description', 'description: "see # runbook-iam-disable"'],
    ['a multi-line quoted scalar', "description: 'first line\n  # runbook-iam-disable\n  last line'"],
    ['a quoted key', "'# runbook-iam-disable': x"],
    ['a block scalar', 'description: |\n  # runbook-iam-disable\n  text'],
    ['a flow sequence of strings', "tags: ['# runbook-iam-disable', b]"],
  ])('directive text in %s suppresses nothing (was: every rule off for the file)', async (_, line) => {
    dir.write('runbook.yaml', BAD_RUNBOOK.replace("schemaVersion: '0.3'\n", `schemaVersion: '0.3'\n${line}\n`));
    const run = await cli(['lint', 'runbook.yaml', '--format', 'json'], dir.path);
    expect(ruleIds(report(run), 'runbook.yaml')).toEqual([
      'undefined-reference',
      'undefined-reference',
      'unreachable-step',
    ]);
  });

  it('in Terraform, a directive in another heredoc suppresses nothing; a comment line does', async () => {
    const runbook = BAD_RUNBOOK.split('\n')
      .map((line) => `    ${line}`)
      .join('\n');
    const other = 'resource "aws_ssm_parameter" "p" {\n  value = <<EOT\n# runbook-iam-disable\nEOT\n}\n';
    const tf = `${terraformDocument(`<<-EOT\n${runbook}\n  EOT`)}${other}`;
    dir.write('tf/main.tf', tf);
    const run = await cli(['lint', 'tf', '--format', 'json'], dir.path);
    expect(ruleIds(report(run), 'main.tf')).toEqual(['undefined-reference', 'undefined-reference', 'unreachable-step']);
    dir.write('tf/main.tf', `# runbook-iam-disable\n${tf}`);
    expect(report(await cli(['lint', 'tf', '--format', 'json'], dir.path)).results).toEqual([]);
  });

  it('a real comment still suppresses, also after a plain value', async () => {
    for (const line of ['# runbook-iam-disable', 'description: plain text # runbook-iam-disable']) {
      dir.write('runbook.yaml', BAD_RUNBOOK.replace("schemaVersion: '0.3'\n", `schemaVersion: '0.3'\n${line}\n`));
      const run = await cli(['lint', 'runbook.yaml', '--format', 'json'], dir.path);
      expect(run.code).toBe(0);
      expect(report(run).results).toEqual([]);
    }
  });
});
