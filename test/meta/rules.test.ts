import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ids = rules.map((rule) => rule.meta.id);

describe('rule registry', () => {
  it('has unique ids in sorted order', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('registers every file in rules/ and every rule lives in the file named after its id', () => {
    const files = readdirSync(join(ROOT, 'rules'))
      .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
      .map((name) => name.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...ids].sort());
  });

  it.each(ids)('%s has kebab-case id, descriptions, docs links and tags', (id) => {
    const meta = rules.find((rule) => rule.meta.id === id)!.meta;
    expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    expect(meta.shortDescription.length).toBeGreaterThan(10);
    expect(meta.fullDescription.length).toBeGreaterThan(meta.shortDescription.length);
    expect(meta.tags.length).toBeGreaterThan(0);
    expect(meta.awsDocs.length).toBeGreaterThan(0);
    for (const url of meta.awsDocs) expect(url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it.each(ids)('%s has a doc page with what, why, a bad and a fixed example', (id) => {
    const path = join(ROOT, 'docs', 'rules', `${id}.md`);
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(`# ${id}\n`)).toBe(true);
    const meta = rules.find((rule) => rule.meta.id === id)!.meta;
    expect(text).toContain(`**Severity:** ${meta.defaultSeverity}`);
    for (const heading of ['## What it checks', '## Why', '## Bad', '## Fixed']) expect(text).toContain(heading);
  });

  it.each(ids)('%s has valid and invalid fixtures, each invalid one with its expected findings', (id) => {
    const base = join(ROOT, 'test', 'fixtures', id);
    const runbooks = (kind: string) =>
      existsSync(join(base, kind))
        ? readdirSync(join(base, kind)).filter((name) => /\.(ya?ml|json)$/.test(name) && !name.includes('.expected.'))
        : [];
    expect(runbooks('valid').length).toBeGreaterThan(0);
    expect(runbooks('invalid').length).toBeGreaterThan(0);
    for (const name of runbooks('invalid')) {
      expect(existsSync(join(base, 'invalid', name.replace(/\.(ya?ml|json)$/, '.expected.json')))).toBe(true);
    }
  });

  it('has no doc page for a rule that does not exist', () => {
    const pages = readdirSync(join(ROOT, 'docs', 'rules')).map((name) => name.replace(/\.md$/, ''));
    expect(pages.sort()).toEqual([...ids].sort());
  });
});

describe('README rule table', () => {
  it('lists every rule with its id, severity and short description, in registry order', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('<!-- rules-table:start -->');
    const end = readme.indexOf('<!-- rules-table:end -->');
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const rows = readme
      .slice(start, end)
      .split('\n')
      .filter((line) => line.startsWith('| [`'));
    const expected = rules.map(
      (rule) =>
        `| [\`${rule.meta.id}\`](docs/rules/${rule.meta.id}.md) | ${rule.meta.defaultSeverity} | ${rule.meta.shortDescription} |`,
    );
    expect(rows).toEqual(expected);
  });
});

describe('rules command', () => {
  it('prints every rule as JSON with its default severity', async () => {
    const io = fakeIo();
    expect(await main(['node', 'runbook-iam', 'rules', '--format', 'json'], io)).toBe(0);
    const listed = JSON.parse(io.out()) as { id: string; severity: string; description: string }[];
    expect(listed.map((rule) => rule.id)).toEqual(ids);
    for (const rule of rules) {
      expect(listed.find((entry) => entry.id === rule.meta.id)).toMatchObject({
        severity: rule.meta.defaultSeverity,
        description: rule.meta.shortDescription,
      });
    }
  });

  it('prints a table with one row per rule', async () => {
    const io = fakeIo();
    expect(await main(['node', 'runbook-iam', 'rules'], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+DESCRIPTION$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(ids);
  });
});
