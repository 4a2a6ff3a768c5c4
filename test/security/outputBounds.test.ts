import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { boundFindings, FINDING_LIMITS } from '../../src/engine/boundFindings.js';
import type { Finding } from '../../src/engine/finding.js';
import type { JsonOutput } from '../../src/formatters/json.js';
import { GOOD_RUNBOOK } from '../helpers/lint.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

/**
 * Output is bounded per finding and per file: a runbook of many create and delete steps once named every cleanup step
 * in every finding (3,000 of each: 165 MB of JSON; 10,000: "Invalid string length", and every other file's results
 * lost).
 */
function createAndDeleteSteps(count: number): string {
  const steps = ["schemaVersion: '0.3'\nmainSteps:\n"];
  for (let i = 0; i < count; i++)
    steps.push(
      `  - name: CreateRole${i}\n    action: aws:executeAwsApi\n    inputs: {Service: iam, Api: CreateRole, RoleName: r${i}, AssumeRolePolicyDocument: x}\n`,
    );
  for (let i = 0; i < count; i++)
    steps.push(
      `  - name: DeleteRole${i}\n    action: aws:executeAwsApi\n    inputs: {Service: iam, Api: DeleteRole, RoleName: r${i}}\n`,
    );
  return steps.join('');
}

describe('output amplification', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir();
    dir.write('amplify.yaml', createAndDeleteSteps(600));
    dir.write('good.yaml', GOOD_RUNBOOK);
  });
  afterAll(() => dir.remove());

  it('600 create and 600 delete steps: a bounded report, with the other file intact', async () => {
    const io = fakeIo({ cwd: dir.path });
    const code = await main(['node', 'runbook-iam', 'lint', '.', '--format', 'json'], io);
    expect(code).toBe(1);
    // Unbounded, each of the 600 messages named all 600 delete steps: about 11 MB.
    expect(io.out().length).toBeLessThan(200_000);
    const output = JSON.parse(io.out()) as JsonOutput;
    expect(output.files.map((file) => [file.path.replace(`${dir.path}/`, ''), file.status])).toEqual([
      ['amplify.yaml', 'analyzed'],
      ['good.yaml', 'analyzed'],
    ]);
    const temporary = output.results.filter((result) => result.ruleId === 'temporary-privilege-not-revoked');
    expect(temporary).toHaveLength(FINDING_LIMITS.perRuleAndFile + 1);
    expect(temporary[0]?.message).toMatch(/before DeleteRole0 \(or 599 more\)\.$/);
    expect(temporary.map((result) => result.message)).toContain(
      '499 more temporary-privilege-not-revoked findings in this file are not listed (at most 100 per rule and file); the first is here. Fix the ones listed and run again.',
    );
    for (const result of output.results) expect(result.message.length).toBeLessThan(FINDING_LIMITS.messageLength + 50);
  });

  it('boundFindings: a long message is cut with a count, the severest dropped severity is kept', () => {
    const range = { file: 'f.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };
    const finding = (message: string, severity: Finding['severity'] = 'note'): Finding => ({
      ruleId: 'r',
      severity,
      message,
      range,
    });
    const many = [
      ...Array.from({ length: FINDING_LIMITS.perRuleAndFile }, () => finding('x')),
      finding('y'),
      finding('z', 'error'),
    ];
    const bounded = boundFindings(many);
    expect(bounded).toHaveLength(FINDING_LIMITS.perRuleAndFile + 1);
    expect(bounded.at(-1)).toMatchObject({ severity: 'error', message: expect.stringMatching(/^2 more r findings/) });
    const [long] = boundFindings([finding('m'.repeat(5000))]);
    expect(long?.message).toBe(`${'m'.repeat(FINDING_LIMITS.messageLength)}… (4,000 more characters)`);
  });
});
