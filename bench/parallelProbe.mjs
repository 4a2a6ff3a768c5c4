// Would worker threads pay off? Lints a corpus in this thread, then split over N worker threads (each loads the
// modules and the action map itself; results come back by structured clone), and prints both wall times.
// Usage: node bench/parallelProbe.mjs DIR [workers=2]   (after npm run build)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const dist = new URL('../dist/', import.meta.url);
async function lint(paths, cwd) {
  const { lintFiles } = await import(new URL('src/engine/lintFiles.js', dist).href);
  const { rules } = await import(new URL('rules/index.js', dist).href);
  const { defaultConfig } = await import(new URL('src/engine/config.js', dist).href);
  return lintFiles({ paths, cwd, config: defaultConfig(cwd), rules });
}

if (!isMainThread) {
  const run = await lint(workerData.paths, workerData.cwd);
  parentPort.postMessage(run);
} else {
  const dir = process.argv[2];
  const workers = Number(process.argv[3] ?? 2);
  const files = [];
  (function walk(current) {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(path);
    }
  })(dir);
  const mode = process.argv[4] ?? 'both';
  if (mode !== 'parallel') {
    const t = performance.now();
    const run = await lint(files, dir);
    console.log(
      `in-process: ${files.length} files, ${run.findings.length} findings, ${(performance.now() - t).toFixed(0)} ms`,
    );
  }
  if (mode !== 'single') {
    const t = performance.now();
    const size = Math.ceil(files.length / workers);
    const runs = await Promise.all(
      Array.from(
        { length: workers },
        (_, i) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(new URL(import.meta.url), {
              workerData: { paths: files.slice(i * size, (i + 1) * size), cwd: dir },
            });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
    console.log(
      `${workers} workers: ${runs.reduce((n, r) => n + r.files.length, 0)} files, ${runs.reduce((n, r) => n + r.findings.length, 0)} findings, ${(performance.now() - t).toFixed(0)} ms`,
    );
  }
}
