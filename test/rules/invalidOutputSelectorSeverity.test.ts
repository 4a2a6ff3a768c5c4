import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../../src/engine/config.js';
import { lintFiles } from '../../src/engine/lintFiles.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'invalid-output-selector', 'invalid', 'selectors.yaml');

async function severities(setting?: 'error' | 'warning') {
  const config = defaultConfig(process.cwd());
  if (setting) config.rules['invalid-output-selector'] = setting;
  const run = await lintFiles({
    paths: [FIXTURE],
    cwd: process.cwd(),
    config,
    rules: rules.filter((rule) => rule.meta.id === 'invalid-output-selector'),
  });
  return run.findings.map((finding) => `${finding.range.startLine} ${finding.severity}`);
}

describe('invalid-output-selector severities', () => {
  it('an impossible path that a step uses, and an impossible PropertySelector, are errors; the rest warnings', async () => {
    expect(await severities()).toEqual([
      '14 error',
      '17 warning',
      '20 warning',
      '24 warning',
      '26 warning',
      '43 error',
      '53 warning',
    ]);
  });

  it('a severity set in the configuration applies to every finding of the rule', async () => {
    expect(new Set(await severities('warning'))).toEqual(
      new Set(['14 warning', '17 warning', '20 warning', '24 warning', '26 warning', '43 warning', '53 warning']),
    );
  });
});
