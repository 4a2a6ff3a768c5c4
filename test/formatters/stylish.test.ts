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

  it('prints line:col, severity, [step] message and rule id in aligned columns', () => {
    const rows = lines.slice(1, 5).filter((line) => !line.trimStart().startsWith('Fix:'));
    expect(rows).toEqual([
      '    1:1   error    [Restart] Step "Restart" passes any role: iam:PassRole on "*".       pass-role-wildcard',
      '   12:10  warning  Grant 100% of s3:GetObject, not s3:* then retry: done                missing-assume-role',
      '  120:3   note     [Überprüfen] Step «Überprüfen» 检查 has no timeoutSeconds; set one.  step-timeout-missing',
    ]);
    // The rule id column starts at the same display column on every row, wide CJK characters included.
    const ruleColumns = rows.map((row) => displayWidth(row.slice(0, row.lastIndexOf('  ') + 2)));
    expect(new Set(ruleColumns).size).toBe(1);
    // The colon of line:col lines up.
    expect(new Set(rows.map((row) => row.indexOf(':'))).size).toBe(1);
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
