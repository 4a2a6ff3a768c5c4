import { describe, expect, it } from 'vitest';
import { buildControlFlow } from '../../src/model/controlFlow.js';
import type { FlowEdge } from '../../src/model/controlFlow.js';
import { lines, runbookOf, span } from '../helpers/parsed.js';

/** [from, to, kind, targetName, range] for compact comparison. */
function view(edge: FlowEdge): unknown[] {
  return [edge.from, edge.to, edge.kind, edge.targetName, span(edge.range)];
}

const RUNBOOK = lines(
  "schemaVersion: '0.3'", //               1
  'mainSteps:', //                         2
  '  - name: Start', //                    3   index 0
  '    action: aws:branch', //             4
  '    inputs:', //                        5
  '      Choices:', //                     6
  '        - NextStep: Fast', //           7
  "          Variable: '{{ Mode }}'", //   8
  '          StringEquals: fast', //       9
  '        - NextStep: Missing', //        10
  "          Variable: '{{ Mode }}'", //   11
  '          StringEquals: odd', //        12
  '      Default: Slow', //                13
  '  - name: Fast', //                     14  index 1
  '    action: aws:sleep', //              15
  '    nextStep: Done', //                 16
  '    onFailure: step:Recover', //        17
  '    onCancel: step:Gone', //            18
  '    inputs: {Duration: PT1S}', //       19
  '  - name: Slow', //                     20  index 2
  '    action: aws:loop', //               21
  '    onFailure: Continue', //            22
  '    inputs:', //                        23
  '      Iterators: [a, b]', //            24
  '      Steps:', //                       25
  '        - name: BodyOne', //            26  index 3
  '          action: aws:sleep', //        27
  '          inputs: {Duration: PT1S}', // 28
  '        - name: BodyTwo', //            29  index 4
  '          action: aws:sleep', //        30
  '          inputs: {Duration: PT1S}', // 31
  '  - name: Done', //                     32  index 5
  '    action: aws:sleep', //              33
  '    isEnd: true', //                    34
  '    inputs: {Duration: PT1S}', //       35
  '  - name: Recover', //                  36  index 6
  '    action: aws:sleep', //              37
  '    onFailure: Abort', //               38
  '    onCancel: Abort', //                39
  '    isEnd: true', //                    40
  '    inputs: {Duration: PT1S}', //       41
  '  - name: Orphan', //                   42  index 7
  '    action: aws:sleep', //              43
  '    inputs: {Duration: PT1S}', //       44
);

