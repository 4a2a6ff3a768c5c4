import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { main } from '../../src/cli/main.js';
import { ruleDocsUrl } from '../../src/engine/rule.js';
import { json } from '../../src/formatters/json.js';
import { sarif } from '../../src/formatters/sarif.js';
import { fakeIo } from '../helpers/fakeIo.js';

const root = join(import.meta.dirname, '..', '..');

async function cli(...args: string[]) {
  const io = fakeIo({ cwd: root });
  const code = await main(['node', 'runbook-iam', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('a rule page from the command line', () => {
  it('explain <rule-id> and rules <rule-id> print the page of every rule: what, why, bad, fixed, AWS docs', async () => {
    for (const { meta } of rules) {
      const page = readFileSync(join(root, 'docs', 'rules', `${meta.id}.md`), 'utf8');
      const explained = await cli('explain', meta.id);
      expect(explained.code, meta.id).toBe(0);
      expect(explained.stdout).toBe(`${page.trimEnd()}\n\nOnline: ${ruleDocsUrl(meta.id)}\n`);
      expect(explained.stdout).toMatch(
        /## What it checks[\s\S]*## Why[\s\S]*https:\/\/docs\.aws\.amazon\.com\/[\s\S]*## Bad[\s\S]*## Fixed/,
      );
      expect((await cli('rules', meta.id)).stdout).toBe(explained.stdout);
    }
  });

  it('says what is wrong with an unknown id, with the closest rule', async () => {
    const typo = await cli('explain', 'missing-permision');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'runbook-iam: "missing-permision" is not a boto3 client name or a rule id. Did you mean "missing-permission"?\n',
    );
    const unknown = await cli('rules', 'wildcard-actions');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'runbook-iam: "wildcard-actions" is not a rule id. Did you mean "wildcard-action"? Run `runbook-iam rules` to list them.\n',
    );
    // A boto3 client still explains its operations.
    expect((await cli('explain', 'ec2', 'DescribeInstances')).stdout).toContain('ec2:DescribeInstances');
  });

  it('SARIF helpUri and the JSON docsUrl link the same page as explain', () => {
    const meta = rules.map((rule) => rule.meta);
    const context = { toolName: 'runbook-iam', toolVersion: '0.1.0', rules: meta, cwd: root, color: false };
    const [first] = meta;
    const report = {
      files: [{ path: join(root, 'a.yaml'), status: 'analyzed' as const }],
      findings: [
        {
          ruleId: first!.id,
          severity: first!.defaultSeverity,
          message: 'm',
          range: { file: join(root, 'a.yaml'), startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
        },
        {
          ruleId: 'not-registered',
          severity: 'error' as const,
          message: 'm',
          range: { file: join(root, 'a.yaml'), startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
        },
      ],
      runNotes: [],
    };
    const descriptors = (
      JSON.parse(sarif(report, context)) as {
        runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[];
      }
    ).runs[0]!.tool.driver.rules;
    for (const { id } of meta) expect(descriptors.find((rule) => rule.id === id)?.helpUri).toBe(ruleDocsUrl(id));
    const results = (JSON.parse(json(report, context)) as { results: { docsUrl?: string }[] }).results;
    expect(results[0]?.docsUrl).toBe(ruleDocsUrl(first!.id));
    expect(results[1]).not.toHaveProperty('docsUrl');
  });
});
