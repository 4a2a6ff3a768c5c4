import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCorpus } from './generateCorpus.js';
import { corpusFilesOf, ensureRepeatedCorpus } from './repeatCorpus.js';

/**
 * `npm run bench` — for each corpus, in one run: wall time, CPU time and peak RSS of `runbook-iam lint --format json`
 * on the corpus; the time of a bare parse of the same files with the yaml package's parseDocument in one node process
 * (the floor); their ratios in wall and CPU time; files per second; the time per stage (a further run with
 * RUNBOOK_IAM_STAGE_TIMES=1); and the median cold time of a single-file run. It prints figures and asserts nothing.
 * Options: --sizes 100,1000,10000  --seed N  (generated corpora), or --corpus DIR --repeat-to N (the files of DIR,
 * whole trees copied until there are N); --repeat N  --cold N  --bin PATH (another build of the CLI, to compare);
 * --jobs N (passed to lint; by default lint uses its own default, the available cores) and --compare-jobs (lint with
 * --jobs 1 too, paired with each run, to compare the pool with one thread).
 * The CLI must be built first: `npm run build`.
 */

const ROOT = join(import.meta.dirname, '..');
let BIN = join(ROOT, 'bin', 'runbook-iam.js');
const BARE_PARSE = join(import.meta.dirname, 'bareParse.mjs');
const USAGE_PRELOAD = join(import.meta.dirname, 'reportUsage.mjs');
const TIME = '/usr/bin/time';

interface Options {
  sizes: number[];
  seed: number;
  repeat: number;
  cold: number;
  corpus?: string;
  repeatTo: number;
  stages: boolean;
  /** --jobs for lint; undefined leaves lint's default. */
  jobs?: number;
  compareJobs: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    sizes: [100, 1000, 10_000],
    seed: 20250101,
    repeat: 3,
    cold: 7,
    repeatTo: 3000,
    stages: true,
    compareJobs: false,
  };
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
      case '--corpus':
        options.corpus = value;
        i++;
        break;
      case '--repeat-to':
        options.repeatTo = Math.max(1, Number(value));
        i++;
        break;
      case '--bin':
        BIN = value;
        i++;
        break;
      case '--no-stages':
        options.stages = false;
        break;
      case '--jobs':
        options.jobs = Math.max(1, Number(value));
        i++;
        break;
      case '--compare-jobs':
        options.compareJobs = true;
        break;
      default:
        throw new Error(
          `Unknown option ${argv[i]}; use --sizes 100,1000,10000 --seed N | --corpus DIR --repeat-to N, and --repeat N --cold N --bin PATH --no-stages --jobs N --compare-jobs.`,
        );
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
  stderr: string;
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
      resolve({ wallMs, cpuMs, peakRssMb, exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr });
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

/** The first YAML file of a real corpus that is a runbook on its own. */
function firstRealRunbook(dir: string): string | undefined {
  const first = corpusFilesOf(dir).find((file) => {
    if (!/\.ya?ml$/.test(file)) return false;
    const text = readFileSync(join(dir, file), 'utf8');
    return /^schemaVersion:/m.test(text) && /^mainSteps:/m.test(text);
  });
  return first === undefined ? undefined : join(dir, first);
}

interface Corpus {
  label: string;
  dir: string;
  size: number;
  bytes: number;
  generated: boolean;
  coldFile: string | undefined;
}

interface SizeResult {
  size: number;
  label: string;
  megabytes: number;
  lint: Measurement;
  /** lint --jobs 1, with --compare-jobs. */
  single: Measurement | undefined;
  bare: Measurement;
  bareParseMs: number;
  coldMs: number;
  stages: Record<string, number> | undefined;
}

const fmt = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

const STAGES = [
  'read',
  'parse',
  'extract',
  'model',
  'permissions',
  'scripts',
  'role evaluation',
  'rules',
  'format',
  'other',
];

