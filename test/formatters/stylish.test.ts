import { describe, expect, it } from 'vitest';
import { stylish } from '../../src/formatters/stylish.js';
import { displayWidth } from '../../src/formatters/displayWidth.js';
import { cleanReport, sampleContext, sampleReport } from './sampleReport.js';

// eslint-disable-next-line no-control-regex -- detecting ANSI escape sequences is the point of this test.
const ANSI = /\u001b\[/;

describe('stylish', () => {
  const output = stylish(sampleReport(), sampleContext());
  const lines = output.split('\n');

  it('groups findings under a relative file header, in the engine order', () => {
    expect(lines[0]).toBe('runbooks/restart.yaml');
    const headers = lines.filter((line) => line !== '' && !line.startsWith(' '));
    expect(headers.slice(0, 4)).toEqual([
      'runbooks/restart.yaml',
      'other dir/patch,all.json',
      'broken.yml',
      'package.json',
    ]);
    expect(output.indexOf('pass-role-wildcard')).toBeLessThan(output.indexOf('step-timeout-missing'));
  });

  it('prints line:col, severity, [step] message and the rule id right after the message, as ESLint does', () => {
    const rows = lines.slice(1, 5).filter((line) => !line.trimStart().startsWith('Fix:'));
    expect(rows).toEqual([
      '    1:1   error    [Restart] Step "Restart" passes any role: iam:PassRole on "*".  pass-role-wildcard',
      '   12:10  warning  Grant 100% of s3:GetObject, not s3:* then retry: done  missing-assume-role',
      '  120:3   note     [Überprüfen] Step «Überprüfen» 检查 has no timeoutSeconds; set one.  step-timeout-missing',
    ]);
    // The colon of line:col and the start of the message line up.
    expect(new Set(rows.map((row) => row.indexOf(':'))).size).toBe(1);
    expect(new Set(rows.map((row) => row.search(/ (\[|Grant)/))).size).toBe(1);
  });

  it('keeps every line under 200 columns: a long message is shortened with … and the output says so', () => {
    const report = sampleReport();
    const long = `${'Step Restart needs many permissions '.repeat(12)}and this is the end.`;
    report.findings = [{ ...report.findings[0]!, message: long, fix: 'x '.repeat(150) }];
    report.runNotes = ['word '.repeat(100)];
    const text = stylish(report, sampleContext());
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThan(200);
    const row = text.split('\n')[1]!;
    expect(row).toMatch(/^ {2}1:1 {2}error {2}\[Restart\] Step Restart needs many .*… {2}pass-role-wildcard$/);
    expect(text).toContain(
      'Note: Messages too long for one line end with …; --format json or sarif shows them in full.',
    );
    expect(stylish(sampleReport(), sampleContext())).not.toContain('too long for one line');
    // Prose is split at spaces, not cut: every word of the note is still there.
    expect(text.match(/word/g)).toHaveLength(100);
  });

  it('shows a fix under the message column', () => {
    expect(lines[2]).toBe('                   Fix: Scope iam:PassRole to the instance profile role ARN.');
    expect(lines[2]?.indexOf('Fix:')).toBe(lines[1]?.indexOf('[Restart]'));
  });

  it('shows skipped files with a reason and leaves out those skipped silently', () => {
    expect(output).toContain('package.json\n  skipped  Not an Automation runbook: no schemaVersion "0.3".');
    expect(output).not.toContain('tsconfig.json');
  });

  it('shows an unreadable file without findings with its reason', () => {
    const report = sampleReport();
    report.findings = report.findings.filter((finding) => finding.ruleId !== 'parse-error');
    expect(stylish(report, sampleContext())).toContain('broken.yml\n  error  YAML syntax error at line 7.');
  });

  it('ends with the summary and the run notes once, without trailing spaces', () => {
    expect(output).toContain('\n✖ 5 problems (2 errors, 2 warnings, 1 note)\n');
    expect(output.endsWith('\nNote: Role checks were skipped: pass --role or --aws to compare with the role.\n')).toBe(
      true,
    );
    expect(output.split('Role checks were skipped').length).toBe(2);
    expect(lines.filter((line) => line !== line.trimEnd())).toEqual([]);
  });

  it('flattens newlines and escapes control characters from runbook text', () => {
    const report = sampleReport();
    report.findings = [{ ...report.findings[0]!, message: 'evil\u001b[31mred\rback', fix: undefined }];
    const text = stylish(report, sampleContext());
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('evil\\u{1b}[31mred back');
  });

  it('prints file and step names from the input as text: no escape sequence, no line that GitHub reads as a command', () => {
    const report = sampleReport();
    const forged =
      '/repo/x\n::error file=app.js,line=1::forged\u001b]8;;https://evil.example\u0007link\u009b2J\u2028y.yaml';
    report.findings = [
      { ...report.findings[0]!, range: { ...report.findings[0]!.range, file: forged }, step: 'a\n::warning::b' },
      { ...report.findings[1]!, range: { ...report.findings[1]!.range, file: '/repo/::notice::hi.yaml' } },
    ];
    report.files = [{ path: '/repo/\u001b[2J::error::skipped.yaml', status: 'skipped', reason: 'why\n::error::x' }];
    report.runNotes = ['note\n::error::y'];
    for (const color of [false, true]) {
      const text = stylish(report, sampleContext({ color }));
      // eslint-disable-next-line no-control-regex -- no control character but the colour codes and new lines.
      expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028]/);
      // eslint-disable-next-line no-control-regex -- stripping colour codes.
      for (const line of text.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) expect(line.trimStart()).not.toMatch(/^::/);
    }
    const text = stylish(report, sampleContext());
    expect(text).toContain(
      'x ::error file=app.js,line=1::forged\\u{1b}]8;;https:/evil.example\\u{7}link\\u{9b}2J\\u{2028}y.yaml',
    );
    expect(text).toContain('\n./::notice::hi.yaml\n');
    expect(text).toContain('[a ::warning::b]');
  });

  it('uses no ANSI codes without colour and some with colour', () => {
    expect(output).not.toMatch(ANSI);
    const coloured = stylish(sampleReport(), sampleContext({ color: true }));
    expect(coloured).toMatch(ANSI);
    // Colour changes nothing but the escape codes.
    // eslint-disable-next-line no-control-regex -- stripping ANSI escape sequences.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(output);
  });

  it('says so when there is nothing to report', () => {
    expect(stylish(cleanReport(), sampleContext())).toBe('No problems found in 2 files.\n');
    expect(
      stylish({ files: [{ path: '/repo/a.yaml', status: 'analyzed' }], findings: [], runNotes: [] }, sampleContext()),
    ).toBe('No problems found in 1 file.\n');
  });

  it('counts a single problem in the singular', () => {
    const report = sampleReport();
    report.findings = report.findings.slice(1, 2);
    expect(stylish(report, sampleContext())).toContain('✖ 1 problem (0 errors, 1 warning, 0 notes)');
  });
});

describe('stylish, a path longer than a line', () => {
  it('keeps the end of the path and every line under 200 columns', () => {
    const context = sampleContext();
    const file = `${context.cwd}/${'deep/'.repeat(60)}runbook.yaml`;
    const report = {
      files: [{ path: file, status: 'analyzed' as const }],
      findings: [
        {
          ruleId: 'unreachable-step',
          severity: 'warning' as const,
          message: 'Step Late never runs: no step leads to it.',
          range: { file, startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 },
        },
      ],
      runNotes: [],
    };
    const lines = stylish(report, context).split('\n');
    expect(lines.every((line) => displayWidth(line) < 200)).toBe(true);
    expect(lines.some((line) => line.startsWith('…') && line.endsWith('deep/runbook.yaml'))).toBe(true);
  });
});
