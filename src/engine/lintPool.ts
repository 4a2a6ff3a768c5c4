import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { RoleInfo } from '../policy/roleInfo.js';
import { addStageTotals } from '../util/stageTimes.js';
import type { Config } from './config.js';
import type { FileReport } from './lintLoadedFile.js';
import type { IndependentFile } from './loadRunbooks.js';

/**
 * Fewer files than this are linted in the main thread. A worker costs about 0.35 s of CPU to start (its own modules,
 * action map and JIT), and a pool of two takes 25-35% more CPU than one thread. On two cores shared with other work,
 * measured in paired runs, two workers were slower than one thread at 1,000 and 3,000 files (and on the real corpus
 * of 3,160), mixed at 5,000, and faster at 10,000, where they also keep the peak RSS under 300 MB.
 */
export const POOL_MIN_FILES = 5000;
/** Files sent to a worker at once, and batches a worker holds at once (one it lints, one waiting). */
const BATCH_FILES = 16;
const BATCHES_IN_FLIGHT = 2;
/**
 * Each worker's heap. A lint keeps little from one file to the next (the report), so V8's default of letting the heap
 * grow to several times what is live only adds to the process's RSS. The old generation is capped (a worker that runs
 * out of it fails, and its files are linted in the main thread), and the young generation is 24 MB (semi-spaces of
 * 8 MB instead of 16): at 10,000 files, peak RSS 205-217 MB instead of 265 for 3% more CPU; smaller young
 * generations cost more (12 MB: 194 MB for 10% more CPU, 4 MB: 177 MB for 20% more).
 */
const WORKER_OLD_GENERATION_MB = 96;
const WORKER_YOUNG_GENERATION_MB = 24;

/** What a worker needs to lint files as the main thread would (plain data: it is copied into each worker). */
export interface PoolRunSettings {
  cwd: string;
  paths: string[];
  config: Config;
  role?: RoleInfo;
  strict: boolean;
  /** The enabled rules, by id, in the run's order (workers take them from the registry). */
  ruleIds: string[];
  needsRole: boolean;
}

export type ToLintWorker = { kind: 'batch'; files: IndependentFile[] } | { kind: 'end' };
/** A worker's answer to a batch: each file's report, or null for a file the main thread must lint (attachments). */
export type FromLintWorker =
  { kind: 'reports'; reports: (FileReport | null)[] } | { kind: 'stages'; times: Record<string, number> };

/**
 * How many workers lint `files` files with --jobs `jobs`: none below POOL_MIN_FILES (RUNBOOK_IAM_POOL_MIN_FILES
 * overrides it, for tests) or with one job.
 */
export function poolSize(jobs: number, files: number): number {
  if (jobs <= 1) return 0;
  const fromEnvironment = Number(process.env.RUNBOOK_IAM_POOL_MIN_FILES);
  const minFiles = Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : POOL_MIN_FILES;
  if (files < minFiles) return 0;
  return Math.min(jobs, Math.ceil(files / BATCH_FILES));
}

interface PoolWorker {
  worker: Worker;
  /** Batches sent and not answered, oldest first (a worker answers in order). */
  inFlight: IndependentFile[][];
  done: boolean;
}

/**
 * Worker threads that lint independent files (lintWorker.ts). Files are streamed to them in batches, in the run's
 * order, and each file's report is given back by its place in the run, whatever order the answers come in. A file
 * whose worker fails (a crash, exhausted memory) gets no report: the caller lints it in the main thread.
 */
export class LintPool {
  private readonly waiting = new Map<number, (report: FileReport | undefined) => void>();
  private readonly answered = new Map<number, FileReport | undefined>();
  private readonly workers = new Set<PoolWorker>();
  private next = 0;
  /** Workers started to replace failed ones, at most as many as the pool had. */
  private replacements: number;

  constructor(
    private readonly files: readonly IndependentFile[],
    size: number,
    private readonly settings: PoolRunSettings,
  ) {
    this.replacements = size;
    for (let i = 0; i < size; i++) this.start();
  }

