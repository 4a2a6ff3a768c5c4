import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCorpus } from './generateCorpus.js';

/**
 * `npm run bench` — for each corpus size, in one run: wall time, CPU time and peak RSS of
 * `runbook-iam lint --format json` on the corpus; the time of a bare parse of the same files with the yaml package in
 * one node process (the floor); their ratio; files per second; and the median cold time of a single-file run.
 * It prints figures and asserts nothing. Options: --sizes 100,1000,10000  --seed N  --repeat N  --cold N
 * (the CLI must be built first: `npm run build`).
 */

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'runbook-iam.js');
const BARE_PARSE = join(import.meta.dirname, 'bareParse.mjs');
const USAGE_PRELOAD = join(import.meta.dirname, 'reportUsage.mjs');
const TIME = '/usr/bin/time';

interface Options {
  sizes: number[];
  seed: number;
  repeat: number;
  cold: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { sizes: [100, 1000, 10_000], seed: 20250101, repeat: 3, cold: 7 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1] ?? '';
    switch (argv[i]) {
      case '--sizes':
        options.sizes = value.split(',').map(Number);
        i++;
        break;
      case '--seed':
        options.seed = Number(value);
        i++;
        break;
      case '--repeat':
        options.repeat = Math.max(1, Number(value));
        i++;
        break;
      case '--cold':
        options.cold = Math.max(1, Number(value));
        i++;
        break;
      default:
        throw new Error(`Unknown option ${argv[i]}; use --sizes 100,1000,10000 --seed N --repeat N --cold N.`);
    }
  }
  return options;
}

interface Measurement {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
  stdout: string;
}

/**
 * Runs `node args` and measures it: wall time from the parent; CPU time and peak RSS from GNU time when it is
 * installed, else from a preload that writes process.resourceUsage() (maxRSS is the peak, in KB) at exit.
 */
