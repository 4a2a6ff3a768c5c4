import { describe, expect, it } from 'vitest';
import { buildRunbook, isRunbookCandidate, transitionOf } from '../../src/model/buildRunbook.js';
import { lines, parseOk, runbookOf, scalarAt, span } from '../helpers/parsed.js';

const RUNBOOK = lines(
  "schemaVersion: '0.3'", //                                1
  'description: Restarts an instance', //                   2
  "assumeRole: '{{ AutomationAssumeRole }}'", //            3
  'parameters:', //                                         4
  '  AutomationAssumeRole:', //                             5
  '    type: String', //                                    6
  "    default: ''", //                                     7
  '  InstanceId:', //                                       8
  '    type: String', //                                    9
  "    allowedPattern: '^i-[a-z0-9]+$'", //                 10
  '    description: The instance', //                       11
  '  Mode:', //                                             12
  '    type: String', //                                    13
  '    allowedValues: [fast, slow]', //                     14
  '    default: fast', //                                   15
  '  Count:', //                                            16
  '    type: Integer', //                                   17
  '    default: 3', //                                      18
  'variables:', //                                          19
  '  Counter:', //                                          20
  '    type: Integer', //                                   21
  '    default: 0', //                                      22
  'outputs:', //                                            23
  '  - First.Result', //                                    24
  'files:', //                                              25
  '  script.zip:', //                                       26
  '    checksums:', //                                      27
  '      sha256: abc123', //                                28
  'mainSteps:', //                                          29
  '  - name: First', //                                     30
  '    action: aws:executeAwsApi', //                       31
  '    onFailure: step:Cleanup', //                         32
  '    onCancel: Abort', //                                 33
  '    maxAttempts: 3', //                                  34
  '    timeoutSeconds: 60', //                              35
  '    isCritical: false', //                               36
  '    inputs:', //                                         37
  '      Service: ec2', //                                  38
  '      Api: DescribeInstances', //                        39
  '    outputs:', //                                        40
  '      - Name: Result', //                                41
  '        Selector: $.Reservations', //                    42
  '        Type: MapList', //                               43
  '  - name: Wait', //                                      44
  '    action: aws:sleep', //                               45
  '    onFailure: Continue', //                             46
  '    onCancel: step:Cleanup', //                          47
  "    isEnd: 'true'", //                                   48
  '    inputs:', //                                         49
  '      Duration: PT1S', //                               50
  '  - name: Loop', //                                      51
  '    action: aws:loop', //                                52
  '    nextStep: Cleanup', //                               53
  '    inputs:', //                                         54
  "      Iterators: '{{ First.Result }}'", //               55
  '      Steps:', //                                        56
  '        - name: Inner', //                               57
  '          action: aws:sleep', //                         58
  '          inputs:', //                                   59
  '            Duration: PT1S', //                         60
  '  - name: Cleanup', //                                   61
  '    action: aws:sleep', //                               62
  '    onFailure: bogus', //                                63
  '    isEnd: true', //                                     64
  '    inputs:', //                                         65
  '      Duration: PT1S', //                               66
);