describe('buildControlFlow', () => {
  const runbook = runbookOf(RUNBOOK);
  const graph = buildControlFlow(runbook);

  it('has every edge, in step order, with the range where it is written', () => {
    expect(graph.edges.map(view)).toEqual([
      [0, 1, 'choice', 'Fast', [7, 21, 7, 25]],
      [0, undefined, 'choice', 'Missing', [10, 21, 10, 28]],
      [0, 2, 'default', 'Slow', [13, 16, 13, 20]],
      [1, 5, 'nextStep', 'Done', [16, 15, 16, 19]],
      [1, 6, 'onFailure', 'Recover', [17, 16, 17, 28]],
      [1, undefined, 'onCancel', 'Gone', [18, 15, 18, 24]],
      // The loop goes on past its body to the next step at its own level; its body is entered from its head.
      [2, 5, 'next', undefined, [20, 5, 20, 9]],
      [2, 3, 'loopBody', undefined, [20, 5, 20, 9]],
      // onFailure: Continue goes on to the next step, written at the Continue.
      [2, 5, 'onFailure', undefined, [22, 16, 22, 24]],
      // Inside the loop, steps follow each other; the last one returns to the loop (no edge out of the body).
      [3, 4, 'next', undefined, [26, 11, 26, 15]],
    ]);
  });

  it('gives isEnd steps and Abort transitions no edges', () => {
    expect(graph.successors(5)).toEqual([]);
    expect(graph.successors(6)).toEqual([]);
    expect(graph.successors(4)).toEqual([]);
  });

  it('lists successors per step and looks steps up by name', () => {
    expect(graph.successors(1).map((edge) => edge.to)).toEqual([5, 6, undefined]);
    expect(graph.indexOf('Recover')).toBe(6);
    expect(graph.indexOf('BodyTwo')).toBe(4);
    expect(graph.indexOf('Gone')).toBeUndefined();
  });

  it('reaches every step a path leads to, and not the step after an isEnd', () => {
    expect([...graph.reachable()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('buildControlFlow: sequences and branches', () => {
  it('follows plain step order', () => {
    const graph = buildControlFlow(
      runbookOf(
        lines(
          "schemaVersion: '0.3'",
          'mainSteps:',
          '  - {name: A, action: aws:sleep}',
          '  - {name: B, action: aws:sleep}',
          '  - {name: C, action: aws:sleep}',
        ),
      ),
    );
    expect(graph.edges.map((edge) => [edge.from, edge.to, edge.kind])).toEqual([
      [0, 1, 'next'],
      [1, 2, 'next'],
    ]);
    expect(graph.reachable()).toEqual(new Set([0, 1, 2]));
  });

  it('makes the step after nextStep unreachable unless something else leads to it', () => {
    const graph = buildControlFlow(
      runbookOf(
        lines(
          "schemaVersion: '0.3'",
          'mainSteps:',
          '  - {name: A, action: aws:sleep, nextStep: C}',
          '  - {name: B, action: aws:sleep}',
          '  - {name: C, action: aws:sleep}',
        ),
      ),
    );
    expect(graph.reachable()).toEqual(new Set([0, 2]));
  });

  it('lets a branch without Default fall through to the next step (aws:branch reference)', () => {
    const graph = buildControlFlow(
      runbookOf(
        lines(
          "schemaVersion: '0.3'",
          'mainSteps:',
          '  - name: Choose',
          '    action: aws:branch',
          '    inputs:',
          "      Choices: [{NextStep: Far, Variable: '{{ X }}', StringEquals: a}]",
          '  - {name: Near, action: aws:sleep, isEnd: true}',
          '  - {name: Far, action: aws:sleep}',
        ),
      ),
    );
    expect(graph.edges.map(view)).toEqual([
      [0, 2, 'choice', 'Far', [6, 28, 6, 31]],
      [0, 1, 'next', undefined, [3, 5, 3, 9]],
    ]);
    expect(graph.reachable()).toEqual(new Set([0, 1, 2]));
  });

  it('gives a branch with Default no fall-through edge', () => {
    const graph = buildControlFlow(
      runbookOf(
        lines(
          "schemaVersion: '0.3'",
          'mainSteps:',
          "  - {name: Choose, action: aws:branch, inputs: {Choices: [{NextStep: C, Variable: '{{ X }}', StringEquals: a}], Default: C}}",
          '  - {name: B, action: aws:sleep}',
          '  - {name: C, action: aws:sleep}',
        ),
      ),
    );
    expect(graph.edges.map((edge) => [edge.from, edge.to, edge.kind])).toEqual([
      [0, 2, 'choice'],
      [0, 2, 'default'],
      [1, 2, 'next'],
    ]);
    expect(graph.reachable()).toEqual(new Set([0, 2]));
  });

  it('reaches a cleanup step only through onFailure / onCancel targets', () => {
    const runbook = runbookOf(
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '  - {name: Work, action: aws:sleep, onCancel: "step:Cleanup", isEnd: true}',
        '  - {name: Cleanup, action: aws:sleep}',
      ),
    );
    const graph = buildControlFlow(runbook);
    expect(graph.edges.map(view)).toEqual([[0, 1, 'onCancel', 'Cleanup', [3, 47, 3, 61]]]);
    expect(graph.reachable()).toEqual(new Set([0, 1]));
  });

  it('does not follow onCancel: Continue (not allowed) or the last step onFailure: Continue', () => {
    const graph = buildControlFlow(
      runbookOf(
        lines(
          "schemaVersion: '0.3'",
          'mainSteps:',
          '  - {name: A, action: aws:sleep, onCancel: Continue, isEnd: true}',
          '  - {name: B, action: aws:sleep, onFailure: Continue}',
        ),
      ),
    );
    expect(graph.edges).toEqual([]);
    expect(graph.reachable()).toEqual(new Set([0]));
  });

  it('handles nested loops: each body stays inside its loop', () => {
    const runbook = runbookOf(
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '  - name: Outer',
        '    action: aws:loop',
        '    inputs:',
        '      Iterators: [1]',
        '      Steps:',
        '        - name: Inner',
        '          action: aws:loop',
        '          inputs:',
        '            Iterators: [2]',
        '            Steps:',
        '              - {name: Deep, action: aws:sleep}',
        '        - {name: AfterInner, action: aws:sleep}',
        '  - {name: AfterOuter, action: aws:sleep}',
      ),
    );
    expect(runbook.steps.map((step) => [step.name, step.loopParent])).toEqual([
      ['Outer', undefined],
      ['Inner', 'Outer'],
      ['Deep', 'Inner'],
      ['AfterInner', 'Outer'],
      ['AfterOuter', undefined],
    ]);
    const graph = buildControlFlow(runbook);
    expect(graph.edges.map((edge) => [edge.from, edge.to, edge.kind])).toEqual([
      [0, 4, 'next'],
      [0, 1, 'loopBody'],
      [1, 3, 'next'],
      [1, 2, 'loopBody'],
    ]);
    expect(graph.reachable()).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('starts at the first step and reaches nothing in an empty runbook', () => {
    expect(buildControlFlow(runbookOf(lines("schemaVersion: '0.3'", 'mainSteps: []'))).reachable()).toEqual(new Set());
  });

  it('resolves duplicate step names to the first step of that name', () => {
    const graph = buildControlFlow(
      runbookOf(
        lines(
          "schemaVersion: '0.3'",
          'mainSteps:',
          '  - {name: A, action: aws:sleep, nextStep: X}',
          '  - {name: X, action: aws:sleep, isEnd: true}',
          '  - {name: X, action: aws:sleep}',
        ),
      ),
    );
    expect(graph.indexOf('X')).toBe(1);
    expect(graph.reachable()).toEqual(new Set([0, 1]));
  });
});
