// `npm run corpus -- DIR [--no-policy]`: runs runbook-iam over a directory of real runbooks and templates and prints
// figures (no assertions): lint results per rule and file status, permissions statistics (needs, `*` resources and
// why, conditional needs, incomplete steps) and the exit codes of `policy --kind all` on every file.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rules } from '../rules/index.js';
import { RunbookAnalysis } from '../src/analysis/runbookAnalysis.js';
import { main } from '../src/cli/main.js';
import { defaultConfig } from '../src/engine/config.js';
import { lintFiles } from '../src/engine/lintFiles.js';
import { loadRunbooks } from '../src/engine/loadRunbooks.js';
import { iamActionInfo } from '../src/permissions/actionMap.js';

const args = process.argv.slice(2);
const directory = args.find((arg) => !arg.startsWith('--'));
if (!directory) {
  process.stderr.write('usage: npm run corpus -- DIR [--no-policy]\n');
  process.exit(2);
}
const root = resolve(directory);
const cwd = process.cwd();

const count = <T>(items: readonly T[], key: (item: T) => string): [string, number][] => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
};
const table = (rows: [string, number][]): string =>
  rows.map(([name, n]) => `  ${String(n).padStart(6)}  ${name}`).join('\n');

// lint
let started = performance.now();
const run = await lintFiles({ paths: [root], cwd, config: defaultConfig(cwd), rules });
process.stdout.write(`lint ${relative(cwd, root) || '.'}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`files by status:\n${table(count(run.files, (file) => file.status))}\n`);
process.stdout.write(`findings by rule (${run.findings.length}):\n${table(count(run.findings, (f) => f.ruleId))}\n`);

// permissions
started = performance.now();
const stats = { runbooks: 0, steps: 0, incomplete: 0, needs: 0, conditional: 0, unknown: 0 };
const wildcard: string[] = [];
for await (const loaded of loadRunbooks({ paths: [root], cwd, config: defaultConfig(cwd) })) {
  for (const entry of loaded.runbooks) {
    stats.runbooks++;
    for (const step of new RunbookAnalysis(entry.runbook).permissions) {
      stats.steps++;
      if (step.incomplete) stats.incomplete++;
      for (const need of step.needs) {
        stats.needs++;
        if (need.confidence === 'conditional') stats.conditional++;
        if (need.confidence === 'unknown') stats.unknown++;
        if (!need.resources.includes('*')) continue;
        const typed = (iamActionInfo(need.action)?.resourceTypes.length ?? 0) > 0;
        wildcard.push(
          typed ? `run-time or not named (${need.resourceNote?.kind ?? 'no note'})` : 'no resource type in IAM',
        );
      }
    }
  }
}
process.stdout.write(
  `permissions: ${stats.runbooks} runbooks, ${stats.steps} steps (${stats.incomplete} incomplete), ${stats.needs} needs (${stats.conditional} conditional, ${stats.unknown} unknown), ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
process.stdout.write(`needs with a "*" resource (${wildcard.length}):\n${table(count(wildcard, (why) => why))}\n`);

// policy, one file at a time, as a user runs it
if (!args.includes('--no-policy')) {
  const files: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (/\.(ya?ml|json|tf)$/.test(name)) files.push(child);
    }
  };
  walk(root);
  const codes: string[] = [];
  const internal: string[] = [];
  for (const file of files.sort()) {
    let err = '';
    const code = await main(['node', 'runbook-iam', 'policy', file, '--kind', 'all', '--account', '123456789012'], {
      cwd,
      stdout: () => {},
      stderr: (text) => void (err += text),
      stdoutIsTty: false,
      stderrIsTty: false,
      noColor: true,
    });
    codes.push(`exit ${code}`);
    if (err.includes('internal error'))
      internal.push(`${relative(cwd, file)}: ${err.split('\n').find((line) => line.includes('internal error'))}`);
  }
  process.stdout.write(`policy --kind all on ${files.length} files:\n${table(count(codes, (code) => code))}\n`);
  process.stdout.write(`internal errors: ${internal.length}\n${internal.map((line) => `  ${line}`).join('\n')}\n`);
}
