// Every rule page is checked like ESLint's check-rule-examples: its head is generated from the rule's meta
// (scripts/ruleDocHead.ts, `npm run docs:rules`), its "Bad" example, linted with that rule alone, gives at least one
// finding of the rule, and its "Fixed" example gives none. An example is a whole runbook in a ```yaml block; a rule
// that compares the runbook with its role (meta.requiresRole) also has the role, as `--role` takes it, in a ```json block.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ruleDocBody, ruleDocHead } from '../../scripts/ruleDocHead.js';
import type { Rule } from '../../src/analysis/ruleKit.js';
import { defaultConfig } from '../../src/engine/config.js';
import { lintFiles } from '../../src/engine/lintFiles.js';
import { loadRoleFile } from '../../src/policy/loadRoleFile.js';
import { tempDir } from '../helpers/tempDir.js';

const ROOT = join(import.meta.dirname, '..', '..');
const directory = tempDir('runbook-iam-rule-docs-');
afterAll(() => directory.remove());

const pageOf = (rule: Rule) => readFileSync(join(ROOT, 'docs', 'rules', `${rule.meta.id}.md`), 'utf8');

/** The text of the level-2 section `heading` of a page, without its heading line. */
function section(page: string, heading: string): string {
  const start = page.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const rest = page.slice(start + heading.length + 5);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The contents of the fenced blocks of `language` in `text`. */
function blocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!);
}

interface Example {
  runbook: string;
  role?: string;
}

function exampleOf(rule: Rule, heading: 'Bad' | 'Fixed'): Example {
  const text = section(pageOf(rule), heading);
  const runbooks = blocks(text, 'yaml');
  const roles = blocks(text, 'json');
  expect(runbooks, `one yaml block under "## ${heading}"`).toHaveLength(1);
  expect(roles, `a json role block under "## ${heading}" when the rule needs the role, none otherwise`).toHaveLength(
    rule.meta.requiresRole ? 1 : 0,
  );
  // A whole runbook, not a fragment of one, so that it can be linted as written (the Bad example of parse-error excepted).
  if (!(rule.meta.id === 'parse-error' && heading === 'Bad')) {
    expect(runbooks[0], `the ${heading} example is a whole runbook`).toMatch(
      /^schemaVersion: '0\.3'\n[\s\S]*^mainSteps:\n/m,
    );
  }
  return { runbook: runbooks[0]!, ...(roles[0] !== undefined ? { role: roles[0] } : {}) };
}

/** Lints `example` with `rule` alone, through the engine as `lint --role` does; the findings of that rule. */
async function findingsOf(rule: Rule, heading: string, example: Example) {
  const name = `${rule.meta.id}-${heading}`;
  const runbook = directory.write(`${name}/runbook.yaml`, example.runbook);
  const role =
    example.role === undefined ? undefined : loadRoleFile(directory.write(`${name}/role.json`, example.role));
  const run = await lintFiles({
    paths: [runbook],
    cwd: join(directory.path, name),
    config: defaultConfig(join(directory.path, name)),
    rules: [rule],
    ...(role ? { role } : {}),
  });
  return run.findings.filter((finding) => finding.ruleId === rule.meta.id);
}

describe.each(rules.map((rule) => [rule.meta.id, rule] as const))('docs/rules/%s.md', (_id, rule) => {
  it('starts with the head generated from the rule meta (npm run docs:rules)', () => {
    const page = pageOf(rule);
    expect(page.slice(0, page.length - ruleDocBody(page).length)).toBe(`${ruleDocHead(rule.meta)}\n`);
  });

  it('has a Bad example that gives a finding of the rule', async () => {
    const findings = await findingsOf(rule, 'bad', exampleOf(rule, 'Bad'));
    expect(findings.length, 'findings of the Bad example').toBeGreaterThan(0);
  });

  it('has a Fixed example that gives no finding of the rule', async () => {
    const findings = await findingsOf(rule, 'fixed', exampleOf(rule, 'Fixed'));
    expect(findings.map((finding) => finding.message)).toEqual([]);
  });
});
