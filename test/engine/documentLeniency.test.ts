import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../../src/engine/config.js';
import { lintFiles } from '../../src/engine/lintFiles.js';
import { brief, CORE_RULE_IDS } from '../helpers/lint.js';
import { lines } from '../helpers/parsed.js';
import { tempDir } from '../helpers/tempDir.js';

const dir = tempDir();
afterAll(() => dir.remove());

const RULE_IDS = [...CORE_RULE_IDS, 'duplicate-key', 'yaml-compatibility'];

function lintDir(paths: string[]) {
  return lintFiles({
    paths,
    cwd: dir.path,
    config: defaultConfig(dir.path),
    rules: rules.filter((rule) => RULE_IDS.includes(rule.meta.id)),
  });
}

describe('lint: documents read leniently', () => {
  it('analyses a file only YAML 1.1 parsers read, with findings at the right lines', async () => {
    const file = dir.write(
      'yaml11/runbook.yaml',
      lines(
        "schemaVersion: '0.3'", //                    1
        'mainSteps:', //                              2
        '  - name: Configure', //                     3
        '    action: aws:executeAwsApi', //           4
        '    inputs:', //                             5
        '      Service: ssm', //                      6
        '      Api: PutParameter', //                 7
        '      Tags: {', //                           8
        '      "Key": "owner", "Value": "ops"', //    9
        '      }', //                                 10
        '    nextStep: Finsh', //                     11
        '  - name: Finish', //                        12
        '    action: aws:sleep', //                   13
        "    inputs: {Duration: '{{ Wait }}'}", //    14
      ),
    );
    const run = await lintDir([file]);
    expect(run.hadInputErrors).toBe(false);
    expect(run.files).toEqual([{ path: file, status: 'analyzed' }]);
    expect(brief(run.findings)).toEqual([
      ['yaml-compatibility', 'note', 9, 7],
      ['unknown-step-target', 'error', 11, 15],
      ['unreachable-step', 'warning', 12, 11],
      ['undefined-reference', 'error', 14, 25],
    ]);
  });

  it('analyses a Terraform templatefile() source, with findings in both branches at their lines', async () => {
    const file = dir.write(
      'template/runbook.yaml',
      lines(
        "schemaVersion: '0.3'", //                                    1
        'mainSteps:', //                                              2
        '  - name: Stop', //                                          3
        '    action: aws:changeInstanceState', //                     4
        "    inputs: {InstanceIds: ['${id}'], DesiredState: stopped}", // 5
        '%{ if notify ~}', //                                         6
        '  - name: Notify', //                                        7
        '    action: aws:sleep', //                                   8
        '    onFailure: step:Cleanp', //                              9
        '    inputs: {Duration: PT1S}', //                            10
        '%{ endif ~}', //                                             11
        '  - name: Cleanup', //                                       12
        '    action: aws:sleep', //                                   13
        "    inputs: {Duration: '{{ Pause }}'}", //                   14
      ),
    );
    const run = await lintDir([file]);
    expect(run.hadInputErrors).toBe(false);
    expect(brief(run.findings)).toEqual([
      ['yaml-compatibility', 'note', 6, 1],
      ['unknown-step-target', 'error', 9, 16],
      ['undefined-reference', 'error', 14, 25],
    ]);
  });

  it('reports a duplicate key at both places and analyses the last value', async () => {
    const file = dir.write(
      'duplicate/runbook.yaml',
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '  - name: Stop',
        '    action: aws:sleep',
        "    inputs: {Duration: '{{ First }}'}",
        "    inputs: {Duration: '{{ Second }}'}",
      ),
    );
    const run = await lintDir([file]);
    expect(run.hadInputErrors).toBe(false);
    expect(brief(run.findings)).toEqual([
      ['duplicate-key', 'error', 5, 5],
      ['duplicate-key', 'error', 6, 5],
      ['undefined-reference', 'error', 6, 25],
    ]);
  });

  it('skips other Systems Manager documents with what they are, in a directory too, and other YAML silently', async () => {
    const base = 'kinds';
    const command = dir.write(
      `${base}/command.yaml`,
      lines("schemaVersion: '2.2'", 'mainSteps:', '  - action: aws:runShellScript', '    name: run'),
    );
    const session = dir.write(`${base}/session.json`, '{"schemaVersion": "1.0", "sessionType": "Port"}\n');
    const change = dir.write(
      `${base}/change.yaml`,
      lines("schemaVersion: '0.3'", 'templateInformation: x', 'executableRunbooks: []'),
    );
    const other = dir.write(`${base}/other.yaml`, 'name: something else\n');
    const run = await lintDir([dir.file(base)]);
    expect(run.hadInputErrors).toBe(false);
    expect(run.findings).toEqual([]);
    expect(run.files).toEqual([
      {
        path: change,
        status: 'skipped',
        reason:
          "a Change Manager change template; only Automation runbooks (schemaVersion '0.3' with mainSteps) are analysed",
      },
      {
        path: command,
        status: 'skipped',
        reason:
          "a Command document (schemaVersion '2.2'); only Automation runbooks (schemaVersion '0.3' with mainSteps) are analysed",
      },
      { path: other, status: 'skipped' },
      {
        path: session,
        status: 'skipped',
        reason:
          "a Session document (sessionType Port); only Automation runbooks (schemaVersion '0.3' with mainSteps) are analysed",
      },
    ]);
  });

  it('skips a template that is not YAML even without its directives, and keeps parse-error for broken YAML', async () => {
    const template = dir.write(
      'broken/template.yaml',
      lines("schemaVersion: '0.3'", '%{ if x ~}', 'mainSteps: [', '%{ endif ~}'),
    );
    const broken = dir.write('broken/runbook.yaml', lines("schemaVersion: '0.3'", 'mainSteps: [', 'x: 1'));
    const run = await lintDir([template, broken]);
    expect(run.files.find((file) => file.path === template)).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(
        /^a Terraform templatefile\(\) template \(%\{ if x ~\} at line 2\) that is not YAML/,
      ),
    });
    expect(run.files.find((file) => file.path === broken)?.status).toBe('error');
    expect(brief(run.findings)).toEqual([['parse-error', 'error', 3, 1]]);
    expect(run.hadInputErrors).toBe(true);
  });

  it('reports leniency inside CloudFormation templates at the template lines', async () => {
    const asString = dir.write(
      'cfn/string.yaml',
      lines(
        'Resources:', //                            1
        '  Doc:', //                                2
        '    Type: AWS::SSM::Document', //          3
        '    Properties:', //                       4
        '      DocumentType: Automation', //        5
        '      Content: |', //                      6
        "        schemaVersion: '0.3'", //          7
        '        mainSteps:', //                    8
        '          - name: Stop', //                9
        '            action: aws:sleep', //         10
        '            inputs: {Duration: PT1S}', //  11
        '            inputs: {Duration: PT2S}', //  12
      ),
    );
    const inline = dir.write(
      'cfn/inline.yaml',
      lines(
        'Resources:',
        '  Doc:',
        '    Type: AWS::SSM::Document',
        '    Properties:',
        '      DocumentType: Automation',
        '      Content:',
        "        schemaVersion: '0.3'",
        '        mainSteps:',
        '          - name: Stop',
        '            action: aws:sleep',
        '            inputs: {',
        '            "Duration": "PT1S"}',
      ),
    );
    const run = await lintDir([asString, inline]);
    expect(run.hadInputErrors).toBe(false);
    expect(run.findings.map((finding) => [finding.range.file, ...brief([finding])[0]!, finding.message])).toEqual([
      [inline, 'yaml-compatibility', 'note', 12, 13, expect.stringMatching(/^Not valid YAML 1\.2: /)],
      [
        asString,
        'duplicate-key',
        'error',
        11,
        13,
        'Key "inputs" is defined again at line 12, which replaces this value. Remove one of the two.',
      ],
      [
        asString,
        'duplicate-key',
        'error',
        12,
        13,
        'Key "inputs" is already defined at line 11; this later value replaces it. Remove one of the two.',
      ],
    ]);
  });

  it('names the .tf file that renders a template linted on its own', async () => {
    dir.write(
      'module/main.tf',
      lines(
        'resource "aws_ssm_document" "stop" {',
        '  name          = "stop"',
        '  document_type = "Automation"',
        '  content       = templatefile("${path.module}/templates/stop.yaml", { notify = true })',
        '}',
        'resource "aws_ssm_document" "broken" {',
        '  name          = "broken"',
        '  document_type = "Automation"',
        '  content       = templatefile("${path.module}/templates/broken.yaml", {})',
        '}',
      ),
    );
    const stop = dir.write(
      'module/templates/stop.yaml',
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '%{ if notify ~}',
        '  - name: Wait',
        '    action: aws:sleep',
        '%{ endif ~}',
      ),
    );
    const broken = dir.write('module/templates/broken.yaml', lines('a: [', '%{ if x ~}', '%{ endif ~}'));
    const run = await lintDir([stop, broken]);
    expect(run.hadInputErrors).toBe(false);
    expect(run.runNotes).toContain(
      `${stop}: a template rendered by module/main.tf; lint module/main.tf to check it as deployed.`,
    );
    expect(run.files.find((file) => file.path === broken)?.reason).toMatch(/ It is rendered by module\/main\.tf\.$/);
  });
});
