// The floor for the benchmark: read every .yaml/.yml/.json file under a directory and parse it with the yaml
// package's parseDocument (JSON is YAML), in this one process, on one thread. Prints {"files", "parseMs", "totalMs"}
// as JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';

const started = performance.now();
const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.(ya?ml|json)$/i.test(entry.name)) files.push(path);
  }
})(process.argv[2]);
let parseMs = 0;
let keys = 0;
for (const path of files) {
  const text = readFileSync(path, 'utf8');
  const t = performance.now();
  const document = parseDocument(text);
  parseMs += performance.now() - t;
  if (document.contents && 'items' in document.contents) keys += document.contents.items.length;
}
process.stdout.write(
  `${JSON.stringify({ files: files.length, keys, parseMs: Math.round(parseMs), totalMs: Math.round(performance.now() - started) })}\n`,
);
