import { describe, expect, it } from 'vitest';
import { github } from '../../src/formatters/github.js';
import { cleanReport, sampleContext, sampleReport } from './sampleReport.js';

describe('github', () => {
  const lines = github(sampleReport(), sampleContext()).split('\n');

  it('writes one annotation per finding with a relative path and the rule id as title', () => {
    expect(lines[0]).toBe(
      '::error file=runbooks/restart.yaml,line=1,col=1,endLine=1,endColumn=14,title=pass-role-wildcard::' +
        'Step "Restart" passes any role: iam:PassRole on "*".%0AFix: Scope iam:PassRole to the instance profile role ARN.',
    );
    expect(lines.slice(0, 5).map((line) => line.slice(0, line.indexOf(' ')))).toEqual([
      '::error',
      '::warning',
      '::notice',
      '::warning',
      '::error',
    ]);
  });

  it('escapes %, CR and LF in the message and additionally : and , in properties', () => {
    const report = sampleReport();
    report.findings = [
      {
        ruleId: 'rule:a,b',
        severity: 'warning',
        message: '100% done: a, b\r\nnext %0A',
        range: { file: '/repo/dir:x/a,b%.yaml', startLine: 3, startColumn: 2, endLine: 3, endColumn: 9 },
      },
    ];
    expect(github(report, sampleContext()).split('\n')[0]).toBe(
      '::warning file=dir%3Ax/a%2Cb%25.yaml,line=3,col=2,endLine=3,endColumn=9,title=rule%3Aa%2Cb::100%25 done: a, b%0D%0Anext %250A',
    );
  });

  it('keeps every command on one line and writes terminal control sequences as visible escapes', () => {
    const report = sampleReport();
    report.findings = [
      {
        ruleId: 'r',
        severity: 'error',
        message: 'step a\n::error file=app.js,line=1::forged\u001b]0;title\u0007\u009b2J\u2028end',
        range: { file: '/repo/x\n::warning::y\u001b[2J.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      },
    ];
    report.files = [];
    report.runNotes = ['note\r\n::error::z'];
    const text = github(report, sampleContext());
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(0, 2)) expect(line).toMatch(/^::(error|notice) /);
    // eslint-disable-next-line no-control-regex -- no control character but the line ends.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028]/);
    expect(lines[0]).toBe(
      '::error file=x%0A%3A%3Awarning%3A%3Ay\\u{1b}[2J.yaml,line=1,col=1,endLine=1,endColumn=2,title=r::' +
        'step a%0A::error file=app.js,line=1::forged\\u{1b}]0;title\\u{7}\\u{9b}2J\\u{2028}end',
    );
    expect(lines[1]).toBe('::notice title=runbook-iam::note%0D%0A::error::z');
  });

  it('escapes the crafted sample message byte for byte', () => {
    expect(lines[1]).toBe(
      '::warning file=runbooks/restart.yaml,line=12,col=10,endLine=12,endColumn=30,title=missing-assume-role::' +
        'Grant 100%25 of s3:GetObject, not s3:*%0Athen retry: done',
    );
    expect(lines[3]?.startsWith('::warning file=other dir/patch%2Call.json,line=4,col=2,endLine=6,endColumn=1,')).toBe(
      true,
    );
  });

  it('widens a point to one column and keeps unicode as is', () => {
    expect(lines[2]).toBe(
      '::notice file=runbooks/restart.yaml,line=120,col=3,endLine=120,endColumn=4,title=step-timeout-missing::' +
        'Step «Überprüfen» 检查 has no timeoutSeconds; set one.',
    );
  });

  it('adds notices for skipped files and run notes, and ends with a plain summary', () => {
    expect(lines).toContain(
      '::notice file=package.json,title=runbook-iam::Skipped: Not an Automation runbook: no schemaVersion "0.3".',
    );
    expect(lines).toContain(
      '::notice title=runbook-iam::Role checks were skipped: pass --role or --aws to compare with the role.',
    );
    expect(lines.some((line) => line.includes('tsconfig.json'))).toBe(false);
    expect(lines.at(-2)).toBe('runbook-iam: 5 problems (2 errors, 2 warnings, 1 note) in 2 analyzed files.');
    expect(lines.at(-1)).toBe('');
  });

  it('reports an unreadable file that has no finding of its own', () => {
    const report = sampleReport();
    report.findings = [];
    expect(github(report, sampleContext()).split('\n')).toContain(
      '::error file=broken.yml,title=runbook-iam::YAML syntax error at line 7.',
    );
  });

  it('prints only the summary for a clean run', () => {
    expect(github(cleanReport(), sampleContext())).toBe('runbook-iam: no problems found in 2 files.\n');
  });
});
