import { describe, expect, it } from 'vitest';
import { buildRunbook } from '../../src/model/buildRunbook.js';
import type { Runbook } from '../../src/model/runbook.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { describeNeed } from '../../src/permissions/describeNeed.js';
import { runbookPermissions } from '../../src/permissions/stepPermissions.js';

function runbookOf(yaml: string): Runbook {
  const parsed = parseDocument('test.yaml', yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return buildRunbook(parsed.document)!;
}

const stateChange = (desiredState: string, parameter = '  State: {type: String}\n'): string =>
  `schemaVersion: '0.3'\nparameters:\n${parameter}mainSteps:\n  - name: Change\n    action: aws:changeInstanceState\n    inputs:\n      InstanceIds: [i-0123456789abcdef0]\n      DesiredState: ${desiredState}\n`;

const needsOf = (yaml: string) =>
  runbookPermissions(runbookOf(yaml))
    .flatMap((step) => step.needs)
    .filter((need) => /Start|Stop|Terminate/.test(need.action))
    .map((need) => ({ action: need.action, confidence: need.confidence }));

describe('a DesiredState the runbook does not settle keeps its needs', () => {
  it('a misspelt value keeps every state-changing call, unknown, and says why', () => {
    const yaml = stateChange('stoped');
    expect(needsOf(yaml)).toEqual([
      { action: 'ec2:StartInstances', confidence: 'unknown' },
      { action: 'ec2:StopInstances', confidence: 'unknown' },
      { action: 'ec2:TerminateInstances', confidence: 'unknown' },
    ]);
    const reasons = runbookPermissions(runbookOf(yaml)).flatMap((step) => step.needs.map((need) => describeNeed(need)));
    expect(reasons).toContainEqual(expect.stringContaining('DesiredState "stoped" is not one of running, stopped'));
  });

  it('a valid literal gives its one call, certain', () => {
    expect(needsOf(stateChange('stopped'))).toEqual([{ action: 'ec2:StopInstances', confidence: 'certain' }]);
  });

  it('a parameter with allowedValues gives the calls of those values, likely', () => {
    const parameter = '  State: {type: String, allowedValues: [running, stopped]}\n';
    expect(needsOf(stateChange("'{{ State }}'", parameter))).toEqual([
      { action: 'ec2:StartInstances', confidence: 'likely' },
      { action: 'ec2:StopInstances', confidence: 'likely' },
    ]);
  });

  it('a parameter without allowedValues keeps every call, unknown', () => {
    expect(needsOf(stateChange("'{{ State }}'")).map((need) => need.confidence)).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
  });
});