describe('buildRunbook', () => {
  const runbook = runbookOf(RUNBOOK, 'restart.yaml');

  it('reads the document-level fields with their ranges', () => {
    expect(runbook.path).toBe('restart.yaml');
    expect(runbook.format).toBe('yaml');
    expect(runbook.description).toBe('Restarts an instance');
    expect(runbook.schemaVersion?.value).toBe('0.3');
    expect(span(runbook.schemaVersion?.range)).toEqual([1, 16, 1, 21]);
    expect(runbook.assumeRole?.value).toBe('{{ AutomationAssumeRole }}');
    expect(span(runbook.assumeRole?.range)).toEqual([3, 13, 3, 41]);
    expect(runbook.range.startLine).toBe(1);
  });

  it('reads parameters: name range, type, default, allowedPattern, allowedValues, description', () => {
    expect(runbook.parameters.map((parameter) => parameter.name)).toEqual([
      'AutomationAssumeRole',
      'InstanceId',
      'Mode',
      'Count',
    ]);
    const [role, instance, mode, count] = runbook.parameters;
    expect(span(role?.range)).toEqual([5, 3, 5, 23]);
    expect(role?.type).toBe('String');
    expect(role?.default).toBe('');
    expect(instance).not.toHaveProperty('default');
    expect(instance?.description).toBe('The instance');
    expect(instance?.allowedPattern?.value).toBe('^i-[a-z0-9]+$');
    expect(span(instance?.allowedPattern?.range)).toEqual([10, 21, 10, 36]);
    expect(mode?.allowedValues).toEqual(['fast', 'slow']);
    expect(mode?.default).toBe('fast');
    expect(count?.type).toBe('Integer');
    expect(count?.default).toBe(3);
    expect(span(count?.defaultNode?.range)).toEqual([18, 14, 18, 15]);
  });

  it('reads variables, outputs and files', () => {
    expect(runbook.variables).toEqual([
      { value: 'Counter', range: { file: 'restart.yaml', startLine: 20, startColumn: 3, endLine: 20, endColumn: 10 } },
    ]);
    expect(runbook.outputs.map((output) => [output.value, span(output.range)])).toEqual([
      ['First.Result', [24, 5, 24, 17]],
    ]);
    expect(runbook.files).toEqual([
      {
        name: 'script.zip',
        range: { file: 'restart.yaml', startLine: 26, startColumn: 3, endLine: 26, endColumn: 13 },
        checksums: { sha256: 'abc123' },
      },
    ]);
  });

  it('lists steps in document order with loop bodies right after their loop', () => {
    expect(runbook.steps.map((step) => [step.index, step.name, step.action, step.loopParent])).toEqual([
      [0, 'First', 'aws:executeAwsApi', undefined],
      [1, 'Wait', 'aws:sleep', undefined],
      [2, 'Loop', 'aws:loop', undefined],
      [3, 'Inner', 'aws:sleep', 'Loop'],
      [4, 'Cleanup', 'aws:sleep', undefined],
    ]);
  });

  it('reads every step property with its range', () => {
    const first = runbook.steps[0];
    expect(span(first?.nameRange)).toEqual([30, 11, 30, 16]);
    expect(span(first?.actionRange)).toEqual([31, 13, 31, 30]);
    expect(first?.onFailure).toEqual({
      raw: 'step:Cleanup',
      kind: 'step',
      target: 'Cleanup',
      range: expect.objectContaining({ startLine: 32, startColumn: 16, endColumn: 28 }),
    });
    expect(first?.onCancel).toMatchObject({ raw: 'Abort', kind: 'Abort' });
    expect(first?.maxAttempts).toBe(3);
    expect(first?.timeoutSeconds).toBe(60);
    expect(first?.isCritical).toBe(false);
    expect(first?.isEnd).toBe(false);
    expect(first?.inputs?.entries.map((entry) => entry.key)).toEqual(['Service', 'Api']);
    expect(first?.outputs).toEqual([
      {
        name: 'Result',
        selector: '$.Reservations',
        type: 'MapList',
        range: expect.objectContaining({ startLine: 41, startColumn: 9 }),
      },
    ]);
    // The step's range starts at its first key; headRange is that key's line, where findings about the step point.
    expect([first?.range.startLine, first?.range.startColumn]).toEqual([30, 5]);
    expect(span(first?.headRange)).toEqual([30, 5, 30, 9]);
  });

  it('reads onFailure Continue, onCancel step:, isEnd written as a string', () => {
    const wait = runbook.steps[1];
    expect(wait?.onFailure).toMatchObject({ raw: 'Continue', kind: 'Continue' });
    expect(wait?.onCancel).toMatchObject({ raw: 'step:Cleanup', kind: 'step', target: 'Cleanup' });
    expect(wait?.isEnd).toBe(true);
    expect(wait).not.toHaveProperty('maxAttempts');
    expect(wait).not.toHaveProperty('isCritical');
  });

  it('reads nextStep with its range, and an invalid onFailure as kind invalid', () => {
    expect(runbook.steps[2]?.nextStep).toEqual({
      value: 'Cleanup',
      range: expect.objectContaining({ startLine: 53, startColumn: 15, endColumn: 22 }),
    });
    expect(runbook.steps[4]?.onFailure).toMatchObject({ raw: 'bogus', kind: 'invalid' });
    expect(runbook.steps[4]?.onFailure).not.toHaveProperty('target');
    expect(runbook.steps[4]?.isEnd).toBe(true);
  });

  it('gives nested loop steps their own positions', () => {
    const inner = runbook.steps[3];
    expect(span(inner?.nameRange)).toEqual([57, 17, 57, 22]);
    expect(span(inner?.headRange)).toEqual([57, 11, 57, 15]);
  });
});

