import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { analyzeRunbook } from '../../src/index.js';
import { defaultConfig } from '../../src/engine/config.js';
import type { Finding } from '../../src/engine/finding.js';
import { lintFiles } from '../../src/engine/lintFiles.js';
import { checkPipeline } from '../fuzz/checkPipeline.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

/** A runbook whose script is an attachment next to it, with findings from the script, the references and the flow. */
const WITH_ATTACHMENT = `schemaVersion: '0.3'
parameters:
  InstanceId: { type: String }
mainSteps:
  - name: Report
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: report.handler
      Attachment: report.py
      InputPayload: { Instance: '{{ InstanceID }}' }
    isEnd: true
  # runbook-iam-disable-next-line unreachable-step -- kept for the next release
  - name: Orphan
    action: aws:sleep
    inputs: { Duration: PT1S }
  - name: Orphan2
    action: aws:sleep
    inputs: { Duration: PT1S }
files:
  report.py:
    checksums: { sha256: '0000' }
`;

const SCRIPT = `import boto3

def handler(events, context):
    ec2 = boto3.client('ec2')
    return ec2.describe_instances(InstanceIds=[events['Instance']])
`;

function keyed(findings: readonly Finding[]): string[] {
  return findings
    .map(
      (finding) =>
        `${finding.range.file}:${finding.range.startLine}:${finding.range.startColumn} ${finding.ruleId} ${finding.message}`,
    )
    .sort();
}

describe('one pipeline: lint, the library API and the fuzz pipeline give the same findings', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-same-');
    dir.write('runbooks/report.yaml', WITH_ATTACHMENT);
    dir.write('runbooks/report.py', SCRIPT);
    dir.write('cfn/restart-instance.yaml', readFileSync(join(EXAMPLES, 'cfn', 'restart-instance.yaml'), 'utf8'));
  });
  afterAll(() => dir.remove());

  for (const file of ['runbooks/report.yaml', 'cfn/restart-instance.yaml']) {
    it(file, async () => {
      const path = dir.file(file);
      const text = readFileSync(path, 'utf8');
      const lint = await lintFiles({ paths: [path], cwd: dir.path, config: defaultConfig(dir.path), rules });
      const library = await analyzeRunbook(text, path, { cwd: dir.path });
      const fuzz = await checkPipeline(path, text, dir.path);

      const fromLint = keyed(lint.findings);
      expect(fromLint.length).toBeGreaterThan(0);
      expect(keyed(library.runbooks.flatMap((runbook) => runbook.findings))).toEqual(fromLint);
      expect(keyed(fuzz.findings)).toEqual(fromLint);
    });
  }

  it('reads the attachment and applies the suppression in every path (what the runbook above exercises)', async () => {
    const path = dir.file('runbooks/report.yaml');
    const library = await analyzeRunbook(readFileSync(path, 'utf8'), path, { cwd: dir.path });
    const [runbook] = library.runbooks;
    const actions = runbook?.permissions.flatMap((step) => step.needs.map((need) => need.action)) ?? [];
    expect(actions).toContain('ec2:DescribeInstances');
    const ids = runbook?.findings.map((finding) => `${finding.ruleId} ${finding.step ?? ''}`) ?? [];
    expect(ids).toContain('undefined-reference Report');
    expect(ids).toContain('unreachable-step Orphan2');
    expect(ids).not.toContain('unreachable-step Orphan');
    expect(ids.some((id) => id.startsWith('script-analysis-incomplete'))).toBe(false);
  });

  it('evaluates the role the template links, as lint does', async () => {
    const path = dir.file('cfn/restart-instance.yaml');
    const library = await analyzeRunbook(readFileSync(path, 'utf8'), path, { cwd: dir.path });
    expect(library.runbooks.map((runbook) => runbook.resource)).toEqual(['RestartInstanceRunbook']);
    const ids = library.runbooks.flatMap((runbook) => runbook.findings.map((finding) => finding.ruleId));
    expect(ids).toContain('trust-policy-confused-deputy');
  });
});
