import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childOf } from '../../src/parse/documentNode.js';
import { extractTerraform } from '../../src/parse/extract/extractRunbooks.js';
import { blankTemplateDirectives } from '../../src/parse/templateDirectives.js';

describe('extractTerraform', () => {
  it('reads the example: heredoc content at its .tf lines with the role from the parameter default, and file() content as its own file', async () => {
    const file = 'examples/terraform/main.tf';
    const extraction = await extractTerraform(file, readFileSync(file, 'utf8'));
    expect(extraction.template).toBe('terraform');
    const [heredoc, fromFile] = extraction.runbooks;
    expect(heredoc).toMatchObject({ name: 'aws_ssm_document.restart_instance', file, positions: 'exact' });
    const mainSteps = childOf(heredoc?.root, 'mainSteps');
    expect(mainSteps?.kind === 'seq' && mainSteps.items[1]?.range).toMatchObject({ startLine: 24, startColumn: 9 });
    expect(heredoc?.linkedRole).toMatchObject({
      source: 'Terraform aws_iam_role.restart_instance',
      roleName: 'restart-instance-automation',
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess'],
      trustPolicy: {
        Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['ssm.amazonaws.com'] } }],
      },
    });
    expect(heredoc?.linkedRole?.inlinePolicies.map((policy) => policy.origin)).toEqual([
      'aws_iam_role_policy.restart_instance',
    ]);
    expect(fromFile).toMatchObject({
      name: 'aws_ssm_document.tag_instance',
      file: join('examples/terraform', 'tag-instance.yaml'),
      templateFile: file,
    });
  });

  it('reads jsonencode({...}) content, places steps at their name line, and links through a Config remediation', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'runbook-iam-tf-'));
    const text = [
      'resource "aws_ssm_document" "fix" {', // 1
      '  document_type = "Automation"', // 2
      '  content = jsonencode({', // 3
      '    schemaVersion = "0.3"', // 4
      '    assumeRole    = "{{ AutomationAssumeRole }}"', // 5
      '    parameters    = { AutomationAssumeRole = { type = "String" } }', // 6
      '    mainSteps = [', // 7
      '      {', // 8
      '        name   = "first"', // 9
      '        action = "aws:sleep"', // 10
      '        inputs = { Duration = "PT1S" }', // 11
      '      },', // 12
      '    ]',
      '  })',
      '}',
    ].join('\n');
    writeFileSync(
      join(directory, 'iam.tf'),
      [
        'resource "aws_config_remediation_configuration" "fix" {',
        '  config_rule_name = "r"',
        '  target_type      = "SSM_DOCUMENT"',
        '  target_id        = aws_ssm_document.fix.name',
        '  parameter {',
        '    name         = "AutomationAssumeRole"',
        '    static_value = aws_iam_role.fixer.arn',
        '  }',
        '}',
        'resource "aws_iam_role" "fixer" {',
        '  assume_role_policy = "{}"',
        '  inline_policy {',
        '    name   = "inline"',
        '    policy = <<-JSON',
        '      {"Version": "2012-10-17", "Statement": []}',
        '    JSON',
        '  }',
        '}',
      ].join('\n'),
    );
    const file = join(directory, 'ssm.tf');
    writeFileSync(file, text);
    const extraction = await extractTerraform(file, text);
    const [runbook] = extraction.runbooks;
    expect(runbook?.positions).toBe('collapsed');
    const mainSteps = childOf(runbook?.root, 'mainSteps');
    expect(mainSteps?.kind === 'seq' && mainSteps.items[0]?.range.startLine).toBe(9);
    expect(runbook?.linkedRole).toMatchObject({
      source: 'Terraform aws_iam_role.fixer',
      via: 'AutomationAssumeRole given by aws_config_remediation_configuration.fix',
      inlinePolicies: [{ name: 'inline', document: { Version: '2012-10-17', Statement: [] } }],
    });
  });

  it('reports invalid HCL with its line, and a missing content file as not analysable', async () => {
    const broken = await extractTerraform('broken.tf', 'resource "aws_ssm_document" "x" {\n');
    expect(broken.problems[0]).toMatchObject({
      file: 'broken.tf',
      message: expect.stringMatching(/^Invalid Terraform \(HCL\): .*Unclosed configuration block/),
    });
    const missing = await extractTerraform(
      '/nonexistent/m.tf',
      'resource "aws_ssm_document" "x" {\n  document_type = "Automation"\n  content = file("${path.module}/gone.yaml")\n}\n',
    );
    expect(missing.unanalysable[0]).toMatchObject({
      name: 'aws_ssm_document.x',
      reason: expect.stringContaining('cannot be read (no such file or directory)'),
      range: { startLine: 3 },
    });
  });

  it('blanks templatefile directives without moving lines or columns', () => {
    const text = 'a: 1\n%{ if x ~}\nb: ${y}\nc: ${ y == "" ? 1 : 2 }\n%{ endif }\n';
    const blanked = blankTemplateDirectives(text);
    expect(blanked).toBe('a: 1\n          \nb: ${y}\nc: ${_________________}\n          \n');
    expect(blanked.length).toBe(text.length);
  });
});
