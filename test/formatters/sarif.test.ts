import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multitoolPath, validateSarif } from '../../scripts/validateSarif.js';
import type { LintReport } from '../../src/engine/finding.js';
import { FINGERPRINT_KEY, sarif } from '../../src/formatters/sarif.js';
import { CWD, sampleContext, sampleReport } from './sampleReport.js';

/** Just enough of SARIF's shape to read what the formatter wrote back in the tests. */
interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: { name: string; version: string; semanticVersion?: string; informationUri: string; rules: Descriptor[] };
    };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: Notification[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Result[];
  }[];
}
interface Descriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; precision: string; 'problem.severity': string; 'security-severity': string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
}
interface Notification {
  level: string;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
}

function render(report: LintReport = sampleReport()): Sarif {
  return JSON.parse(sarif(report, sampleContext())) as Sarif;
}

describe('sarif', () => {
  const log = render();
  const run = log.runs[0]!;

  it('is one SARIF 2.1.0 run with the schemastore $schema', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'runbook-iam',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/runbook-iam/runbook-iam',
    });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
  });

  it('describes every registered rule for GitHub', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual([
      'pass-role-wildcard',
      'missing-assume-role',
      'step-timeout-missing',
      'parse-error',
    ]);
    const passRole = rules[0]!;
    expect(passRole.name).toBe('PassRoleWildcard');
    expect(passRole.shortDescription.text).toBe('iam:PassRole is granted on every role.');
    expect(passRole.helpUri).toBe(
      'https://github.com/runbook-iam/runbook-iam/blob/main/docs/rules/pass-role-wildcard.md',
    );
    expect(passRole.help.text).toContain(passRole.helpUri);
    expect(passRole.help.markdown).toContain(`](${passRole.helpUri})`);
    expect(passRole.help.markdown).toContain('id_roles_use_passrole.html');
    expect(passRole.defaultConfiguration.level).toBe('error');
    expect(passRole.properties.tags).toEqual(['security', 'least-privilege']);
    expect(passRole.properties.precision).toBe('high');
    expect(rules[2]!.properties.tags).not.toContain('security');
    expect(rules.map((rule) => rule.properties['problem.severity'])).toEqual([
      'error',
      'warning',
      'recommendation',
      'error',
    ]);
  });

  it('scores security-severity by severity: error high, warning medium, note low', () => {
    for (const rule of run.tool.driver.rules) {
      const score = rule.properties['security-severity'];
      expect(score).toMatch(/^\d+\.\d$/);
      const value = Number(score);
      if (rule.defaultConfiguration.level === 'error') expect(value).toBeGreaterThanOrEqual(8.0);
      if (rule.defaultConfiguration.level === 'warning') expect(value >= 5.0 && value <= 6.9).toBe(true);
      if (rule.defaultConfiguration.level === 'note') expect(value).toBeLessThanOrEqual(3.9);
    }
  });

  it('writes results in order with rule index, level and a location relative to %SRCROOT%', () => {
    expect(run.results.map((result) => [result.ruleId, result.ruleIndex, result.level])).toEqual([
      ['pass-role-wildcard', 0, 'error'],
      ['missing-assume-role', 1, 'warning'],
      ['step-timeout-missing', 2, 'note'],
      ['missing-assume-role', 1, 'warning'],
      ['parse-error', 3, 'error'],
    ]);
    const locations = run.results.map((result) => result.locations[0]!.physicalLocation);
    expect(locations.map((location) => location.artifactLocation)).toEqual([
      { uri: 'runbooks/restart.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'runbooks/restart.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'runbooks/restart.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'other%20dir/patch,all.json', uriBaseId: '%SRCROOT%' },
      { uri: 'broken.yml', uriBaseId: '%SRCROOT%' },
    ]);
    expect(locations[0]!.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 14 });
    expect(locations[2]!.region).toEqual({ startLine: 120, startColumn: 3, endLine: 120, endColumn: 4 });
    expect(run.results[1]!.message.text).toBe('Grant 100% of s3:GetObject, not s3:*\nthen retry: done');
    expect(run.results[0]!.message.text).toContain('\nFix: Scope iam:PassRole');
  });

  it('clamps regions to valid 1-based coordinates', () => {
    const report = sampleReport();
    report.findings = [
      {
        ...report.findings[0]!,
        range: { file: '/repo/a.yaml', startLine: 0, startColumn: 0, endLine: -3, endColumn: 0 },
      },
      {
        ...report.findings[0]!,
        range: { file: '/repo/a.yaml', startLine: 5, startColumn: 9, endLine: 5, endColumn: 2 },
      },
    ];
    const regions = render(report).runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.region);
    expect(regions).toEqual([
      { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      { startLine: 5, startColumn: 9, endLine: 5, endColumn: 10 },
    ]);
  });

  it('uses an absolute file URI for a file outside the working directory', () => {
    const report = sampleReport();
    report.findings = [
      { ...report.findings[0]!, range: { ...report.findings[0]!.range, file: '/elsewhere/x y.yaml' } },
    ];
    expect(render(report).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({
      uri: 'file:///elsewhere/x%20y.yaml',
    });
  });

  it('fingerprints findings by rule, file, step and key: not by line numbers, wording or path spelling', () => {
    const fingerprints = (report: LintReport): string[] =>
      render(report).runs[0]!.results.map((result) => result.partialFingerprints[FINGERPRINT_KEY]!);
    const original = fingerprints(sampleReport());
    expect(FINGERPRINT_KEY).toBe('runbookIam/v2');
    expect(original.every((fingerprint) => /^[0-9a-f]{32}:\d+$/.test(fingerprint))).toBe(true);
    expect(new Set(original).size).toBe(original.length);

    const moved = sampleReport();
    moved.findings = moved.findings.map((finding) => ({
      ...finding,
      message: `${finding.message} (reworded, quoting ./roles/a.json)`,
      range: {
        ...finding.range,
        file: `./${path.relative(CWD, finding.range.file)}`,
        startLine: finding.range.startLine + 40,
        endLine: finding.range.endLine + 40,
      },
    }));
    expect(fingerprints(moved)).toEqual(original);

    const otherKey = sampleReport();
    otherKey.findings[0] = { ...otherKey.findings[0]!, key: 'iam:PassRole' };
    const changed = fingerprints(otherKey);
    expect(changed[0]).not.toBe(original[0]);
    expect(changed.slice(1)).toEqual(original.slice(1));
  });

  it('numbers identical findings so they stay distinct', () => {
    const report = sampleReport();
    report.findings = [
      report.findings[1]!,
      { ...report.findings[1]!, range: { ...report.findings[1]!.range, startLine: 30, endLine: 30 } },
    ];
    const [first, second] = render(report).runs[0]!.results.map(
      (result) => result.partialFingerprints[FINGERPRINT_KEY]!,
    );
    expect(first?.endsWith(':1')).toBe(true);
    expect(second).toBe(`${first!.slice(0, -2)}:2`);
  });

  it('reports unreadable files, skipped files with a reason and run notes as notifications', () => {
    const invocation = run.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'YAML syntax error at line 7.' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.yml', uriBaseId: '%SRCROOT%' } } }],
      },
      {
        level: 'note',
        message: { text: 'Not an Automation runbook: no schemaVersion "0.3".' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'package.json', uriBaseId: '%SRCROOT%' } } }],
      },
      { level: 'note', message: { text: 'Role checks were skipped: pass --role or --aws to compare with the role.' } },
    ]);
  });

  it('adds a descriptor for a rule id the registry does not know', () => {
    const report = sampleReport();
    report.findings = [
      { ...report.findings[0]!, ruleId: 'internal-error' },
      { ...report.findings[1]!, ruleId: 'internal-error' },
    ];
    const other = render(report).runs[0]!;
    expect(other.tool.driver.rules).toHaveLength(5);
    expect(other.tool.driver.rules[4]).toMatchObject({ id: 'internal-error', name: 'InternalError' });
    expect(other.results.map((result) => result.ruleIndex)).toEqual([4, 4]);
  });

  it('omits semanticVersion when the tool version is not semver', () => {
    const text = sarif(sampleReport(), sampleContext({ toolVersion: 'dev build' }));
    expect((JSON.parse(text) as Sarif).runs[0]!.tool.driver.semanticVersion).toBeUndefined();
  });
});

