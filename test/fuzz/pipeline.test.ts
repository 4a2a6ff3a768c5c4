import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPipeline } from './checkPipeline.js';
import { fuzzCase } from './runbookArbitrary.js';

/** A few hundred cases on every `npm test`; `npm run fuzz` runs 10,000 (FUZZ_RUNS, FUZZ_SEED to reproduce). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('property: any runbook-shaped file goes through every stage and formatter without an exception', () => {
  it(`holds for ${RUNS} random documents (valid, broken and arbitrary text)`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (file) => {
        await checkPipeline(`/fuzz/${file.name}`, file.text, '/fuzz');
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true },
    );
    // A fuzzed script says os.system('touch …'): nothing in a runbook is ever run.
    expect(existsSync('/tmp/runbook-iam-fuzz-pwned')).toBe(false);
  }, 600_000);

  it('covers what it claims: runbooks that build, templates, parse errors and scripts all occur', () => {
    const samples = fc.sample(fuzzCase, { numRuns: 400, seed: 42 });
    expect(samples.filter((file) => file.text.includes('schemaVersion')).length).toBeGreaterThan(100);
    expect(samples.some((file) => file.text.includes('AWS::SSM::Document'))).toBe(true);
    expect(samples.some((file) => file.text.includes('boto3'))).toBe(true);
    expect(samples.some((file) => file.text.includes('Get-EC2Instance'))).toBe(true);
    expect(samples.some((file) => file.name.endsWith('.json'))).toBe(true);
    // Step and file names with control characters (line breaks, terminal escapes) reach every formatter.
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(samples.some((file) => /[\u0000-\u001f\u007f-\u009f]/.test(file.name))).toBe(true);
    // eslint-disable-next-line no-control-regex -- the escape character is what is looked for
    expect(samples.some((file) => /\u001b|\\e\[|\\u001b|\\x1b/i.test(file.text))).toBe(true);
  });
});