describe('buildRunbook: odd shapes', () => {
  it('keeps a step that is not a mapping, and a step without name or action', () => {
    const runbook = runbookOf(lines("schemaVersion: '0.3'", 'mainSteps:', '  - just text', '  - inputs: {}'));
    expect(runbook.steps).toHaveLength(2);
    expect(runbook.steps[0]?.node.kind).toBe('scalar');
    expect(runbook.steps[0]).not.toHaveProperty('name');
    expect(runbook.steps[1]).not.toHaveProperty('action');
    expect(runbook.steps[1]?.inputs?.entries).toEqual([]);
  });

  it('records mainSteps that is not a list, and has no steps then', () => {
    const runbook = runbookOf(lines("schemaVersion: '0.3'", 'mainSteps: nope'));
    expect(runbook.mainStepsNode?.kind).toBe('scalar');
    expect(runbook.steps).toEqual([]);
  });

  it('ignores numbers and booleans that are not numbers and booleans', () => {
    const runbook = runbookOf(
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '  - name: A',
        '    action: aws:sleep',
        '    maxAttempts: many',
        "    timeoutSeconds: ''",
        '    isEnd: maybe',
        "    isCritical: 'False'",
      ),
    );
    const step = runbook.steps[0];
    expect(step).not.toHaveProperty('maxAttempts');
    expect(step).not.toHaveProperty('timeoutSeconds');
    expect(step?.isEnd).toBe(false);
    expect(step?.isCritical).toBe(false);
  });

  it('names an unnamed loop as messages do (#position, 1-based) for its nested steps', () => {
    const runbook = runbookOf(
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '  - action: aws:loop',
        '    inputs:',
        '      Steps:',
        '        - name: Body',
        '          action: aws:sleep',
      ),
    );
    expect(runbook.steps[1]?.loopParent).toBe('#1');
  });

  it('reads a JSON runbook the same way', () => {
    const runbook = runbookOf(
      '{"schemaVersion": "0.3", "mainSteps": [{"name": "A", "action": "aws:sleep", "isEnd": true}]}',
      'a.json',
    );
    expect(runbook.format).toBe('json');
    expect(runbook.steps[0]).toMatchObject({ name: 'A', action: 'aws:sleep', isEnd: true });
    expect(span(runbook.steps[0]?.nameRange)).toEqual([1, 49, 1, 52]);
  });
});

describe('transitionOf', () => {
  const transition = (text: string) => transitionOf(scalarAt(parseOk('t.yaml', `x: ${text}\n`).root, 'x'));

  it('classifies Abort, Continue, step:Name (trimmed) and anything else', () => {
    expect(transition('Abort')).toMatchObject({ kind: 'Abort', raw: 'Abort' });
    expect(transition('Continue')).toMatchObject({ kind: 'Continue' });
    expect(transition("'step: Cleanup'")).toMatchObject({ kind: 'step', target: 'Cleanup' });
    expect(transition('abort')).toMatchObject({ kind: 'invalid', raw: 'abort' });
    expect(transition("'step:'")).toMatchObject({ kind: 'invalid' });
    expect(transition('')).toBeUndefined();
  });
});

describe('isRunbookCandidate', () => {
  const candidate = (text: string, file = 'c.yaml') => isRunbookCandidate(parseOk(file, text).root);

  it('accepts schemaVersion 0.3 as a string and as a number', () => {
    expect(candidate(lines("schemaVersion: '0.3'", 'mainSteps: []'))).toBe(true);
    expect(candidate(lines('schemaVersion: 0.3', 'mainSteps: []'))).toBe(true);
    expect(candidate('{"schemaVersion": 0.3}', 'c.json')).toBe(true);
  });

  it('rejects a Command document (2.2) and other versions even with mainSteps', () => {
    expect(
      candidate(lines("schemaVersion: '2.2'", 'mainSteps:', '  - action: aws:runShellScript', '    name: x')),
    ).toBe(false);
    expect(candidate(lines("schemaVersion: '1.2'", 'runtimeConfig: {}'))).toBe(false);
  });

  it('accepts mainSteps without schemaVersion (a broken runbook, reported by invalid-runbook)', () => {
    expect(candidate(lines('mainSteps:', '  - name: A'))).toBe(true);
    expect(candidate(lines('schemaVersion:', 'mainSteps: []'))).toBe(true);
  });

  it('rejects everything else', () => {
    expect(candidate('AWSTemplateFormatVersion: 2010-09-09\n')).toBe(false);
    expect(candidate('- schemaVersion: "0.3"\n')).toBe(false);
    expect(candidate('just a string\n')).toBe(false);
    expect(buildRunbook(parseOk('package.json', '{"name": "x"}'))).toBeUndefined();
  });
});