/** The SARIF 2.1.0 JSON schema shipped inside the Microsoft SARIF multitool package. */
const schemaPath = path.join(path.dirname(multitoolPath), 'sarif-2.1.0.json');

/** The sample report plus the awkward cases: a file outside the working directory, an unregistered rule, a zero range. */
function awkwardReport(): LintReport {
  const report = sampleReport();
  const [first] = report.findings;
  report.findings.push(
    {
      ...first!,
      ruleId: 'internal-error',
      range: { file: '/elsewhere/x y.yaml', startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 },
    },
    {
      ...first!,
      step: undefined,
      range: { file: '/repo/dir/ü #1?.yaml', startLine: 3, startColumn: 4, endLine: 2, endColumn: 1 },
    },
  );
  return report;
}

describe('sarif validity', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'runbook-iam-sarif-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('matches the SARIF 2.1.0 JSON schema', async () => {
    const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // The schema uses these formats; ajv-formats is not a dependency, so check them here.
    ajv.addFormat('uri', (value: string) => URL.canParse(value));
    ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
    ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
    ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const validate = ajv.compile(schema);
    const valid = validate(JSON.parse(sarif(awkwardReport(), sampleContext())));
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('passes the SARIF multitool validator with the SARIF and GitHub rules, without errors or warnings', async () => {
    const input = path.join(directory, 'report.sarif');
    await writeFile(input, sarif(awkwardReport(), sampleContext()));
    const problems = await validateSarif(input);
    expect(problems).toEqual([]);
  }, 60_000);
});
