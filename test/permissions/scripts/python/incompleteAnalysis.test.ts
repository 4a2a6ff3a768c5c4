import { describe, expect, it } from 'vitest';
import { analyzeRunbook } from '../../../../src/index.js';
import { runbookPermissions } from '../../../../src/permissions/stepPermissions.js';
import { MAX_PASSES } from '../../../../src/permissions/scripts/python/analyzePython.js';

/** A runbook whose script calls EC2 through a client made `depth` helpers away (each defined before its callee). */
function runbookWithHelperChain(depth: number): string {
  const script = ['import boto3', 'def script_handler(events, context):', '    helper_0().describe_instances()'];
  for (let i = 0; i < depth; i++)
    script.push(
      `def helper_${i}():`,
      i === depth - 1 ? "    return boto3.client('ec2')" : `    return helper_${i + 1}()`,
    );
  return [
    "schemaVersion: '0.3'",
    'assumeRole: arn:aws:iam::123456789012:role/AutomationRole',
    'mainSteps:',
    '  - name: Describe',
    '    action: aws:executeScript',
    '    inputs:',
    '      Runtime: python3.11',
    '      Handler: script_handler',
    '      Script: |',
    ...script.map((line) => `        ${line}`),
  ].join('\n');
}

async function analyzed(text: string) {
  const [result] = (await analyzeRunbook(text)).runbooks;
  if (!result) throw new Error('the runbook did not build');
  return result;
}

describe('script analysis that stops before its fixed point', () => {
  it('is reported by script-analysis-incomplete, not silently lost', async () => {
    const { findings } = await analyzed(runbookWithHelperChain(MAX_PASSES + 20));
    expect(findings.filter((f) => f.ruleId === 'script-analysis-incomplete').map((f) => [f.message, f.step])).toEqual([
      [
        `The AWS calls of step Describe are not all known: the analysis stopped after ${MAX_PASSES} passes before following every value through the script.`,
        'Describe',
      ],
    ]);
  });

  it('leaves a script it followed to the end without a note, its calls found', async () => {
    const { runbook, findings } = await analyzed(runbookWithHelperChain(12));
    expect(findings.filter((f) => f.ruleId === 'script-analysis-incomplete')).toEqual([]);
    const needs = runbookPermissions(runbook).flatMap((step) => step.needs.map((need) => need.action));
    expect(needs).toContain('ec2:DescribeInstances');
  });
});
