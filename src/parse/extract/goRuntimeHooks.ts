import realFs from 'node:fs';
import { parentPort } from 'node:worker_threads';

/**
 * Imported by the HCL parser's worker before @cdktf/hcl2json, whose Go runtime (Go's wasm_exec.js) sets
 * `globalThis.fs` and `globalThis.Go` when it starts. Go writes its panics and fatal errors to file descriptor 2
 * through `globalThis.fs.writeSync`, then calls `Go.exit`, after which no pending parse is ever answered. Here the
 * output is kept (for the error message, instead of Go's stack on the user's terminal) and the exit ends the worker
 * with a message to the main thread, so that the file being parsed fails and the next one gets a fresh runtime.
 */

let output = '';
const keep = (buffer: ArrayBufferView): void => {
  if (output.length < 2000) output += Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString('utf8');
};

const quietFs = new Proxy(realFs, {
  get(target, key, receiver) {
    if (key === 'writeSync') {
      return (fd: number, buffer: ArrayBufferView, ...rest: unknown[]): number => {
        if (fd === 1 || fd === 2) {
          keep(buffer);
          return buffer.byteLength;
        }
        return (target.writeSync as (...args: unknown[]) => number)(fd, buffer, ...rest);
      };
    }
    if (key === 'write') {
      return (fd: number, buffer: ArrayBufferView, ...rest: unknown[]): void => {
        const callback = rest.at(-1) as (error: Error | null, written?: number) => void;
        if (fd === 1 || fd === 2) {
          keep(buffer);
          callback(null, buffer.byteLength);
          return;
        }
        (target.write as (...args: unknown[]) => void)(fd, buffer, ...rest);
      };
    }
    const value: unknown = Reflect.get(target, key, receiver);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
});

// Go's runtime assigns these globals; the setters keep the quiet fs and wrap Go with the exit hook instead.
Object.defineProperty(globalThis, 'fs', { configurable: true, get: () => quietFs, set: () => undefined });

type GoClass = new () => { exit: (code: number) => void };
let goWithExitHook: GoClass | undefined;
Object.defineProperty(globalThis, 'Go', {
  configurable: true,
  get: () => goWithExitHook,
  set(Go: GoClass) {
    goWithExitHook = class extends Go {
      constructor() {
        super();
        this.exit = (code: number) => {
          parentPort?.postMessage({ kind: 'exited', code, output });
          process.exit(1);
        };
      }
    };
  },
});
