import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../../src/engine/config.js';
import { lintFiles } from '../../src/engine/lintFiles.js';
import { loadRoleFile } from '../../src/policy/loadRoleFile.js';

/**
 * ESLint-RuleTester-style fixtures: test/fixtures/<rule-id>/valid/* must give no finding of the rule;
 * each test/fixtures/<rule-id>/invalid/<name>.<ext> gives exactly the findings listed in <name>.expected.json.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

interface Expected {
  line: number;
  column: number;
  message: string;
}

/**
 * The role a fixture runs as (rules that compare a runbook with its role): test/fixtures/<rule-id>/roles/<name>.json
 * for the fixture <name>.<ext>, else roles/default.json; none when neither exists.
 */
function fixtureRole(ruleId: string, file: string) {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/, '');
  for (const candidate of [
    join(FIXTURES, ruleId, 'roles', `${base}.json`),
    join(FIXTURES, ruleId, 'roles', 'default.json'),
  ]) {
    if (existsSync(candidate))
      return loadRoleFile(candidate, relative(join(FIXTURES, ruleId), candidate).split('\\').join('/'));
  }
  return undefined;
}

async function findingsOf(ruleId: string, file: string) {
  const rule = rules.filter((candidate) => candidate.meta.id === ruleId);
  const role = fixtureRole(ruleId, file);
  const run = await lintFiles({
    paths: [file],
    cwd: process.cwd(),
    config: defaultConfig(process.cwd()),
    rules: rule,
    ...(role ? { role } : {}),
  });
  return run.findings.filter((finding) => finding.ruleId === ruleId);
}

const runbookFiles = (directory: string): string[] =>
  existsSync(directory)
    ? readdirSync(directory)
        .filter((name) => /\.(ya?ml|json)$/.test(name) && !name.includes('.expected.'))
        .sort()
    : [];

for (const rule of rules) {
  const id = rule.meta.id;
  describe(id, () => {
    for (const name of runbookFiles(join(FIXTURES, id, 'valid'))) {
      it(`valid/${name} has no ${id} finding`, async () => {
        expect(await findingsOf(id, join(FIXTURES, id, 'valid', name))).toEqual([]);
      });
    }
    for (const name of runbookFiles(join(FIXTURES, id, 'invalid'))) {
      it(`invalid/${name} gives the expected findings`, async () => {
        const expectedFile = join(FIXTURES, id, 'invalid', name.replace(/\.(ya?ml|json)$/, '.expected.json'));
        const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected[];
        const actual = (await findingsOf(id, join(FIXTURES, id, 'invalid', name))).map((finding) => ({
          line: finding.range.startLine,
          column: finding.range.startColumn,
          message: finding.message,
        }));
        expect(actual).toEqual(expected);
        expect(expected.length).toBeGreaterThan(0);
      });
    }
  });
}
