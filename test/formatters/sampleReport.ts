import type { Finding, LintReport } from '../../src/engine/finding.js';
import type { RuleMeta } from '../../src/engine/rule.js';
import type { FormatContext } from '../../src/formatters/formatContext.js';

/** A hand-built project root; absolute so paths in the report can be made relative to it. */
export const CWD = '/repo';

export const RULES: RuleMeta[] = [
  {
    id: 'pass-role-wildcard',
    shortDescription: 'iam:PassRole is granted on every role.',
    fullDescription:
      'A role that may pass any role can escalate its own privileges by handing a stronger role to a service.',
    defaultSeverity: 'error',
    tags: ['security', 'least-privilege'],
    awsDocs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
  },
  {
    id: 'missing-assume-role',
    shortDescription: 'The runbook has no assumeRole.',
    fullDescription: 'Without assumeRole, Automation runs with the permissions of the user who started it.',
    defaultSeverity: 'warning',
    tags: ['security'],
    awsDocs: [],
  },
  {
    id: 'step-timeout-missing',
    shortDescription: 'A step has no timeoutSeconds.',
    fullDescription: 'Steps without timeoutSeconds can wait for a long time before failing.',
    defaultSeverity: 'note',
    tags: ['reliability'],
    awsDocs: [],
  },
  {
    id: 'parse-error',
    shortDescription: 'The file could not be parsed.',
    fullDescription: 'The file is not valid YAML or JSON, so nothing else could be checked.',
    defaultSeverity: 'error',
    tags: ['correctness'],
    awsDocs: [],
  },
];

export function sampleContext(overrides: Partial<FormatContext> = {}): FormatContext {
  return { toolName: 'runbook-iam', toolVersion: '0.1.0', rules: RULES, cwd: CWD, color: false, ...overrides };
}

export const TRICKY_MESSAGE = 'Grant 100% of s3:GetObject, not s3:*\nthen retry: done';

export function sampleFindings(): Finding[] {
  return [
    {
      ruleId: 'pass-role-wildcard',
      severity: 'error',
      message: 'Step "Restart" passes any role: iam:PassRole on "*".',
      range: { file: '/repo/runbooks/restart.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 14 },
      step: 'Restart',
      fix: 'Scope iam:PassRole to the instance profile role ARN.',
    },
    {
      ruleId: 'missing-assume-role',
      severity: 'warning',
      message: TRICKY_MESSAGE,
      range: { file: '/repo/runbooks/restart.yaml', startLine: 12, startColumn: 10, endLine: 12, endColumn: 30 },
    },
    {
      ruleId: 'step-timeout-missing',
      severity: 'note',
      message: 'Step «Überprüfen» 检查 has no timeoutSeconds; set one.',
      range: { file: '/repo/runbooks/restart.yaml', startLine: 120, startColumn: 3, endLine: 120, endColumn: 3 },
      step: 'Überprüfen',
    },
    {
      ruleId: 'missing-assume-role',
      severity: 'warning',
      message: 'The runbook has no assumeRole; add assumeRole: "{{ AutomationAssumeRole }}".',
      range: { file: '/repo/other dir/patch,all.json', startLine: 4, startColumn: 2, endLine: 6, endColumn: 1 },
    },
    {
      ruleId: 'parse-error',
      severity: 'error',
      message: 'YAML syntax error: unexpected end of the stream within a flow collection.',
      range: { file: '/repo/broken.yml', startLine: 7, startColumn: 5, endLine: 7, endColumn: 5 },
    },
  ];
}

export function sampleReport(): LintReport {
  return {
    files: [
      { path: '/repo/runbooks/restart.yaml', status: 'analyzed' },
      { path: '/repo/other dir/patch,all.json', status: 'analyzed' },
      { path: '/repo/broken.yml', status: 'error', reason: 'YAML syntax error at line 7.' },
      { path: '/repo/package.json', status: 'skipped', reason: 'Not an Automation runbook: no schemaVersion "0.3".' },
      { path: '/repo/tsconfig.json', status: 'skipped' },
    ],
    findings: sampleFindings(),
    runNotes: ['Role checks were skipped: pass --role or --aws to compare with the role.'],
  };
}

export function cleanReport(): LintReport {
  return {
    files: [
      { path: '/repo/a.yaml', status: 'analyzed' },
      { path: '/repo/b.yaml', status: 'analyzed' },
    ],
    findings: [],
    runNotes: [],
  };
}
