import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { formatBytes } from '../readRegularFile.js';
import { MAX_HCL_NESTING, prescanHcl, restoreHeredocs } from './hclPrescan.js';

/** hcl2json's output: blocks become objects of arrays, expressions become `${...}` strings. */
export type HclJson = Record<string, unknown>;

/** A file the HCL parser rejected, or that was not given to it; `line`/`column` are 1-based. */
export class HclParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /** The parser itself failed (crash, time or memory limit), rather than the file being invalid HCL. */
    readonly parserFault = false,
  ) {
    super(message);
  }
}

export interface HclParserLimits {
  /** Longest time one parse may take. */
  timeoutMs: number;
  /** Largest text given to the parser (long heredocs excluded): it needs about 150 bytes of memory per byte. */
  maxBytes: number;
  /** Deepest nesting of brackets and templates given to the parser. */
  maxNesting: number;
}

export const defaultHclParserLimits: HclParserLimits = {
  timeoutMs: 30_000,
  maxBytes: 2 * 1024 * 1024,
  maxNesting: MAX_HCL_NESTING,
};

type WorkerMessage =
  | { kind: 'parsed'; json: string }
  | { kind: 'failed'; message: string }
  | { kind: 'exited'; code: number; output: string };

/**
 * Parses HCL in a worker thread (hclParserWorker.ts) one file at a time. @cdktf/hcl2json is HashiCorp's HCL parser
 * compiled from Go to WebAssembly; on some input the Go runtime aborts (`fatal error: malloc deadlock` on deep
 * nesting) and never answers. In a worker, a crash, a hang or exhausted memory in the parser fails that file only
 * (the worker is replaced). Input is checked first (nesting depth, unterminated heredocs, size), and long heredocs are kept out
 * of the parser, whose time grows with the square of their line count.
 */
export class HclParser {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly limits: HclParserLimits;

  constructor(limits: Partial<HclParserLimits> = {}) {
    this.limits = { ...defaultHclParserLimits, ...limits };
  }

  parse(file: string, text: string): Promise<HclJson> {
    const run = this.queue.then(() => this.parseNow(file, text));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the worker (it does not keep the process alive while idle, so this is only needed to free its memory). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private async parseNow(file: string, text: string): Promise<HclJson> {
    const scan = prescanHcl(text, this.limits.maxNesting);
    if (!scan.ok) throw new HclParseError(scan.message, scan.line, scan.column);
    if (Buffer.byteLength(scan.text) > this.limits.maxBytes) {
      throw new HclParseError(
        `${formatBytes(Buffer.byteLength(scan.text))} of Terraform is more than the ${formatBytes(this.limits.maxBytes)} given to the HCL parser; the file was not parsed`,
        1,
        1,
        true,
      );
    }
    const json = await this.inWorker(file, scan.text);
    return restoreHeredocs(json, scan.heredocs) as HclJson;
  }

  private inWorker(file: string, text: string): Promise<HclJson> {
    const worker = (this.worker ??= new Worker(workerUrl(), { resourceLimits: { maxOldGenerationSizeMb: 512 } }));
    worker.ref();
    return new Promise<HclJson>((resolve, reject) => {
      let goOutput = '';
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onFault);
        worker.off('exit', onExit);
        worker.unref();
        outcome();
      };
      const fail = (reason: string): void => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        settle(() => reject(new HclParseError(`the HCL parser ${reason}; the file was not checked`, 1, 1, true)));
      };
      const onMessage = (message: WorkerMessage): void => {
        if (message.kind === 'exited') goOutput = message.output;
        else if (message.kind === 'parsed') settle(() => resolve(JSON.parse(message.json) as HclJson));
        else if (message.message.startsWith('parse config: ')) {
          const position = /:(\d+),(\d+)-/.exec(message.message);
          const detail = message.message.replace(/^parse config: \[/, '').replace(/\]$/, '');
          settle(() => reject(new HclParseError(detail, Number(position?.[1] ?? 1), Number(position?.[2] ?? 1))));
        } else fail(`failed (${oneLine(message.message)})`);
      };
      const onFault = (error: Error): void => fail(`failed (${oneLine(error.message)})`);
      const onExit = (): void => fail(goOutput ? `crashed (${oneLine(goOutput)})` : 'stopped');
      const timer = setTimeout(
        () => fail(`did not finish within ${this.limits.timeoutMs / 1000} s`),
        this.limits.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onFault);
      worker.on('exit', onExit);
      worker.postMessage({ file, text });
    });
  }
}

/** The first line of a message, without control characters, at most 120 characters. */
function oneLine(text: string): string {
  const first = text.trim().split('\n')[0] ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return first.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 120);
}

/**
 * The worker's compiled module: beside this one (dist/src/parse/extract/, or the GitHub Action's bundle, where it is
 * hclParserWorker.mjs), below the command line's bundle (dist/cli.mjs), or, when this module runs from its TypeScript
 * source (the tests), in dist/, which the test setup builds first.
 */
function workerUrl(): URL {
  for (const name of ['./hclParserWorker.js', './hclParserWorker.mjs', './src/parse/extract/hclParserWorker.js']) {
    const beside = new URL(name, import.meta.url);
    if (existsSync(beside)) return beside;
  }
  return new URL('../../../dist/src/parse/extract/hclParserWorker.js', import.meta.url);
}
