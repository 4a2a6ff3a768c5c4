import { parse } from '@cdktf/hcl2json';
import { afterAll, describe, expect, it } from 'vitest';
import { HclParser } from '../../src/parse/extract/hclParser.js';
import { LONG_HEREDOC_LINES, MAX_HCL_NESTING, prescanHcl } from '../../src/parse/extract/hclPrescan.js';

describe('prescanHcl', () => {
  it('counts brackets in code and in templates inside strings and heredocs, not in literal text', () => {
    const deep = (open: string, close: string, n: number): string => open.repeat(n) + close.repeat(n);
    expect(prescanHcl(`x = ${deep('[', ']', MAX_HCL_NESTING - 1)}\n`).ok).toBe(true);
    expect(prescanHcl(`x = ${deep('[', ']', MAX_HCL_NESTING + 1)}\n`)).toMatchObject({
      ok: false,
      line: 1,
      column: 261,
    });
    expect(prescanHcl(`x = "\${${deep('(', ')', MAX_HCL_NESTING + 1)}}"\n`).ok).toBe(false);
    expect(prescanHcl(`x = <<EOT\n\${${deep('{', '}', MAX_HCL_NESTING + 1)}}\nEOT\n`).ok).toBe(false);
    // Literal text: a string, a heredoc body, a comment, escaped templates ($${ and %%{).
    const literal = '['.repeat(MAX_HCL_NESTING + 1);
    for (const text of [
      `x = "${literal}"\n`,
      `x = <<EOT\n${literal}\nEOT\n`,
      `# ${literal}\nx = 1\n`,
      `/* ${literal}\n */ x = 1\n`,
      `x = "$\${${literal}}"\n`,
    ])
      expect(prescanHcl(text).ok).toBe(true);
  });

  it('reports an unterminated heredoc at its opening marker', () => {
    expect(prescanHcl('a = 1\nb = <<-EOT\n  text\n  EOTX\n')).toEqual({
      ok: false,
      message: 'the heredoc <<-EOT is never closed (no line holding only EOT)',
      line: 2,
      column: 5,
    });
  });

  it('replaces only long heredocs, keeping every line where it was', () => {
    const short = 'a = <<EOT\none\nEOT\n';
    expect(prescanHcl(short)).toEqual({ ok: true, text: short, heredocs: new Map() });
    const body = Array.from({ length: LONG_HEREDOC_LINES + 1 }, (_, i) => `  line ${i}`).join('\n');
    const scan = prescanHcl(`a = <<-EOT\n${body}\n  EOT\nb = 2\n`);
    if (!scan.ok) throw new Error(scan.message);
    const lines = scan.text.split('\n');
    expect(lines[0]).toMatch(/^a = "runbook-iam-heredoc-0-\d+"$/);
    expect(lines.indexOf('b = 2')).toBe(LONG_HEREDOC_LINES + 3);
    expect([...scan.heredocs.values()][0]?.value.startsWith('line 0\nline 1\n')).toBe(true);
  });
});

describe('HclParser: long heredocs give what the parser itself gives', () => {
  const parser = new HclParser();
  afterAll(() => parser.close());

  it.each([
    ['<<', ''],
    ['<<-', '    '],
  ])('a long %s heredoc, as a value and inside an expression', async (opener, indent) => {
    const body = Array.from({ length: LONG_HEREDOC_LINES + 10 }, (_, i) => `${indent}- name: Step${i}`).join('\n');
    const text = `resource "x" "y" {\n  content = ${opener}EOT\n${body}\n${indent}EOT\n  other = jsonencode(${opener}EOT\n${body}\n${indent}EOT\n  )\n}\n`;
    const direct = await parse('main.tf', text);
    const viaPrescan = await parser.parse('main.tf', text);
    expect(viaPrescan).toEqual(direct);
  });
});
