import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { checkPipeline } from '../test/fuzz/checkPipeline.js';
import { fuzzCase } from '../test/fuzz/runbookArbitrary.js';

/**
 * `npm run fuzz` — the property of test/fuzz/pipeline.test.ts with 10,000 cases (or `--runs N`; `--seed N` replays a
 * run): random runbook-shaped files through parse → model → permissions → rules → every formatter, with no exception
 * and valid JSON and SARIF. Prints the seed, so that a failure can be reproduced; exits 1 on a counterexample.
 */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const runs = option('--runs', Number(process.env.FUZZ_RUNS ?? 10_000));
const seed = option('--seed', Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31));
const started = performance.now();
let done = 0;
process.stdout.write(`fuzz: ${runs} cases, seed ${seed} (replay with --seed ${seed})\n`);
const result = await fc.check(
  fc.asyncProperty(fuzzCase, async (file) => {
    await checkPipeline(`/fuzz/${file.name}`, file.text, '/fuzz');
    if (++done % 1000 === 0)
      process.stdout.write(`  ${done} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }),
  { numRuns: runs, seed },
);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (existsSync('/tmp/runbook-iam-fuzz-pwned')) {
  process.stdout.write('fuzz: FAILED: /tmp/runbook-iam-fuzz-pwned exists; a script from a runbook was executed.\n');
  process.exitCode = 1;
} else if (result.failed) {
  const counterexample = JSON.stringify(result.counterexample?.[0] ?? null);
  process.stdout.write(
    `fuzz: FAILED after ${result.numRuns} cases in ${seconds} s (seed ${seed}, path ${result.counterexamplePath ?? ''}).\n`,
  );
  process.stdout.write(
    `error: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}\n`,
  );
  process.stdout.write(
    `counterexample (shrunk): ${counterexample.length > 4000 ? `${counterexample.slice(0, 4000)}…` : counterexample}\n`,
  );
  process.exitCode = 1;
} else {
  process.stdout.write(`fuzz: ${result.numRuns} cases passed in ${seconds} s.\n`);
}
