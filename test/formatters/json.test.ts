import { describe, expect, it } from 'vitest';
import { json, type JsonOutput } from '../../src/formatters/json.js';
import { cleanReport, sampleContext, sampleReport, TRICKY_MESSAGE } from './sampleReport.js';

describe('json', () => {
  const text = json(sampleReport(), sampleContext());
  const output = JSON.parse(text) as JsonOutput;

  it('is pretty-printed with two spaces and a trailing newline', () => {
    expect(text.startsWith('{\n  "version": 1,\n  "tool": {\n    "name"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('has the documented top-level shape', () => {
    expect(Object.keys(output)).toEqual(['version', 'tool', 'files', 'results', 'runNotes']);
    expect(output.version).toBe(1);
    expect(output.tool).toEqual({ name: 'runbook-iam', version: '0.1.0' });
    expect(output.runNotes).toEqual(['Role checks were skipped: pass --role or --aws to compare with the role.']);
  });

  it('lists every file with its status, and a reason only when there is one', () => {
    expect(output.files).toEqual([
      { path: '/repo/runbooks/restart.yaml', status: 'analyzed' },
      { path: '/repo/other dir/patch,all.json', status: 'analyzed' },
      { path: '/repo/broken.yml', status: 'error', reason: 'YAML syntax error at line 7.' },
      { path: '/repo/package.json', status: 'skipped', reason: 'Not an Automation runbook: no schemaVersion "0.3".' },
      { path: '/repo/tsconfig.json', status: 'skipped' },
    ]);
  });

  it('keeps findings in order, with step null when absent and the message verbatim', () => {
    expect(output.results.map((result) => result.ruleId)).toEqual([
      'pass-role-wildcard',
      'missing-assume-role',
      'step-timeout-missing',
      'missing-assume-role',
      'parse-error',
    ]);
    expect(output.results[0]).toEqual({
      ruleId: 'pass-role-wildcard',
      severity: 'error',
      message: 'Step "Restart" passes any role: iam:PassRole on "*".',
      file: '/repo/runbooks/restart.yaml',
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 14,
      step: 'Restart',
      fix: 'Scope iam:PassRole to the instance profile role ARN.',
      docsUrl: 'https://github.com/runbook-iam/runbook-iam/blob/main/docs/rules/pass-role-wildcard.md',
    });
    expect(output.results[1]).toMatchObject({ message: TRICKY_MESSAGE, step: null });
    expect(Object.keys(output.results[1]!)).not.toContain('fix');
    expect(output.results[2]?.step).toBe('Überprüfen');
  });

  it('renders an empty report', () => {
    const empty = JSON.parse(json(cleanReport(), sampleContext())) as JsonOutput;
    expect(empty.results).toEqual([]);
    expect(empty.runNotes).toEqual([]);
  });
});