  /** The report of the file at `order`, or undefined when the pool could not lint it. */
  reportFor(order: number): Promise<FileReport | undefined> {
    if (this.answered.has(order)) {
      const report = this.answered.get(order);
      this.answered.delete(order);
      return Promise.resolve(report);
    }
    return new Promise((resolve) => this.waiting.set(order, resolve));
  }

  /** Ends the workers once they are idle (adding their stage times, when timed). */
  async close(): Promise<void> {
    const ending = [...this.workers].map(async (entry) => {
      entry.done = true;
      if (entry.inFlight.length > 0) await entry.worker.terminate();
      else {
        const exited = new Promise((resolve) => entry.worker.once('exit', resolve));
        entry.worker.postMessage({ kind: 'end' } satisfies ToLintWorker);
        await exited;
      }
    });
    this.workers.clear();
    await Promise.all(ending);
  }

  private start(): void {
    const worker = new Worker(workerUrl(), {
      workerData: this.settings,
      resourceLimits: {
        maxOldGenerationSizeMb: oldGenerationMb(),
        maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
      },
    });
    const entry: PoolWorker = { worker, inFlight: [], done: false };
    this.workers.add(entry);
    worker.on('message', (message: FromLintWorker) => {
      if (message.kind === 'stages') {
        addStageTotals(message.times);
        return;
      }
      const batch = entry.inFlight.shift() ?? [];
      for (const [index, file] of batch.entries()) this.settle(file.order, message.reports[index] ?? undefined);
      this.feed(entry);
    });
    worker.on('error', () => this.fail(entry));
    worker.on('exit', () => this.fail(entry));
    this.feed(entry);
  }

  private feed(entry: PoolWorker): void {
    while (!entry.done && entry.inFlight.length < BATCHES_IN_FLIGHT && this.next < this.files.length) {
      const batch = this.files.slice(this.next, this.next + BATCH_FILES);
      this.next += batch.length;
      entry.inFlight.push(batch);
      entry.worker.postMessage({ kind: 'batch', files: batch } satisfies ToLintWorker);
    }
  }

  /** A worker that failed: its batches are left to the main thread, and another worker takes its place. */
  private fail(entry: PoolWorker): void {
    if (entry.done) return;
    entry.done = true;
    this.workers.delete(entry);
    for (const batch of entry.inFlight) for (const file of batch) this.settle(file.order, undefined);
    entry.inFlight = [];
    void entry.worker.terminate();
    if (this.next >= this.files.length) return;
    if (this.replacements > 0) {
      this.replacements--;
      this.start();
    } else if (this.workers.size === 0) {
      for (const file of this.files.slice(this.next)) this.settle(file.order, undefined);
      this.next = this.files.length;
    }
  }

  private settle(order: number, report: FileReport | undefined): void {
    const waiter = this.waiting.get(order);
    if (waiter) {
      this.waiting.delete(order);
      waiter(report);
    } else this.answered.set(order, report);
  }
}

/** WORKER_OLD_GENERATION_MB, or RUNBOOK_IAM_POOL_HEAP_MB (for tests: a worker that runs out of memory). */
function oldGenerationMb(): number {
  const fromEnvironment = Number(process.env.RUNBOOK_IAM_POOL_HEAP_MB);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : WORKER_OLD_GENERATION_MB;
}

/**
 * The worker's compiled module: beside this one (dist/src/engine/, or the GitHub Action's bundle, where it is
 * lintWorker.mjs), below the command line's bundle (dist/cli.mjs), or, when this module runs from its TypeScript
 * source (the tests), in dist/, which the test setup builds first.
 */
function workerUrl(): URL {
  for (const name of ['./lintWorker.js', './lintWorker.mjs', './src/engine/lintWorker.js']) {
    const beside = new URL(name, import.meta.url);
    if (existsSync(beside)) return beside;
  }
  return new URL('../../dist/src/engine/lintWorker.js', import.meta.url);
}