function measure(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  const useTime = existsSync(TIME);
  const usageFile = join(tmpdir(), `runbook-iam-bench-${process.pid}-${Date.now()}.json`);
  const command = useTime ? TIME : process.execPath;
  const commandArgs = useTime ? ['-v', process.execPath, ...args] : ['--import', USAGE_PRELOAD, ...args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, {
      cwd: ROOT,
      env: { ...process.env, ...env, CI: '1', NO_COLOR: '1', RUNBOOK_IAM_USAGE_FILE: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const stderr = Buffer.concat(err).toString('utf8');
      let cpuMs = Number.NaN;
      let peakRssMb = Number.NaN;
      if (useTime) {
        const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
        if (rss) peakRssMb = Number(rss[1]) / 1024;
      } else if (existsSync(usageFile)) {
        const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as {
          userCPUTime: number;
          systemCPUTime: number;
          maxRSS: number;
        };
        cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
        peakRssMb = usage.maxRSS / 1024;
        rmSync(usageFile, { force: true });
      }
      const exitCode = useTime ? Number(/Exit status: (\d+)/.exec(stderr)?.[1] ?? code) : (code ?? -1);
      resolve({ wallMs, cpuMs, peakRssMb, exitCode, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The run whose wall time is the median (so that its RSS and CPU belong to the same run). */
function medianRun(runs: Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Measurement;
}

function firstRunbook(dir: string): string {
  const sub =
    readdirSync(dir)
      .filter((name) => name.startsWith('d'))
      .sort()[0] ?? '';
  const file =
    readdirSync(join(dir, sub))
      .filter((name) => name.startsWith('runbook-') && name.endsWith('.yaml'))
      .sort()[0] ?? '';
  return join(dir, sub, file);
}

interface SizeResult {
  size: number;
  megabytes: number;
  lint: Measurement;
  bare: Measurement;
  bareParseMs: number;
  coldMs: number;
}

const fmt = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('Build the CLI first: npm run build.');
  const corpusRoot = join(import.meta.dirname, 'corpus');
  const results: SizeResult[] = [];
  process.stdout.write(
    `runbook-iam bench: node ${process.version}, ${(await import('node:os')).availableParallelism()} cores, seed ${options.seed}, ${existsSync(TIME) ? 'GNU time' : 'resourceUsage preload'} for RSS\n\n`,
  );
  for (const size of options.sizes) {
    const corpus = ensureCorpus(corpusRoot, options.seed, size);
    const repeat = size >= 10_000 ? 1 : options.repeat;
    const bareRuns: Measurement[] = [];
    const lintRuns: Measurement[] = [];
    for (let i = 0; i < repeat; i++) {
      bareRuns.push(await measure([BARE_PARSE, corpus.dir]));
      lintRuns.push(await measure([BIN, 'lint', corpus.dir, '--format', 'json']));
    }
    const bare = medianRun(bareRuns);
    const lint = medianRun(lintRuns);
    const parsedFiles = (JSON.parse(lint.stdout) as { files: unknown[] }).files.length;
    if (parsedFiles !== size) process.stdout.write(`  (warning: lint reported ${parsedFiles} files, not ${size})\n`);
    const one = firstRunbook(corpus.dir);
    const cold: number[] = [];
    for (let i = 0; i < options.cold; i++) cold.push((await measure([BIN, 'lint', one, '--format', 'json'])).wallMs);
    const bareParseMs = median(bareRuns.map((run) => (JSON.parse(run.stdout) as { parseMs: number }).parseMs));
    const result: SizeResult = {
      size,
      megabytes: corpus.bytes / 1024 / 1024,
      lint,
      bare,
      bareParseMs,
      coldMs: median(cold),
    };
    results.push(result);
    process.stdout.write(
      [
        `${size} files (${result.megabytes.toFixed(1)} MB${corpus.generated ? ', generated now' : ''}; median of ${repeat}):`,
        `  lint --format json   wall ${fmt(lint.wallMs)}, cpu ${fmt(lint.cpuMs)}, peak RSS ${lint.peakRssMb.toFixed(0)} MB, exit ${lint.exitCode}`,
        `  bare yaml parse      wall ${fmt(bare.wallMs)}, cpu ${fmt(bare.cpuMs)}, peak RSS ${bare.peakRssMb.toFixed(0)} MB (parse alone ${fmt(bareParseMs)})`,
        `  ratio lint/parse     ${(lint.wallMs / bare.wallMs).toFixed(2)}x wall, ${(lint.cpuMs / bare.cpuMs).toFixed(2)}x cpu`,
        `  throughput           ${Math.round((size / lint.wallMs) * 1000)} files/s`,
        `  cold single file     ${fmt(result.coldMs)} (median of ${options.cold})`,
        '',
      ].join('\n'),
    );
  }
  if (results.length > 1) {
    const first = results[0] as SizeResult;
    const last = results[results.length - 1] as SizeResult;
    // Scaling exponent k in time ∝ size^k, from the smallest and largest corpus (1 is linear), startup removed.
    const startup = first.coldMs;
    const exponent =
      Math.log(Math.max(1, last.lint.wallMs - startup) / Math.max(1, first.lint.wallMs - startup)) /
      Math.log(last.size / first.size);
    process.stdout.write('per-file lint time (wall minus one cold start): ');
    process.stdout.write(
      results.map((r) => `${r.size}: ${((r.lint.wallMs - startup) / r.size).toFixed(2)} ms`).join(', '),
    );
    process.stdout.write(
      `\nscaling exponent ${first.size}→${last.size} files: ${exponent.toFixed(2)} (1.00 is linear)`,
    );
    for (let i = 1; i < results.length; i++) {
      const [a, b] = [results[i - 1] as SizeResult, results[i] as SizeResult];
      const pair = Math.log(b.lint.wallMs / a.lint.wallMs) / Math.log(b.size / a.size);
      process.stdout.write(
        `; ${a.size}→${b.size}: ${(b.lint.wallMs / a.lint.wallMs).toFixed(1)}× the time for ${b.size / a.size}× the files (exponent ${pair.toFixed(2)})`,
      );
    }
    process.stdout.write('\n\n');
  }
  process.stdout.write(
    '| files | MB | lint wall | lint cpu | peak RSS | bare parse wall | ratio | files/s | cold single file |\n',
  );
  process.stdout.write('|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const r of results) {
    process.stdout.write(
      `| ${r.size.toLocaleString('en-US')} | ${r.megabytes.toFixed(1)} | ${fmt(r.lint.wallMs)} | ${fmt(r.lint.cpuMs)} | ${r.lint.peakRssMb.toFixed(0)} MB | ${fmt(r.bare.wallMs)} | ${(r.lint.wallMs / r.bare.wallMs).toFixed(2)}× | ${Math.round((r.size / r.lint.wallMs) * 1000)} | ${fmt(r.coldMs)} |\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
