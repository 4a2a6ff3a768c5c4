import { describe, expect, it } from 'vitest';
import type { Reference } from '../../src/model/runbook.js';
import { lines, runbookOf, span } from '../helpers/parsed.js';

/** Compact view of a reference: what it names, where it is, and which step it is in. */
function view(reference: Reference): unknown[] {
  return [reference.kind, reference.name, reference.output, span(reference.range), reference.inStep];
}

describe('findReferences', () => {
  const runbook = runbookOf(
    lines(
      "schemaVersion: '0.3'", //                                                                      1
      "assumeRole: '{{ AutomationAssumeRole }}'", //                                                  2
      'parameters:', //                                                                               3
      '  AutomationAssumeRole: {type: String}', //                                                    4
      '  InstanceId:', //                                                                             5
      '    type: String', //                                                                          6
      "    default: '{{ssm:/my/instance}} {{ TARGET_ID }} {{ssm-secure:/my/secret}}'", //             7
      'variables:', //                                                                                8
      '  Counter: {type: Integer, default: 0}', //                                                    9
      'mainSteps:', //                                                                                10
      '  - name: Describe', //                                                                        11
      '    description: Uses {{ InstanceId }} but descriptions are never interpolated', //            12
      '    action: aws:executeAwsApi', //                                                             13
      '    inputs:', //                                                                               14
      '      Service: ec2', //                                                                        15
      '      Api: DescribeInstances', //                                                              16
      "      InstanceIds: ['{{ InstanceId }}']", //                                                   17
      '      Note: "{{ global:REGION }}-{{automation:EXECUTION_ID}} {{ variable:Counter }}"', //       18
      '      Html: \'<p style="{{ color: red }}">{{ a b }}</p>\'', //                                   19
      '    outputs:', //                                                                              20
      '      - {Name: Ids, Selector: "$.Reservations", Type: StringList}', //                         21
      '  - name: Run', //                                                                             22
      '    action: aws:executeScript', //                                                             23
      '    inputs:', //                                                                               24
      '      Runtime: python3.11', //                                                                 25
      '      Handler: handler', //                                                                    26
      '      Script: |', //                                                                           27
      '        def handler(events, context):', //                                                   28
      '            return "{{ NotAReference }}"', //                                                  29
      '      InputPayload:', //                                                                       30
      '        ids: |', //                                                                            31
      '          first {{ Describe.Ids }}', //                                                        32
      '          again {{ Describe.Ids }} and {{ Describe.Ids.0 }}', //                               33
    ),
  );

  it('finds every reference where Automation substitutes values, in document order, with exact ranges', () => {
    expect(runbook.references.map(view)).toEqual([
      ['parameter', 'AutomationAssumeRole', undefined, [2, 14, 2, 40], undefined],
      ['ssmParameter', '/my/instance', undefined, [7, 15, 7, 35], undefined],
      ['ssmParameter', '/my/secret', undefined, [7, 52, 7, 77], undefined],
      ['parameter', 'InstanceId', undefined, [17, 22, 17, 38], 'Describe'],
      ['global', 'REGION', undefined, [18, 14, 18, 33], 'Describe'],
      ['automation', 'EXECUTION_ID', undefined, [18, 34, 18, 61], 'Describe'],
      ['variable', 'Counter', undefined, [18, 62, 18, 84], 'Describe'],
      ['stepOutput', 'Describe', 'Ids', [32, 17, 32, 35], 'Run'],
      ['stepOutput', 'Describe', 'Ids', [33, 17, 33, 35], 'Run'],
      ['stepOutput', 'Describe', 'Ids.0', [33, 40, 33, 60], 'Run'],
    ]);
  });

  it('keeps the expression as written, trimmed', () => {
    expect(runbook.references[0]?.expression).toBe('AutomationAssumeRole');
    expect(runbook.references[1]?.expression).toBe('ssm:/my/instance');
  });

  it('ignores non-reference braces, script bodies, descriptions and non-SSM references in parameter defaults', () => {
    const names = runbook.references.map((reference) => reference.name);
    expect(names).not.toContain('NotAReference');
    expect(names).not.toContain('TARGET_ID');
    expect(names).not.toContain('color');
    expect(runbook.references.filter((reference) => reference.range.startLine === 12)).toEqual([]);
    expect(runbook.references.filter((reference) => reference.range.startLine === 19)).toEqual([]);
  });

  it('scans a Script input of an action that is not aws:executeScript', () => {
    const other = runbookOf(
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '  - name: A',
        '    action: aws:runCommand',
        '    inputs:',
        "      Script: 'echo {{ Message }}'",
      ),
    );
    expect(other.references.map(view)).toEqual([['parameter', 'Message', undefined, [6, 21, 6, 34], 'A']]);
  });

  it('finds references in double-quoted JSON strings, with escapes before them', () => {
    const json = runbookOf(
      lines(
        '{',
        '  "schemaVersion": "0.3",',
        '  "mainSteps": [{',
        '    "name": "A",',
        '    "action": "aws:executeAwsApi",',
        '    "inputs": {"Ids": ["{{ InstanceId }}"], "Msg": "tab\\there \\"{{ Name }}\\""}',
        '  }]',
        '}',
      ),
      'a.json',
    );
    expect(json.references.map(view)).toEqual([
      ['parameter', 'InstanceId', undefined, [6, 25, 6, 41], 'A'],
      ['parameter', 'Name', undefined, [6, 65, 6, 75], 'A'],
    ]);
  });

  it('scans the steps nested in aws:loop once, as their own steps', () => {
    const loop = runbookOf(
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '  - name: Loop',
        '    action: aws:loop',
        "    inputs: {Iterators: '{{ Items }}', Steps: [{name: Body, action: aws:sleep, inputs: {Duration: '{{ Wait }}'}}]}",
      ),
    );
    expect(loop.references.map((reference) => [reference.name, reference.inStep])).toEqual([
      ['Items', 'Loop'],
      ['Wait', 'Body'],
    ]);
  });
});