function corporaOf(options: Options): Corpus[] {
  if (options.corpus !== undefined) {
    const repeated = ensureRepeatedCorpus(join(import.meta.dirname, 'corpus'), options.corpus, options.repeatTo);
    return [
      {
        label: `${options.corpus} ×${repeated.copies}`,
        dir: repeated.dir,
        size: repeated.files,
        bytes: repeated.bytes,
        generated: repeated.generated,
        coldFile: firstRealRunbook(join(repeated.dir, 'copy-0001')),
      },
    ];
  }
  return options.sizes.map((size) => {
    const corpus = ensureCorpus(join(import.meta.dirname, 'corpus'), options.seed, size);
    return { label: 'generated', size, ...corpus, coldFile: firstRunbook(corpus.dir) };
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing.`);
  if (BIN === join(ROOT, 'bin', 'runbook-iam.js') && !existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')))
    throw new Error('Build the CLI first: npm run build.');
  const results: SizeResult[] = [];
  const cores = (await import('node:os')).availableParallelism();
  const jobsArgs = options.jobs === undefined ? [] : ['--jobs', String(options.jobs)];
  const jobsLabel = options.jobs === undefined ? `lint's default --jobs, ${cores} here` : `--jobs ${options.jobs}`;
  process.stdout.write(
    `runbook-iam bench: node ${process.version}, ${cores} cores, ${jobsLabel}, ${options.corpus === undefined ? `seed ${options.seed}` : `corpus ${options.corpus}`}, ${existsSync(TIME) ? 'GNU time' : 'resourceUsage preload'} for RSS\n\n`,
  );
  for (const corpus of corporaOf(options)) {
    const { size } = corpus;
    const repeat = size >= 10_000 ? 1 : options.repeat;
    const bareRuns: Measurement[] = [];
    const lintRuns: Measurement[] = [];
    const singleRuns: Measurement[] = [];
    const lintArgs = [BIN, 'lint', corpus.dir, '--format', 'json', ...jobsArgs];
    for (let i = 0; i < repeat; i++) {
      bareRuns.push(await measure([BARE_PARSE, corpus.dir]));
      lintRuns.push(await measure(lintArgs));
      if (options.compareJobs)
        singleRuns.push(await measure([BIN, 'lint', corpus.dir, '--format', 'json', '--jobs', '1']));
    }
    const bare = medianRun(bareRuns);
    const lint = medianRun(lintRuns);
    const single = singleRuns.length > 0 ? medianRun(singleRuns) : undefined;
    if (single && single.stdout !== lint.stdout)
      process.stdout.write('  (note: the reports of --jobs 1 and of the pool differ)\n');
    const parsedFiles = (JSON.parse(lint.stdout) as { files: unknown[] }).files.length;
    if (parsedFiles !== size) process.stdout.write(`  (note: lint reported ${parsedFiles} files of ${size})\n`);
    let stages: Record<string, number> | undefined;
    if (options.stages) {
      const timed = await measure(lintArgs, { RUNBOOK_IAM_STAGE_TIMES: '1' });
      const line = /runbook-iam stage times \(ms\): (\{.*\})/.exec(timed.stderr);
      if (line) stages = JSON.parse(line[1] as string) as Record<string, number>;
    }
    const cold: number[] = [];
    if (corpus.coldFile !== undefined) {
      for (let i = 0; i < options.cold; i++)
        cold.push((await measure([BIN, 'lint', corpus.coldFile, '--format', 'json'])).wallMs);
    }
    const bareParseMs = median(bareRuns.map((run) => (JSON.parse(run.stdout) as { parseMs: number }).parseMs));
    const result: SizeResult = {
      size,
      label: corpus.label,
      megabytes: corpus.bytes / 1024 / 1024,
      lint,
      single,
      bare,
      bareParseMs,
      coldMs: cold.length > 0 ? median(cold) : Number.NaN,
      stages,
    };
    results.push(result);
    process.stdout.write(
      [
        `${size} files, ${corpus.label} (${result.megabytes.toFixed(1)} MB${corpus.generated ? ', made now' : ''}; median of ${repeat}):`,
        `  lint --format json   wall ${fmt(lint.wallMs)}, cpu ${fmt(lint.cpuMs)}, peak RSS ${lint.peakRssMb.toFixed(0)} MB, exit ${lint.exitCode} (${jobsLabel})`,
        ...(single
          ? [
              `  lint --jobs 1        wall ${fmt(single.wallMs)}, cpu ${fmt(single.cpuMs)}, peak RSS ${single.peakRssMb.toFixed(0)} MB: the pool takes ${(lint.wallMs / single.wallMs).toFixed(2)}x the wall time, ${(lint.cpuMs / single.cpuMs).toFixed(2)}x the cpu`,
            ]
          : []),
        `  bare yaml parse      wall ${fmt(bare.wallMs)}, cpu ${fmt(bare.cpuMs)}, peak RSS ${bare.peakRssMb.toFixed(0)} MB (parseDocument alone ${fmt(bareParseMs)})`,
        `  ratio lint/parse     ${(lint.wallMs / bare.wallMs).toFixed(2)}x wall, ${(lint.cpuMs / bare.cpuMs).toFixed(2)}x cpu`,
        `  throughput           ${Math.round((size / lint.wallMs) * 1000)} files/s`,
        `  per stage (ms)       ${stages ? STAGES.map((stage) => `${stage} ${stages[stage] ?? 0}`).join(', ') : 'n/a'}`,
        `  cold single file     ${fmt(result.coldMs)} (median of ${cold.length})`,
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
    '| files | MB | lint wall | lint CPU | peak RSS | bare parse wall | bare parse CPU | ratio wall | ratio CPU | files/s | cold single file |\n',
  );
  process.stdout.write('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const r of results) {
    for (const [run, label] of [[r.lint, ''], ...(r.single ? [[r.single, ' (--jobs 1)'] as const] : [])] as const) {
      process.stdout.write(
        `| ${r.size.toLocaleString('en-US')}${label} | ${r.megabytes.toFixed(1)} | ${fmt(run.wallMs)} | ${fmt(run.cpuMs)} | ${run.peakRssMb.toFixed(0)} MB | ${fmt(r.bare.wallMs)} | ${fmt(r.bare.cpuMs)} | ${(run.wallMs / r.bare.wallMs).toFixed(2)}× | ${(run.cpuMs / r.bare.cpuMs).toFixed(2)}× | ${Math.round((r.size / run.wallMs) * 1000)} | ${fmt(r.coldMs)} |\n`,
      );
    }
  }
  if (results.some((r) => r.stages)) {
    process.stdout.write(`\n| files | ${STAGES.join(' | ')} |\n|---:|${STAGES.map(() => '---:').join('|')}|\n`);
    for (const r of results) {
      process.stdout.write(
        `| ${r.size.toLocaleString('en-US')} | ${STAGES.map((stage) => (r.stages ? fmt(r.stages[stage] ?? 0) : 'n/a')).join(' | ')} |\n`,
      );
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
