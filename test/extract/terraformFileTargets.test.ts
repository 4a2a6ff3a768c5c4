import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terraformFileTargets } from '../../src/parse/extract/terraformFileTargets.js';

describe('terraformFileTargets', () => {
  it('lists the literal paths of file() and templatefile() calls, relative to the .tf file', () => {
    const text = [
      'resource "aws_ssm_document" "a" {',
      '  content = file("${path.module}/docs/a.yaml")',
      '}',
      'resource "aws_ssm_document" "b" {',
      '  content = templatefile( "${path.root}/b.yml.tpl", { x = 1 })',
      '}',
      'locals { c = file("../shared/c.json") }',
    ].join('\n');
    expect(terraformFileTargets(join('infra', 'main.tf'), text)).toEqual([
      join('infra', 'docs', 'a.yaml'),
      join('infra', 'b.yml.tpl'),
      join('shared', 'c.json'),
    ]);
  });

  it('leaves out computed paths, which the extraction never reads', () => {
    const text = 'content = file("${path.module}/${var.name}.yaml")\ncontent = filebase64("x.yaml")';
    expect(terraformFileTargets('main.tf', text)).toEqual([]);
  });
});
