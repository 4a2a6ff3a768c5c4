import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { isSuppressed, parseSuppressions } from '../../src/engine/suppressions.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { SourceText } from '../../src/parse/sourceText.js';
import { BAD_RUNBOOK, brief, lint } from '../helpers/lint.js';
import { lines } from '../helpers/parsed.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

const finding = (ruleId: string, line: number): Finding => ({
  ruleId,
  severity: 'error',
  message: 'm',
  range: { file: 'f.yaml', startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
});

describe('parseSuppressions', () => {
  const source = new SourceText(
    'f.yaml',
    lines(
      'a: 1', //                                                                          1
      '# runbook-iam-disable-next-line undefined-reference', //                           2
      'b: 2', //                                                                          3
      '  # runbook-iam-disable-next-line unknown-step-target, unreachable-step -- reason: cleanup is optional', // 4
      '', //                                                                              5
      '  # an ordinary comment', //                                                       6
      'c: 3', //                                                                          7
      'd: 4 # runbook-iam-disable-next-line', //                                          8
      'e: 5', //                                                                          9
      '# runbook-iam-disable-next-line -- no ids: every rule', //                         10
      'f: 6', //                                                                          11
      '# runbook-iam-disable invalid-runbook', //                                         12
    ),
  );
  const suppressions = parseSuppressions(source);

  it('suppresses the listed rules on the next line only', () => {
    expect(isSuppressed(finding('undefined-reference', 3), suppressions)).toBe(true);
    expect(isSuppressed(finding('unreachable-step', 3), suppressions)).toBe(false);
    expect(isSuppressed(finding('undefined-reference', 4), suppressions)).toBe(false);
  });

  it('takes comma-separated ids, ignores the -- reason, and skips blank and comment lines to the target', () => {
    expect(suppressions.byLine.get(7)).toEqual(new Set(['unknown-step-target', 'unreachable-step']));
    expect(isSuppressed(finding('unreachable-step', 7), suppressions)).toBe(true);
    expect(isSuppressed(finding('unreachable-step', 5), suppressions)).toBe(false);
    expect([...suppressions.byLine.values()].some((ids) => ids.has('reason:') || ids.has('cleanup'))).toBe(false);
  });

  it('suppresses every rule when no id is given, also after a value on the same line', () => {
    expect(suppressions.byLine.get(9)).toEqual(new Set(['*']));
    expect(isSuppressed(finding('anything', 9), suppressions)).toBe(true);
    expect(suppressions.byLine.get(11)).toEqual(new Set(['*']));
  });

  it('suppresses a rule in the whole file with runbook-iam-disable', () => {
    expect(suppressions.fileWide).toEqual(new Set(['invalid-runbook']));
    expect(isSuppressed(finding('invalid-runbook', 1), suppressions)).toBe(true);
    expect(isSuppressed(finding('invalid-runbook', 100), suppressions)).toBe(true);
  });

  it('finds nothing in a file without directives, and reads CRLF files alike', () => {
    expect(parseSuppressions(new SourceText('g.yaml', 'a: 1\n'))).toEqual({ fileWide: new Set(), byLine: new Map() });
    const crlf = parseSuppressions(new SourceText('h.yaml', '# runbook-iam-disable-next-line x\r\n\r\na: 1\r\n'));
    expect(crlf.byLine).toEqual(new Map([[3, new Set(['x'])]]));
  });
});

describe('suppressions in lintFiles', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-suppress-');
  });
  afterAll(() => dir.remove());

  it('drops the suppressed findings of a YAML runbook and keeps the others', async () => {
    const text = BAD_RUNBOOK.replace(
      '  - name: Second',
      '  # runbook-iam-disable-next-line unreachable-step -- kept for manual runs\n  - name: Second',
    );
    const path = dir.write('suppressed.yaml', text);
    const run = await lint([path], dir.path);
    expect(brief(run.findings)).toEqual([
      ['undefined-reference', 'error', 11, 22],
      ['undefined-reference', 'error', 11, 42],
    ]);
  });

  it('suppresses a rule in the whole file', async () => {
    const path = dir.write('file-wide.yaml', `# runbook-iam-disable undefined-reference\n${BAD_RUNBOOK}`);
    expect(brief((await lint([path], dir.path)).findings)).toEqual([['unreachable-step', 'warning', 13, 11]]);
  });

  it('ignores directive-like text in a JSON runbook (JSON has no comments)', async () => {
    const json = JSON.stringify(
      {
        schemaVersion: '0.3',
        description: '# runbook-iam-disable',
        mainSteps: [{ name: 'A', action: 'aws:sleep', inputs: { Duration: '{{ Missing }}' } }],
      },
      null,
      2,
    );
    const path = dir.write('runbook.json', json);
    const run = await lint([path], dir.path);
    expect(run.findings.map((found) => found.ruleId)).toEqual(['undefined-reference']);
  });
});

describe('directives inside block scalars', () => {
  it('a "# runbook-iam-disable" comment in an inline script is the script\'s, not a suppression', () => {
    const text = [
      "schemaVersion: '0.3'",
      'mainSteps:',
      '  - name: S',
      '    action: aws:executeScript',
      '    inputs:',
      '      Script: |',
      '        # runbook-iam-disable',
      '        print(1)',
      '  # runbook-iam-disable-next-line unreachable-step',
      '  - name: T',
      '    action: aws:sleep',
      '',
    ].join('\n');
    const parsed = parseDocument('s.yaml', text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const suppressions = parseSuppressions(parsed.document.source, parsed.document.root);
    expect([...suppressions.fileWide]).toEqual([]);
    expect([...(suppressions.byLine.get(10) ?? [])]).toEqual(['unreachable-step']);
  });
});
