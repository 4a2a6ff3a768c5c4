// The worker thread of HclParser (hclParser.ts). The hooks must be installed before the parser's Go runtime starts.
import './goRuntimeHooks.js';
import { parse } from '@cdktf/hcl2json';
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', ({ file, text }: { file: string; text: string }) => {
  parse(file, text).then(
    (value) => parentPort?.postMessage({ kind: 'parsed', json: JSON.stringify(value) }),
    (error: unknown) =>
      parentPort?.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
