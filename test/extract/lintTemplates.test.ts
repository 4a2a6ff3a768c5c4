import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../../src/engine/config.js';
import { lintFiles } from '../../src/engine/lintFiles.js';

describe('lintFiles with templates', () => {
  it('finds runbooks inside CloudFormation and Terraform by content, reports findings at template lines, and lints a file() runbook once', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'runbook-iam-templates-'));
    mkdirSync(join(directory, 'cdk.out'));
    writeFileSync(
      join(directory, 'cdk.out', 'Stack.template.json'),
      JSON.stringify(
        {
          Resources: {
            Doc: {
              Type: 'AWS::SSM::Document',
              Properties: {
                DocumentType: 'Automation',
                Content: {
                  schemaVersion: '0.3',
                  mainSteps: [{ name: 'a', action: 'aws:sleep', inputs: { Duration: 'PT1S' }, nextStep: 'nowhere' }],
                },
              },
            },
          },
        },
        null,
        2,
      ),
    );
    writeFileSync(
      join(directory, 'runbook.yaml'),
      "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n    nextStep: gone\n",
    );
    writeFileSync(
      join(directory, 'main.tf'),
      'resource "aws_ssm_document" "d" {\n  document_type = "Automation"\n  content = file("${path.module}/runbook.yaml")\n}\n',
    );
    writeFileSync(join(directory, 'other.yaml'), 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    const run = await lintFiles({ paths: [directory], cwd: directory, config: defaultConfig(directory), rules });
    const byFile = Object.fromEntries(run.files.map((file) => [file.path.slice(directory.length + 1), file.status]));
    expect(byFile).toEqual({
      'main.tf': 'analyzed',
      'runbook.yaml': 'analyzed',
      'cdk.out/Stack.template.json': 'analyzed',
      'other.yaml': 'skipped',
    });
    const targets = run.findings.filter((finding) => finding.ruleId === 'unknown-step-target');
    expect(targets.map((finding) => [finding.range.file.slice(directory.length + 1), finding.range.startLine])).toEqual(
      [
        ['cdk.out/Stack.template.json', 16],
        ['runbook.yaml', 6],
      ],
    );
    expect(run.runNotes).toContain(
      '2 runbooks found inside CloudFormation/Terraform templates; 0 linked to a role defined in the same template.',
    );
  });
});
